// ParallelizeSlices.cpp — lepton-parallelize for the batch-slice loops of lepton-slice-patches: independent
// slices as the iterations of an scf.parallel, summed slices as one scf.parallel over row chunks of dW.
#include "codegen/ParallelizeSlices.h"

#include "codegen/ThreadSplitting.h"
#include "ir/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

namespace lepton::threads {

namespace {

/// Whether every user of `alloc` is inside `a` or `b`, or frees it.
bool usedOnlyWithin(memref::AllocOp alloc, Operation *a, Operation *b) {
  return llvm::all_of(alloc->getUsers(), [&](Operation *user) {
    return isa<memref::DeallocOp>(user) || a->isAncestor(user) || b->isAncestor(user);
  });
}

/// The buffer a view was made from (through subviews and reshapes).
Value viewRoot(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  return v;
}

/// Whether `op` (with what it holds) writes nothing but scratch of `loop`: buffers allocated before it
/// and used only in it, which it adds to `scratch` — through linalg ops, memref.copy and memref.store
/// into them (or views of them), with only effect-free ops and loops besides.
bool writesOnlyScratch(Operation *op, scf::ForOp loop, llvm::SetVector<memref::AllocOp> &scratch) {
  SmallVector<memref::AllocOp> found;
  auto isScratch = [&](Value buffer) {
    auto alloc = viewRoot(buffer).getDefiningOp<memref::AllocOp>();
    if (!alloc || !alloc->getParentRegion()->isProperAncestor(&loop.getRegion()) ||
        !usedOnlyWithin(alloc, loop, loop))
      return false;
    found.push_back(alloc);
    return true;
  };
  WalkResult result = op->walk([&](Operation *nested) {
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(nested))
      return linalgOp.hasPureBufferSemantics() && llvm::all_of(linalgOp.getDpsInits(), isScratch)
                 ? WalkResult::skip()
                 : WalkResult::interrupt();
    if (auto copy = dyn_cast<memref::CopyOp>(nested))
      return isScratch(copy.getTarget()) ? WalkResult::advance() : WalkResult::interrupt();
    if (auto store = dyn_cast<memref::StoreOp>(nested))
      return isScratch(store.getMemRef()) ? WalkResult::advance() : WalkResult::interrupt();
    if (isa<scf::ForOp, scf::YieldOp>(nested) || isMemoryEffectFree(nested))
      return WalkResult::advance();
    auto effects = dyn_cast<MemoryEffectOpInterface>(nested);
    bool readsOnly = effects && !effects.hasEffect<MemoryEffects::Write>() &&
                     !effects.hasEffect<MemoryEffects::Allocate>() && !effects.hasEffect<MemoryEffects::Free>();
    return readsOnly ? WalkResult::advance() : WalkResult::interrupt();
  });
  if (result.wasInterrupted() || found.empty())
    return false;
  scratch.insert(found.begin(), found.end());
  return true;
}

/// In a chunk's copy of a summed-slices loop: the row copies that fill the chunk's patches
/// (`memref.copy` into a subview of `patches`, which the product reads as A = collapse_shape(patches)
/// with the chunk's rows along A's dimension `position`) run only when they write some of the columns
/// [first, first + count) — a thread cutting dW at row 144 of 288 copies two of the three window rows
/// of each patch instead of all three. Nothing but those copies and the product may use `patches`.
void copyOnlyChunkColumns(RewriterBase &rewriter, scf::ForOp loop, memref::AllocOp patches, Value a,
                          int64_t position, Value first, Value count) {
  auto collapse = a.getDefiningOp<memref::CollapseShapeOp>();
  MemRefType type = patches.getType();
  if (!collapse || collapse.getSrc() != patches.getResult() || !type.hasStaticShape() ||
      !type.getLayout().isIdentity() || !collapse->hasOneUse())
    return;
  // The columns of A are the dimensions of this group of `patches`, row-major: their column strides.
  ReassociationIndices group = collapse.getReassociationIndices()[position];
  SmallVector<memref::CopyOp> copies;
  for (Operation *user : patches->getUsers()) {
    if (user == collapse || isa<memref::DeallocOp>(user))
      continue;
    auto view = dyn_cast<memref::SubViewOp>(user);
    if (!view || !view->hasOneUse() || !view.hasUnitStride() ||
        llvm::any_of(group, [&](int64_t d) { return !getConstantIntValue(view.getMixedSizes()[d]); }))
      return;
    auto copy = dyn_cast<memref::CopyOp>(*view->getUsers().begin());
    if (!copy || copy.getTarget() != view.getResult() || !loop->isAncestor(copy))
      return;
    copies.push_back(copy);
  }
  for (memref::CopyOp copy : copies) {
    auto view = copy.getTarget().getDefiningOp<memref::SubViewOp>();
    rewriter.setInsertionPoint(copy);
    Location loc = copy.getLoc();
    auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(rewriter, loc, v).getResult(); };
    Value low = cst(0);
    int64_t span = 1, stride = 1;
    for (int64_t d : llvm::reverse(group)) {
      Value offset = getValueOrCreateConstantIndexOp(rewriter, loc, view.getMixedOffsets()[d]);
      low = arith::AddIOp::create(rewriter, loc, low, arith::MulIOp::create(rewriter, loc, offset, cst(stride)));
      span += (*getConstantIntValue(view.getMixedSizes()[d]) - 1) * stride;
      stride *= type.getDimSize(d);
    }
    Value high = arith::AddIOp::create(rewriter, loc, low, cst(span));
    Value end = arith::AddIOp::create(rewriter, loc, first, count);
    Value startsBeforeEnd = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ult, low, end);
    Value endsAfterFirst = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ugt, high, first);
    Value needed = arith::AndIOp::create(rewriter, loc, startsBeforeEnd, endsAfterFirst);
    auto onlyIfNeeded = scf::IfOp::create(rewriter, loc, TypeRange{}, needed, /*withElseRegion=*/false);
    rewriter.moveOpBefore(copy, onlyIfNeeded.thenBlock()->getTerminator());
  }
}

} // namespace

