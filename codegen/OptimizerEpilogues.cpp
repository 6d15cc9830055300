// OptimizerEpilogues.cpp — lepton-optimizer-epilogues: a weight's optimizer update applied by its gradient's matmul kernel.
//
// The fused update of a train step (one generic over the flat gradient vector and the parameter and state
// blocks: lepton-fuse) reads each weight gradient back from memory long after the kernel that computed it
// stored it. The first layer's weight gradient dW = xᵀ·dy is the last product of the backward pass, and
// nothing after it reads that weight: its part of the update can run in the kernel instead, on each tile
// while it is in registers. The gradient then never goes to memory and back, and the update's square
// roots and divisions overlap the next tile's multiply-adds (Fashion MLP: 98.6 % of the parameters).
#include "codegen/BufferRanges.h"
#include "codegen/ContractionEpilogue.h"
#include "codegen/HoistAbove.h"
#include "codegen/Passes.h"
#include "ir/Attributes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"


namespace lepton {
#define GEN_PASS_DEF_LEPTONOPTIMIZEREPILOGUES
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// What may share memory with the model's state blocks (private globals): views of the same global, and the
/// arguments of functions when some call in the module passes a view of it (`escaping`: those globals).
/// The C API never hands out a global's address, so an argument elsewhere is the caller's own buffer.
struct StateAliasing {
  llvm::DenseSet<StringAttr> escaping;

  explicit StateAliasing(ModuleOp module) {
    module.walk([&](CallOpInterface call) {
      for (Value operand : call.getArgOperands())
        if (isa<MemRefType>(operand.getType()))
          if (auto global = lepton::baseOf(operand).getDefiningOp<memref::GetGlobalOp>())
            escaping.insert(global.getNameAttr().getAttr());
    });
  }

  /// Whether memory based at `base` (lepton::baseOf) may overlap the global block based at `block`.
  bool mayOverlap(Value base, Value block) const {
    if (lepton::distinctBases(base, block))
      return false;
    auto global = block.getDefiningOp<memref::GetGlobalOp>();
    auto symbol = global ? SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(global, global.getNameAttr())
                         : memref::GlobalOp();
    bool argument = isa<BlockArgument>(base) && isa<FunctionOpInterface>(base.getParentBlock()->getParentOp());
    return !(argument && symbol && symbol.isPrivate() && !escaping.contains(global.getNameAttr().getAttr()));
  }
};

/// A flat update: an all-parallel 1-D generic over one freshly allocated input (the gradients) whose
/// outputs, as long as it, are views of globals (the parameter block and its state blocks), with an
/// elementwise body of arith/math ops (it reads its outputs) and no index.
bool isFlatUpdate(linalg::GenericOp g) {
  if (!g.hasPureBufferSemantics() || g.getNumLoops() != 1 || g.getNumParallelLoops() != 1 ||
      g.getNumDpsInputs() != 1 || g.getNumDpsInits() < 1 ||
      !llvm::all_of(g.getIndexingMapsArray(), [](AffineMap m) { return m.isIdentity(); }))
    return false;
  Value grads = g.getDpsInputs().front();
  auto type = dyn_cast<MemRefType>(grads.getType());
  if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() || !type.getElementType().isF32() ||
      !grads.getDefiningOp<memref::AllocOp>())
    return false;
  for (Value out : g.getDpsInits())
    if (out.getType() != grads.getType() || !lepton::baseOf(out).getDefiningOp<memref::GetGlobalOp>())
      return false;
  for (Operation &op : g.getRegion().front().without_terminator())
    if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op) || op.getNumResults() != 1 ||
        !(isa<arith::ConstantOp>(op) || op.hasTrait<OpTrait::Vectorizable>()) ||
        !op.getResult(0).getType().isIntOrFloat())
      return false;
  return true;
}

