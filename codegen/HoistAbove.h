// HoistAbove.h — moves the effect-free ops that compute a value above a point of the same block, so a rewrite can use it there.
#ifndef LEPTON_CODEGEN_HOISTABOVE_H
#define LEPTON_CODEGEN_HOISTABOVE_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace lepton {

/// Makes `v` available at `point`: when it does not dominate it, its defining op (region-free, in `point`'s
/// block, without memory effects — or, with `allocations`, a memref.alloc) moves right above `point`, its
/// operands first. False when some op on the way cannot move (those moved before stay moved: harmless, they
/// only compute values).
inline bool hoistAbove(mlir::Value v, mlir::Operation *point, mlir::DominanceInfo &dominance,
                       bool allocations = false) {
  if (dominance.properlyDominates(v, point))
    return true;
  mlir::Operation *def = v.getDefiningOp();
  if (!def || def->getBlock() != point->getBlock() || def->getNumRegions() != 0 ||
      !(mlir::isMemoryEffectFree(def) || (allocations && mlir::isa<mlir::memref::AllocOp>(def))))
    return false;
  for (mlir::Value operand : def->getOperands())
    if (!hoistAbove(operand, point, dominance, allocations))
      return false;
  def->moveBefore(point);
  return true;
}

} // namespace lepton

#endif // LEPTON_CODEGEN_HOISTABOVE_H