/// A loop of lepton-slice-patches whose slices are independent: with several threads its iterations
/// (whole slices: im2col, product and activation, or product and col2im) are the iterations of an
/// scf.parallel, each with scratch buffers of its own — the allocations before the loop (hoisted out
/// of it) that only the loop uses, allocated and freed per slice instead. With one thread, the loop as
/// it was in the else branch. The ops inside are not split further (lepton::kIndependentSlicesAttr).
void parallelizeSlices(RewriterBase &rewriter, scf::ForOp loop, func::FuncOp threadCount) {
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  guardWithSerialCopy(rewriter, loop, severalThreads(rewriter, loc, threadCount));
  auto copy = cast<scf::ForOp>(rewriter.clone(*loop));
  llvm::SetVector<memref::AllocOp> scratch;
  copy.getBody()->walk([&](Operation *op) {
    for (Value operand : op->getOperands())
      if (auto alloc = operand.getDefiningOp<memref::AllocOp>();
          alloc && !copy->isAncestor(alloc) && usedOnlyWithin(alloc, loop, copy))
        scratch.insert(alloc);
  });
  for (memref::AllocOp alloc : scratch) {
    rewriter.setInsertionPointToStart(copy.getBody());
    Operation *own = rewriter.clone(*alloc);
    rewriter.replaceUsesWithIf(alloc.getResult(), own->getResult(0),
                               [&](OpOperand &use) { return copy->isAncestor(use.getOwner()); });
    rewriter.setInsertionPoint(copy.getBody()->getTerminator());
    memref::DeallocOp::create(rewriter, loc, own->getResult(0));
  }
  makeParallel(rewriter, copy);
}

/// Whether `op` is inside a loop that parallelizeSlices runs in parallel as a whole.
bool insideIndependentSlices(Operation *op) {
  for (auto loop = op->getParentOfType<scf::ForOp>(); loop; loop = loop->getParentOfType<scf::ForOp>())
    if (loop->hasAttr(lepton::kIndependentSlicesAttr) && loop.getInitArgs().empty())
      return true;
  return false;
}

/// The parts of `loop`, or none when its body holds anything else.
std::optional<SummedSlices> summedSlicesOf(scf::ForOp loop) {
  if (!loop->hasAttr(lepton::kSummedSlicesAttr) || !loop.getInitArgs().empty())
    return std::nullopt;
  SummedSlices parts;
  auto madeBefore = [&](Value v) { return v.getParentRegion()->isProperAncestor(&loop.getRegion()); };
  for (Operation &op : loop.getBody()->without_terminator()) {
    if (isMemoryEffectFree(&op) && op.getNumRegions() == 0)
      continue;
    if (!parts.product && writesOnlyScratch(&op, loop, parts.scratch))
      continue; // the slice's patches (a gathering generic, or loops of row copies)
    auto linalgOp = dyn_cast<linalg::LinalgOp>(&op);
    if (!linalgOp || !linalgOp.hasPureBufferSemantics())
      return std::nullopt;
    if (linalg::isaContractionOpInterface(linalgOp)) {
      std::optional<SmallVector<int64_t>> positions = rowPositions(linalgOp);
      if (parts.product || !positions || !madeBefore(linalgOp.getDpsInits()[0]))
        return std::nullopt;
      parts.product = linalgOp;
      parts.positions = *positions;
      continue;
    }
    if (!parts.product && writesOnlyScratch(&op, loop, parts.scratch))
      continue;
    Value b = parts.product ? parts.product.getDpsInputs()[1] : Value();
    if (b && linalgOp.getDpsInputs().size() == 1 && linalgOp.getDpsInputs()[0] == b &&
        llvm::all_of(linalgOp.getDpsInits(), madeBefore)) {
      parts.sums.push_back(&op);
      continue;
    }
    return std::nullopt;
  }
  if (!parts.product)
    return std::nullopt;
  return parts;
}

