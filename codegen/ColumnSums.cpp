// ColumnSums.cpp — finds a weight gradient's bias gradient (B's column sums) and moves it next to the contraction.
#include "codegen/ColumnSums.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <functional>
#include <optional>

using namespace mlir;

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

/// What a subview or reshape (whose type keeps the offset from its source's start) was made from; else null.
Value offsetKeepingSource(Operation *def) {
  if (auto subview = dyn_cast_or_null<memref::SubViewOp>(def))
    return subview.getSource();
  if (auto expand = dyn_cast_or_null<memref::ExpandShapeOp>(def))
    return expand.getSrc();
  if (auto collapse = dyn_cast_or_null<memref::CollapseShapeOp>(def))
    return collapse.getSrc();
  return {};
}

/// The buffer a view was cut from, through subviews and reshapes only (their types keep the
/// offset from that buffer's start); null when another view (memref.view, a cast) is on the way.
Value rootOf(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (Value source = offsetKeepingSource(def))
      v = source;
    else if (isa<ViewLikeOpInterface>(def))
      return {};
    else
      break;
  }
  return v;
}

/// The element range [first, end) a statically shaped view covers in its root buffer.
std::optional<std::pair<int64_t, int64_t>> staticRange(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) || ShapedType::isDynamic(offset))
    return std::nullopt;
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides)) {
    if (ShapedType::isDynamic(stride) || stride < 0)
      return std::nullopt;
    if (size == 0)
      return std::make_pair(offset, offset);
    last += (size - 1) * stride;
  }
  return std::make_pair(offset, last + 1);
}

/// The static range of `v` or, when its offset or shape is dynamic (a thread's columns), of the
/// nearest view it was cut from: a view's elements lie within its source's.
std::optional<std::pair<int64_t, int64_t>> enclosingStaticRange(Value v) {
  while (true) {
    if (auto range = staticRange(v))
      return range;
    v = offsetKeepingSource(v.getDefiningOp());
    if (!v)
      return std::nullopt;
  }
}

/// True when the two buffers cannot share an element: different allocations, or static ranges of
/// one buffer that do not meet (the flat gradient vector's slices, or views cut from them).
bool disjoint(Value x, Value y) {
  Value rx = rootOf(x), ry = rootOf(y);
  if (!rx || !ry)
    return false;
  auto isAllocation = [](Value r) {
    return r.getDefiningOp<memref::AllocOp>() || r.getDefiningOp<memref::AllocaOp>();
  };
  if (rx != ry)
    return isAllocation(rx) || isAllocation(ry);
  auto a = enclosingStaticRange(x), b = enclosingStaticRange(y);
  return a && b && (a->second <= b->first || b->second <= a->first);
}

} // namespace

/// The column sums of `b` after `anchor` in its block (effect-free ops, allocations and db's fill between),
/// moved right after `matmul` (db's allocation, when between, above it); with `split`, copies end its then
/// branch.
static lepton::ColumnSums takeAfter(linalg::LinalgOp matmul, Value b, Operation *anchor, scf::IfOp split) {
  linalg::FillOp fill;
  for (Operation *next = anchor->getNextNode(); next; next = next->getNextNode()) {
    auto sums = dyn_cast<linalg::GenericOp>(next);
    if (sums && isColumnSum(sums, b)) {
      Value out = sums.getDpsInits()[0];
      Value c = matmul.getDpsInits()[0];
      if ((fill && fill.getOutputs().front() != out) || !disjoint(out, c) || !disjoint(out, b))
        return {};
      // db (often a subview taken after the contraction) and the fill's value must exist at the
      // contraction: effect-free ops that compute them move up (harmless even when we give up).
      DominanceInfo dominance(matmul->getParentOfType<FunctionOpInterface>());
      std::function<bool(Value)> hoist = [&](Value v) {
        if (dominance.properlyDominates(v, anchor))
          return true;
        Operation *def = v.getDefiningOp();
        if (!def || def->getBlock() != anchor->getBlock() || def->getNumRegions() != 0 ||
            !(isMemoryEffectFree(def) || isa<memref::AllocOp>(def)) || !llvm::all_of(def->getOperands(), hoist))
          return false;
        def->moveBefore(anchor);
        return true;
      };
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
    if (!isMemoryEffectFree(next) && !isa<memref::AllocOp>(next))
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
  for (Operation *next = matmul->getNextNode(); !next->hasTrait<OpTrait::IsTerminator>();
       next = next->getNextNode())
    if (!isMemoryEffectFree(next))
      return {};
  return takeAfter(matmul, b, split, split);
}