/// The elements [first, first + rows·cols) of the gradient vector that `matmul`'s C is, row-major and
/// contiguous; nullopt when C is anything else.
std::optional<int64_t> gradientOffset(linalg::LinalgOp matmul, Value grads) {
  if (!matmul.hasPureBufferSemantics() || matmul.getNumDpsInits() != 1 || matmul.getNumDpsInputs() != 2 ||
      matmul.getNumLoops() != 3 || !linalg::isaContractionOpInterface(matmul))
    return std::nullopt;
  Value c = matmul.getDpsInits().front();
  auto type = cast<MemRefType>(c.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (type.getRank() != 2 || !type.hasStaticShape() || !type.getElementType().isF32() ||
      failed(type.getStridesAndOffset(strides, offset)) || ShapedType::isDynamic(offset) ||
      strides[0] != type.getDimSize(1) || strides[1] != 1 || lepton::rootOf(c) != grads)
    return std::nullopt;
  return offset;
}

/// Whether `op` (with what it nests) may run before the update's part [first, end) instead of after it: it
/// touches neither those gradients nor any memory of the blocks the update writes. A call, or an op with
/// effects but no memref operand (a store through a pointer), may touch anything.
bool independentOfPart(Operation *op, Value grads, int64_t first, int64_t end, ArrayRef<Value> blocks,
                       const StateAliasing &aliasing) {
  if (isMemoryEffectFree(op) && op->getNumRegions() == 0)
    return true;
  WalkResult r = op->walk([&](Operation *nested) {
    bool viaMemrefs = llvm::any_of(nested->getOperandTypes(), [](Type t) { return isa<MemRefType>(t); });
    if (!isMemoryEffectFree(nested) && !isa<memref::AllocOp, memref::AllocaOp>(nested) &&
        (isa<CallOpInterface>(nested) || !viaMemrefs))
      return WalkResult::interrupt();
    for (Value operand : nested->getOperands()) {
      if (!isa<MemRefType>(operand.getType()))
        continue;
      Value base = lepton::baseOf(operand);
      if (base != grads && llvm::any_of(blocks, [&](Value block) { return aliasing.mayOverlap(base, block); }))
        return WalkResult::interrupt();
      if (base == grads) {
        auto range = lepton::rootOf(operand) == grads ? lepton::enclosingStaticRange(operand) : std::nullopt;
        if (!range || !(range->second <= first || end <= range->first))
          return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return !r.wasInterrupted();
}

/// A slice [first, first + size) of a flat buffer, and (rows > 0) viewed as rows × size/rows.
Value part(OpBuilder &b, Location loc, Value flat, int64_t first, int64_t size, int64_t rows = 0) {
  Value slice = memref::SubViewOp::create(b, loc, flat, ArrayRef<int64_t>{first}, ArrayRef<int64_t>{size},
                                          ArrayRef<int64_t>{1});
  if (rows == 0)
    return slice;
  SmallVector<ReassociationIndices> both{{0, 1}};
  return memref::ExpandShapeOp::create(b, loc, ArrayRef<int64_t>{rows, size / rows}, slice, both);
}

/// A copy of `update` on `inputs` and `outputs` (rank 1 or 2, identity maps, the same body).
linalg::GenericOp cloneUpdate(OpBuilder &b, linalg::GenericOp update, ValueRange inputs, ValueRange outputs) {
  int64_t rank = cast<MemRefType>(inputs.front().getType()).getRank();
  SmallVector<AffineMap> maps(inputs.size() + outputs.size(),
                              AffineMap::getMultiDimIdentityMap(rank, b.getContext()));
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto copy = linalg::GenericOp::create(b, update.getLoc(), TypeRange{}, inputs, outputs, maps, iterators);
  IRMapping mapping;
  update.getRegion().cloneInto(&copy.getRegion(), mapping);
  return copy;
}

/// Moves what `op` uses from outside it (effect-free ops of its block computing scalars and views) above
/// `point`; false when something cannot move.
bool hoistOperands(Operation *op, Operation *point) {
  DominanceInfo dominance(point->getParentOfType<FunctionOpInterface>());
  SmallVector<Value> used;
  op->walk([&](Operation *nested) {
    for (Value operand : nested->getOperands())
      if (!op->isAncestor(operand.getParentRegion()->getParentOp()))
        used.push_back(operand);
  });
  return llvm::all_of(used, [&](Value v) { return lepton::hoistAbove(v, point, dominance); });
}

/// Splits `update` at the weight gradient it can take from a kernel: the last contraction before it that
/// writes a row-major part of its gradient vector, reads none of the blocks it writes, and after which
/// nothing reads or writes that part of the gradients or of the blocks until the update. That part becomes a
/// 2-D update right after the contraction, marked as its epilogue; the rest stays where the update was.
void splitOff(linalg::GenericOp update, const StateAliasing &aliasing) {
  Value grads = update.getDpsInputs().front();
  int64_t total = cast<MemRefType>(grads.getType()).getNumElements();
  SmallVector<Value> blocks;
  for (Value out : update.getDpsInits())
    blocks.push_back(lepton::baseOf(out));
  linalg::LinalgOp matmul;
  int64_t first = 0, size = 0;
  for (Operation *op = update->getPrevNode(); op && !matmul; op = op->getPrevNode()) {
    auto candidate = dyn_cast<linalg::LinalgOp>(op);
    std::optional<int64_t> offset = candidate ? gradientOffset(candidate, grads) : std::nullopt;
    if (!offset)
      continue;
    auto c = cast<MemRefType>(candidate.getDpsInits().front().getType());
    bool readsBlocks = llvm::any_of(candidate.getDpsInputs(), [&](Value in) {
      return llvm::any_of(blocks, [&](Value block) { return aliasing.mayOverlap(lepton::baseOf(in), block); });
    });
    if (readsBlocks || *offset + c.getNumElements() > total)
      return;
    matmul = candidate;
    first = *offset;
    size = c.getNumElements();
  }
  if (!matmul)
    return;
  for (Operation *op = matmul->getNextNode(); op != update.getOperation(); op = op->getNextNode())
    if (!independentOfPart(op, grads, first, first + size, blocks, aliasing))
      return;
  if (!hoistOperands(update, matmul))
    return;

  // The part: C's rows of every output (views made before the contraction), right after it.
  OpBuilder b(matmul);
  Location loc = update.getLoc();
  Value c = matmul.getDpsInits().front();
  int64_t rows = cast<MemRefType>(c.getType()).getDimSize(0);
  SmallVector<Value> outputs;
  for (Value out : update.getDpsInits())
    outputs.push_back(part(b, loc, out, first, size, rows));
  b.setInsertionPointAfter(matmul);
  linalg::GenericOp epilogue = cloneUpdate(b, update, ValueRange{c}, outputs);
  epilogue->setAttr(lepton::kEpilogueAttr, b.getUnitAttr());

  // The rest: the elements before the part and after it, where the update was.
  b.setInsertionPoint(update);
  for (auto [from, to] : {std::pair<int64_t, int64_t>{0, first}, {first + size, total}}) {
    if (from == to)
      continue;
    SmallVector<Value> rest;
    for (Value out : update.getDpsInits())
      rest.push_back(part(b, loc, out, from, to - from));
    cloneUpdate(b, update, ValueRange{part(b, loc, grads, from, to - from)}, rest);
  }
  update.erase();
}

struct LeptonOptimizerEpiloguesPass : lepton::impl::LeptonOptimizerEpiloguesBase<LeptonOptimizerEpiloguesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto mode = module->getAttrOfType<StringAttr>(lepton::kFuseAttr);
    if ((mode && mode.getValue() == "off") || module->hasAttr(lepton::kSkipOptimizerEpilogueAttr))
      return;
    StateAliasing aliasing(module);
    SmallVector<linalg::GenericOp> updates;
    module.walk([&](linalg::GenericOp g) {
      if (isFlatUpdate(g))
        updates.push_back(g);
    });
    for (linalg::GenericOp update : updates)
      splitOff(update, aliasing);
  }
};

} // namespace
