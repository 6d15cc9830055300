// ColumnSums.cpp — finds a weight gradient's bias gradient (B's column sums) and moves it next to the contraction.
#include "codegen/ColumnSums.h"
#include "codegen/BufferRanges.h"
#include "codegen/ContractionEpilogue.h"
#include "codegen/HoistAbove.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

using namespace mlir;
using lepton::disjoint;

namespace {

/// db[j] = db[j] + B[k, j] over (k, j) with k the reduction: the lowering of lepton.reduce_batch.
bool isColumnSum(linalg::GenericOp g, Value b) {
  if (!g.hasPureBufferSemantics() || g.getNumDpsInputs() != 1 || g.getNumDpsInits() != 1 ||
      g.getDpsInputs()[0] != b)
    return false;
  auto out = dyn_cast<MemRefType>(g.getDpsInits()[0].getType());
  if (!out || out.getRank() != 1 || !out.getElementType().isF32())
    return false;
  SmallVector<utils::IteratorType> iterators = g.getIteratorTypesArray();
  if (iterators.size() != 2 || iterators[0] != utils::IteratorType::reduction ||
      iterators[1] != utils::IteratorType::parallel)
    return false;
  MLIRContext *ctx = g.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(2, ctx);
  AffineMap column = AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  if (maps[0] != identity || maps[1] != column)
    return false;
  Block &body = g.getRegion().front();
  if (body.getOperations().size() != 2)
    return false;
  auto add = dyn_cast<arith::AddFOp>(body.front());
  auto yield = dyn_cast<linalg::YieldOp>(body.back());
  if (!add || !yield || yield.getNumOperands() != 1 || yield.getOperand(0) != add.getResult())
    return false;
  Value in = body.getArgument(0), acc = body.getArgument(1);
  return (add.getLhs() == acc && add.getRhs() == in) || (add.getLhs() == in && add.getRhs() == acc);
}

} // namespace

/// The epilogue marked right after `matmul` when the sums may pass it: it writes nothing of B (an optimizer
/// update writes the weight and its state; whether it writes db is checked once db is known). Else null.
static linalg::GenericOp passableEpilogue(linalg::LinalgOp matmul, Value b) {
  linalg::GenericOp epilogue = lepton::epilogueOf(matmul).op;
  if (!epilogue || !llvm::all_of(epilogue.getDpsInits(), [&](Value o) { return disjoint(o, b); }))
    return {};
  return epilogue;
}

/// The column sums of `b` after `anchor` in its block (effect-free ops, allocations and db's fill between),
/// moved right after `matmul` (db's allocation, when between, above it); with `split`, copies end its then
/// branch.
static lepton::ColumnSums takeAfter(linalg::LinalgOp matmul, Value b, Operation *anchor, scf::IfOp split) {
  linalg::FillOp fill;
  linalg::GenericOp epilogue = passableEpilogue(matmul, b);
  for (Operation *next = anchor->getNextNode(); next; next = next->getNextNode()) {
    auto sums = dyn_cast<linalg::GenericOp>(next);
    if (sums && isColumnSum(sums, b)) {
      Value out = sums.getDpsInits()[0];
      Value c = matmul.getDpsInits()[0];
      if ((fill && fill.getOutputs().front() != out) || !disjoint(out, c) || !disjoint(out, b))
        return {};
      if (epilogue && !llvm::all_of(epilogue.getDpsInits(), [&](Value o) { return disjoint(o, out); }))
        return {};
      // db (often a subview taken after the contraction) and the fill's value must exist at the
      // contraction: effect-free ops that compute them move up (harmless even when we give up).
      DominanceInfo dominance(matmul->getParentOfType<FunctionOpInterface>());
      auto hoist = [&](Value v) { return lepton::hoistAbove(v, anchor, dominance, /*allocations=*/true); };
      if (!hoist(out) || (fill && !hoist(fill.getInputs().front())))
        return {};
      if (split) {
        // The parallel branch keeps the separate pass: a copy of the fill and the sums after its chunks.
        OpBuilder builder(split.thenBlock()->getTerminator());
        if (fill)
          builder.clone(*fill);
        builder.clone(*sums);
      }
      if (fill)
        fill->moveAfter(matmul);
      sums->moveAfter(fill ? fill.getOperation() : matmul.getOperation());
      return {sums, out, fill};
    }
    auto f = dyn_cast<linalg::FillOp>(next);
    if (f && f.hasPureBufferSemantics() && !fill) {
      fill = f;
      continue;
    }
    // A fresh buffer (db itself, with fuse: off) writes nothing anyone reads.
    if (!isMemoryEffectFree(next) && !isa<memref::AllocOp>(next) && next != epilogue.getOperation())
      return {};
  }
  return {};
}

lepton::ColumnSums lepton::takeColumnSumsOf(linalg::LinalgOp matmul, Value b) {
  if (ColumnSums sums = takeAfter(matmul, b, matmul, {}))
    return sums;
  // lepton-parallelize's serial form: the contraction alone (but for effect-free ops) in the else
  // branch of the thread-count if, the sums after the if; both branches then end with the sums.
  auto split = dyn_cast<scf::IfOp>(matmul->getParentOp());
  if (!split || split.elseBlock() != matmul->getBlock())
    return {};
  linalg::GenericOp epilogue = passableEpilogue(matmul, b);
  for (Operation *next = matmul->getNextNode(); !next->hasTrait<OpTrait::IsTerminator>();
       next = next->getNextNode())
    if (!isMemoryEffectFree(next) && next != epilogue.getOperation())
      return {};
  return takeAfter(matmul, b, split, split);
}
