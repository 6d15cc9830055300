// ZeroFill.h — finds the zero fill a contraction accumulates into (C = 0; C += A·B).
#ifndef LEPTON_CODEGEN_ZEROFILL_H
#define LEPTON_CODEGEN_ZEROFILL_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace lepton {

/// The `linalg.fill` of +0.0 into exactly `op`'s init C, earlier in the same block, when nothing
/// between the two uses C or a view of it (views are users of C too) — as every dense layer and
/// weight gradient starts. lepton-matmul-to-vector then folds it (the kernel writes C without the
/// fill's pass over memory and without reading C in its first k block); lepton-parallelize moves
/// it with the contraction into each chunk. Null otherwise.
inline mlir::linalg::FillOp zeroFillOf(mlir::linalg::LinalgOp op) {
  using namespace mlir;
  if (op.getNumDpsInits() != 1)
    return {};
  Value c = op.getDpsInits().front();
  linalg::FillOp fill;
  for (Operation *prev = op->getPrevNode(); prev && !fill; prev = prev->getPrevNode())
    if (auto candidate = dyn_cast<linalg::FillOp>(prev);
        candidate && candidate.hasPureBufferSemantics() && candidate.getOutputs().front() == c)
      fill = candidate;
  if (!fill)
    return {};
  auto zero = fill.getInputs().front().getDefiningOp<arith::ConstantOp>();
  auto value = zero ? dyn_cast<FloatAttr>(zero.getValue()) : FloatAttr();
  if (!value || !value.getValue().isPosZero())
    return {};
  Block *block = op->getBlock();
  for (Operation *user : c.getUsers()) {
    Operation *inBlock = block->findAncestorOpInBlock(*user);
    if (inBlock && inBlock != fill && inBlock != op && fill->isBeforeInBlock(inBlock) &&
        inBlock->isBeforeInBlock(op))
      return {};
  }
  return fill;
}

} // namespace lepton

#endif // LEPTON_CODEGEN_ZEROFILL_H