/// With several threads, a loop that sums over batch slices runs as one scf.parallel over row chunks
/// of its weight gradient: each thread runs every slice — making the slice's patches in scratch of its
/// own, then its rows of the product — and the first also the bias gradient's sums (next to its
/// product, where lepton-matmul-to-vector folds them). Every element is summed in slice order by one
/// thread, as without threads; the slices' ops are not forked one by one (16 slices made 32 forks and
/// joins per step, and a serial pass for the sums). With one thread, the loop as it was.
void splitSummedSlices(RewriterBase &rewriter, scf::ForOp loop, SummedSlices &parts,
                       func::FuncOp threadCount) {
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(rewriter, loc, v).getResult(); };
  auto ceilDiv = [&](Value a, Value b) { return arith::CeilDivUIOp::create(rewriter, loc, a, b).getResult(); };
  auto minU = [&](Value a, Value b) { return arith::MinUIOp::create(rewriter, loc, a, b).getResult(); };
  auto mul = [&](Value a, Value b) { return arith::MulIOp::create(rewriter, loc, a, b).getResult(); };
  Value c = parts.product.getDpsInits()[0];
  Value rows = memref::DimOp::create(rewriter, loc, c, parts.positions.back());
  Value threads = threadCountValue(rewriter, loc, threadCount);
  Value granule = cst(kRowGranule);
  Value granules = ceilDiv(rows, granule);
  Value one = cst(1);
  Value chunks = arith::MaxUIOp::create(rewriter, loc, minU(threads, granules), one);
  Value chunkRows = mul(ceilDiv(granules, chunks), granule);
  Value numChunks = ceilDiv(rows, chunkRows);
  Value several = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ugt, numChunks, cst(1));
  guardWithSerialCopy(rewriter, loop, several);

  Value lower = cst(0);
  auto parallel = scf::ParallelOp::create(rewriter, loc, ValueRange{lower}, ValueRange{numChunks}, ValueRange{one});
  rewriter.setInsertionPoint(parallel.getBody()->getTerminator());
  Value chunk = parallel.getInductionVars().front();
  Value first = mul(chunk, chunkRows);
  Value count = minU(chunkRows, arith::SubIOp::create(rewriter, loc, rows, first));
  IRMapping map;
  SmallVector<Value> own;
  for (memref::AllocOp alloc : parts.scratch) {
    own.push_back(rewriter.clone(*alloc)->getResult(0));
    map.map(alloc.getResult(), own.back());
  }
  auto copy = cast<scf::ForOp>(rewriter.clone(*loop, map));
  copy->removeAttr(lepton::kSummedSlicesAttr);
  for (Value buffer : own)
    memref::DeallocOp::create(rewriter, loc, buffer);

  // In the copy: the product on the chunk's rows (subviews of C and A), and the sums with the first chunk.
  auto product = cast<linalg::LinalgOp>(map.lookup(parts.product.getOperation()));
  if (parts.positions[0] >= 0)
    if (auto patches = viewRoot(product.getDpsInputs()[0]).getDefiningOp<memref::AllocOp>();
        patches && llvm::is_contained(own, patches.getResult()))
      copyOnlyChunkColumns(rewriter, copy, patches, product.getDpsInputs()[0], parts.positions[0], first, count);
  rewriter.setInsertionPoint(product);
  IRMapping rowsOfChunk;
  for (auto [operand, position] : llvm::zip(product->getOpOperands(), parts.positions)) {
    if (position < 0)
      continue;
    rowsOfChunk.map(operand.get(), rowsView(rewriter, loc, operand.get(), position, first, count));
  }
  Value isFirst = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq, chunk, lower);
  auto firstChunk = scf::IfOp::create(rewriter, loc, TypeRange{}, isFirst, /*withElseRegion=*/true);
  // (A mapping per clone: cloning records the region's block arguments in it, and a second clone with
  // them recorded would leave its region without arguments.)
  IRMapping rowsOfOtherChunks = rowsOfChunk;
  rewriter.setInsertionPoint(firstChunk.thenBlock()->getTerminator());
  rewriter.clone(*product, rowsOfChunk);
  for (Operation *sums : parts.sums)
    rewriter.moveOpBefore(map.lookup(sums), firstChunk.thenBlock()->getTerminator());
  rewriter.setInsertionPoint(firstChunk.elseBlock()->getTerminator());
  rewriter.clone(*product, rowsOfOtherChunks);
  rewriter.eraseOp(product);
}

} // namespace lepton::threads
