// ContractionEpilogue.cpp — lepton-contraction-epilogues: decides which elementwise op a matmul kernel applies in registers.
//
// Decided once, on the serial IR right after bufferization, where "nothing reads C afterwards" is a
// walk along one block; lepton-parallelize then moves the marked op with its contraction, and
// lepton-matmul-to-vector only looks for the mark.
#include "codegen/ContractionEpilogue.h"
#include "codegen/Passes.h"
#include "ir/Attributes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONCONTRACTIONEPILOGUES
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// The buffer a view was taken from (subviews, casts and reshapes stripped).
Value rootBuffer(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    auto view = dyn_cast<ViewLikeOpInterface>(def);
    if (!view)
      break;
    v = view.getViewSource();
  }
  return v;
}

bool isAllocation(Operation *op) { return isa<memref::AllocOp, memref::AllocaOp>(op); }

/// What may stand between a contraction and its epilogue and move above the contraction: allocations
/// and effect-free ops (the index arithmetic and subview of a batch slice's output rows).
bool movable(Operation *op) { return isAllocation(op) || (isMemoryEffectFree(op) && op->getNumRegions() == 0); }

/// Whether the first op of `body` before `until` that touches `c`'s buffer writes all of it without
/// reading it (a loop's next iteration starts C anew).
bool overwrittenFirst(Block &body, Operation *until, Value c);

/// Every op of the body runs on vectors as it is: elementwise arith/math ops (and constants) on
/// scalars, reading the C element and values from outside; never the output element.
bool vectorizableBody(linalg::GenericOp generic) {
  Block &body = generic.getRegion().front();
  if (!body.getArgument(1).use_empty())
    return false;
  for (Operation &op : body.without_terminator()) {
    if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op) || op.getNumResults() != 1)
      return false;
    if (!isa<arith::ConstantOp>(op) && !op.hasTrait<OpTrait::Vectorizable>())
      return false;
    if (!op.getResult(0).getType().isIntOrFloat() ||
        !llvm::all_of(op.getOperandTypes(), [](Type t) { return t.isIntOrFloat(); }))
      return false;
  }
  return true;
}

/// Whether `op` (or an op nested in it) has an operand that is `root` or a view of it.
bool touches(Operation *op, Value root) {
  WalkResult r = op->walk([&](Operation *nested) {
    for (Value operand : nested->getOperands())
      if (isa<MemRefType>(operand.getType()) && rootBuffer(operand) == root)
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return r.wasInterrupted();
}

/// Nothing reads the buffer `c` after `from`: the next op of the block that touches it frees it or
/// writes all of it without reading it (a zero fill or a broadcast, the init of a later product),
/// or none does and the block is a function's body.
bool deadAfter(Value c, Operation *from) {
  Value root = rootBuffer(c);
  if (root != c || !root.getDefiningOp() || !isAllocation(root.getDefiningOp()))
    return false; // a view, or a caller's buffer: someone else may read it
  for (Operation *op = from->getNextNode(); op; op = op->getNextNode()) {
    if (!touches(op, root))
      continue;
    if (isa<memref::DeallocOp>(op))
      return true;
    if (auto fill = dyn_cast<linalg::FillOp>(op))
      return fill.hasPureBufferSemantics() && fill.getOutputs().front() == c;
    if (auto broadcast = dyn_cast<linalg::BroadcastOp>(op))
      return broadcast.hasPureBufferSemantics() && broadcast.getInit() == c && broadcast.getInput() != c;
    return false;
  }
  // The end of a function's body (a return of C would have touched it). A loop body repeats: C is dead
  // when the next iteration overwrites it before reading and nothing after the loop reads it (a scratch
  // buffer of lepton-slice-patches' loops, allocated before the loop).
  Operation *parent = from->getParentOp();
  if (isa<func::FuncOp>(parent))
    return true;
  auto loop = dyn_cast<scf::ForOp>(parent);
  if (!loop || !c.getParentRegion()->isProperAncestor(&loop.getRegion()))
    return false; // not a loop, or C is allocated in it (then freed in it, which the walk above saw)
  return overwrittenFirst(*loop.getBody(), from, c) && deadAfter(c, loop);
}

bool overwrittenFirst(Block &body, Operation *until, Value c) {
  Value root = rootBuffer(c);
  for (Operation &op : body) {
    if (&op == until)
      return false;
    if (!touches(&op, root))
      continue;
    if (auto fill = dyn_cast<linalg::FillOp>(&op))
      return fill.hasPureBufferSemantics() && fill.getOutputs().front() == c;
    if (auto broadcast = dyn_cast<linalg::BroadcastOp>(&op))
      return broadcast.hasPureBufferSemantics() && broadcast.getInit() == c && broadcast.getInput() != c;
    return false;
  }
  return false;
}

/// The epilogue candidate after `op` (only movable ops in between), when it qualifies.
linalg::GenericOp candidateAfter(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 || op.getNumDpsInputs() != 2 ||
      op.getNumLoops() != 3 || !linalg::isaContractionOpInterface(op))
    return {};
  Value c = op.getDpsInits().front();
  Operation *next = op->getNextNode();
  while (next && movable(next) && !isa<linalg::GenericOp>(next))
    next = next->getNextNode();
  auto generic = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!generic || !generic.hasPureBufferSemantics() || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 || generic.getDpsInputs().front() != c)
    return {};
  Value out = generic.getDpsInits().front();
  // The output may be a view with another layout (a batch slice's rows of the whole result) as long as
  // its rows are contiguous: the kernel stores rows of vectors.
  auto outType = cast<MemRefType>(out.getType()), cType = cast<MemRefType>(c.getType());
  if (outType.getShape() != cType.getShape() || outType.getElementType() != cType.getElementType() ||
      !outType.isLastDimUnitStride() || generic.getNumParallelLoops() != generic.getNumLoops() ||
      !llvm::all_of(generic.getIndexingMapsArray(), [](AffineMap m) { return m.isIdentity(); }) ||
      !vectorizableBody(generic))
    return {};
  // The kernel writes the output tile by tile while it still reads A and B.
  Value outRoot = rootBuffer(out);
  for (Value input : op.getDpsInputs())
    if (rootBuffer(input) == outRoot)
      return {};
  if (out != c && (rootBuffer(c) == outRoot || !deadAfter(c, generic)))
    return {};
  // The ops between the two move before the kernel, in order (a contraction on buffers has no results
  // they could need).
  return generic;
}

struct LeptonContractionEpiloguesPass
    : lepton::impl::LeptonContractionEpiloguesBase<LeptonContractionEpiloguesPass> {
  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (auto module = fn->getParentOfType<ModuleOp>())
      if (auto mode = module->getAttrOfType<StringAttr>(lepton::kFuseAttr); mode && mode.getValue() == "off")
        return;
    SmallVector<linalg::LinalgOp> contractions;
    fn.walk([&](linalg::LinalgOp op) {
      if (linalg::isaContractionOpInterface(op))
        contractions.push_back(op);
    });
    UnitAttr mark = UnitAttr::get(&getContext());
    for (linalg::LinalgOp op : contractions) {
      linalg::GenericOp generic = candidateAfter(op);
      if (!generic)
        continue;
      while (op->getNextNode() != generic.getOperation())
        op->getNextNode()->moveBefore(op);
      generic->setAttr(lepton::kEpilogueAttr, mark);
    }
  }
};

} // namespace
