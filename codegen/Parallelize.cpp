// Parallelize.cpp — splits the outer loop of large linalg ops across threads (scf.parallel → OpenMP).
//
// Only an op's first iteration dimension is split, and only when it is a parallel one: every
// output element is then computed by the same arithmetic, in the same order, as in the serial
// loop, so results do not depend on the thread count. The inner dimensions stay sequential
// `scf.for` loops, which LLVM vectorises as before. Small ops stay serial: a fork and join of the
// thread team costs about a microsecond, the time of a few thousand scalar operations.
// Contractions are cut by rows into one chunk per thread, each chunk the same contraction on
// subviews (lepton-matmul-to-vector lowers each), so a thread reuses its panels of B as before.
// The batch-slice loops of lepton-slice-patches are split in ParallelizeSlices.cpp; the helpers both
// use are declared in ThreadSplitting.h.
#include "codegen/Passes.h"
#include "codegen/AccumulatorInit.h"
#include "codegen/ColumnSums.h"
#include "codegen/ContractionEpilogue.h"
#include "codegen/ParallelizeSlices.h"
#include "codegen/ThreadSplitting.h"
#include "ir/Attributes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/SetVector.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONPARALLELIZE
#define GEN_PASS_DEF_LEPTONINLINEALLOCASCOPES
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace lepton::threads {

/// Whether `op` is a linalg op on buffers with loops.
bool onBuffers(linalg::LinalgOp op) { return op.hasPureBufferSemantics() && op.getNumLoops() > 0; }

/// Replaces `loop` (no iter_args) by an scf.parallel over the same range with the same body.
void makeParallel(RewriterBase &rewriter, scf::ForOp loop) {
  rewriter.setInsertionPoint(loop);
  auto parallel = scf::ParallelOp::create(rewriter, loop.getLoc(), ValueRange{loop.getLowerBound()},
                                          ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
  Block *body = parallel.getBody();
  rewriter.eraseOp(loop.getBody()->getTerminator());
  rewriter.inlineBlockBefore(loop.getBody(), body->getTerminator(), body->getArguments());
  rewriter.eraseOp(loop);
}

/// The number of threads the program runs with (`lepton_thread_count()`, as an index).
Value threadCountValue(RewriterBase &rewriter, Location loc, func::FuncOp threadCount) {
  Value threads = func::CallOp::create(rewriter, loc, threadCount, ValueRange{}).getResult(0);
  return arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), threads);
}

/// lepton_thread_count() > 1, at the rewriter's place.
Value severalThreads(RewriterBase &rewriter, Location loc, func::FuncOp threadCount) {
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value threads = threadCountValue(rewriter, loc, threadCount);
  return arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ugt, threads, one);
}

/// `scf.if (cond) { <then> } else { op }`: the op moves into the else branch unchanged (the serial
/// code a one-thread run takes, without starting OpenMP); returns the builder's place in `then`.
scf::IfOp guardWithSerialCopy(RewriterBase &rewriter, Operation *op, Value cond) {
  auto guard = scf::IfOp::create(rewriter, op->getLoc(), TypeRange{}, cond, /*withElseRegion=*/true);
  rewriter.moveOpBefore(op, guard.elseBlock()->getTerminator());
  rewriter.setInsertionPoint(guard.thenBlock()->getTerminator());
  return guard;
}

/// A 2-D contraction C[m, n] += A·B on buffers, with the position of m in each operand that has it
/// (C and A; B has none), or nothing when it is not one the row split handles.
std::optional<SmallVector<int64_t>> rowPositions(linalg::LinalgOp op) {
  if (!onBuffers(op) || !linalg::isaContractionOpInterface(op) || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 3)
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || !dims->batch.empty() || dims->m.size() != 1 || dims->n.size() != 1 || dims->k.size() != 1)
    return std::nullopt;
  SmallVector<int64_t> positions;
  llvm::SmallPtrSet<Value, 4> seen;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || type.getRank() != 2 || !seen.insert(operand.get()).second)
      return std::nullopt; // an operand used twice (A·Aᵀ) cannot be cut one way
    std::optional<unsigned> position =
        op.getMatchingIndexingMap(&operand).getResultPosition(getAffineDimExpr(dims->m.front(), op.getContext()));
    positions.push_back(position ? static_cast<int64_t>(*position) : -1);
  }
  return positions;
}

/// Rows [first, first + count) of a 2-D buffer whose rows are along dimension `position` (0 or 1).
Value rowsView(RewriterBase &rewriter, Location loc, Value whole, int64_t position, OpFoldResult first,
               OpFoldResult count) {
  SmallVector<OpFoldResult> offsets{rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = memref::getMixedSizes(rewriter, loc, whole);
  SmallVector<OpFoldResult> strides{rewriter.getIndexAttr(1), rewriter.getIndexAttr(1)};
  offsets[position] = first;
  sizes[position] = count;
  return memref::SubViewOp::create(rewriter, loc, whole, offsets, sizes, strides).getResult();
}

} // namespace lepton::threads

using namespace lepton::threads;

namespace {

/// What a dynamic extent (the batch of a function that takes any number of rows) is assumed to be.
constexpr int64_t kAssumedDynamicExtent = 64;

/// A weight gradient with at most this many rows (a first convolution's 3×3×1 = 9) streams its dy
/// like the bias gradient beside it: with threads the two run side by side instead (a row cut would
/// have every chunk stream all of dy, and the bias gradient after them alone).
constexpr int64_t kThinRows = 2 * kRowGranule;

/// Columns per chunk of a thin weight gradient are a multiple of this (a 512-bit vector of f32).
constexpr int64_t kColumnGranule = 16;

/// Scalar operations of one execution of `op`: its iteration space times its body's operations.
int64_t estimatedWork(linalg::LinalgOp op) {
  int64_t points = 1;
  for (int64_t extent : op.getStaticLoopRanges())
    points *= ShapedType::isDynamic(extent) ? kAssumedDynamicExtent : std::max<int64_t>(extent, 1);
  int64_t bodyOps = std::max<int64_t>(1, static_cast<int64_t>(op.getBlock()->getOperations().size()) - 1);
  return points * bodyOps;
}

bool worthSplittingLoops(linalg::LinalgOp op, int64_t minWork) {
  if (!onBuffers(op) || linalg::isaContractionOpInterface(op))
    return false;
  if (op.getIteratorTypesArray().front() != utils::IteratorType::parallel)
    return false;
  int64_t outer = op.getStaticLoopRanges().front();
  if (!ShapedType::isDynamic(outer) && outer < 2)
    return false;
  return estimatedWork(op) >= minWork;
}


/// Elementwise and reduction ops: with several threads, loops whose outer one is parallel.
void splitLoops(RewriterBase &rewriter, linalg::LinalgOp op, func::FuncOp threadCount) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  guardWithSerialCopy(rewriter, op, severalThreads(rewriter, loc, threadCount));
  auto copy = cast<linalg::LinalgOp>(rewriter.clone(*op));
  FailureOr<linalg::LinalgLoops> loops = linalg::linalgOpToLoops(rewriter, copy);
  rewriter.eraseOp(copy);
  if (failed(loops) || loops->empty())
    return;
  if (auto outer = dyn_cast<scf::ForOp>(loops->front()); outer && outer.getInitArgs().empty())
    makeParallel(rewriter, outer);
}

/// Contractions: the rows of C (and of A) cut into one chunk per thread, each chunk the same
/// contraction on subviews, which lepton-matmul-to-vector then lowers on its own. Every element
/// of C is computed by one thread with the same k order as without threads.
void splitRows(RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<int64_t> positions, int64_t minWork,
               func::FuncOp threadCount, Operation *init, lepton::ContractionEpilogue after) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(rewriter, loc, v).getResult(); };
  auto ceilDiv = [&](Value a, Value b) { return arith::CeilDivUIOp::create(rewriter, loc, a, b).getResult(); };
  auto minU = [&](Value a, Value b) { return arith::MinUIOp::create(rewriter, loc, a, b).getResult(); };
  auto maxU = [&](Value a, Value b) { return arith::MaxUIOp::create(rewriter, loc, a, b).getResult(); };
  auto mul = [&](Value a, Value b) { return arith::MulIOp::create(rewriter, loc, a, b).getResult(); };

  SmallVector<Range> domain = op.createLoopRanges(rewriter, loc);
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  auto extent = [&](unsigned d) { return getValueOrCreateConstantIndexOp(rewriter, loc, domain[d].size); };
  // Ops are created one statement at a time: the order of function arguments' evaluation is unspecified
  // (GCC and Clang differ), and the IR must not depend on the compiler that built leptonc.
  Value rows = extent(dims->m.front());
  Value depth = extent(dims->k.front());
  Value cols = extent(dims->n.front());
  Value work = mul(mul(rows, cols), depth);

  // chunks = min(threads, row granules, work / min-work), at least 1; rows per chunk a whole
  // number of granules. One chunk: the op as it was, in the else branch.
  Value threads = threadCountValue(rewriter, loc, threadCount);
  Value granule = cst(kRowGranule);
  Value granules = ceilDiv(rows, granule);
  Value one = cst(1);
  Value minWorkValue = cst(minWork);
  Value byWork = maxU(arith::DivUIOp::create(rewriter, loc, work, minWorkValue), one);
  Value atLeastOne = cst(1);
  Value chunks = maxU(minU(minU(threads, granules), byWork), atLeastOne);
  Value chunkRows = mul(ceilDiv(granules, chunks), granule);
  Value numChunks = ceilDiv(rows, chunkRows);
  Value several = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ugt, numChunks, cst(1));
  guardWithSerialCopy(rewriter, op, several);
  // C's initialisation (zeros or a bias row) stays right before each matmul (the kernel folds it):
  // before the serial one and, on each chunk's rows, before each chunk's.
  if (init)
    rewriter.moveOpBefore(init, op);
  // So does the elementwise op after it (the kernel applies it in registers), on the same rows.
  if (after)
    rewriter.moveOpAfter(after.op, op);

  Value step = cst(1);
  Value lower = cst(0);
  auto parallel = scf::ParallelOp::create(rewriter, loc, ValueRange{lower}, ValueRange{numChunks}, ValueRange{step});
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(parallel.getBody()->getTerminator());
  Value first = mul(parallel.getInductionVars().front(), chunkRows);
  Value count = minU(chunkRows, arith::SubIOp::create(rewriter, loc, rows, first));
  IRMapping mapping;
  for (auto [operand, position] : llvm::zip(op->getOpOperands(), positions)) {
    if (position < 0)
      continue;
    mapping.map(operand.get(), rowsView(rewriter, loc, operand.get(), position, first, count));
  }
  if (after && !mapping.contains(after.output)) {
    // The epilogue's output is indexed like C (identity maps): the chunk takes the same rows of it.
    mapping.map(after.output, rowsView(rewriter, loc, after.output, positions.back(), first, count));
  }
  if (init)
    rewriter.clone(*init, mapping);
  rewriter.clone(*op, mapping);
  if (after)
    rewriter.clone(*after.op, mapping);
}

/// A thin weight gradient's ops in order — C's init, the contraction, its epilogue, db's fill and column
/// sums — moved into the else branch of a thread-count `scf.if` at the contraction's place (takeColumnSumsOf
/// put db's fill and sums right after it and what they use above it), as in splitRows. Returns them; the
/// builder is left in the then branch.
SmallVector<Operation *> guardThinGradient(RewriterBase &rewriter, linalg::LinalgOp op, Operation *init,
                                           lepton::ContractionEpilogue after, lepton::ColumnSums sums,
                                           func::FuncOp threadCount) {
  SmallVector<Operation *> ordered;
  if (init)
    ordered.push_back(init);
  ordered.push_back(op);
  if (after)
    ordered.push_back(after.op);
  if (sums.fill)
    ordered.push_back(sums.fill);
  ordered.push_back(sums.op);
  rewriter.setInsertionPoint(op);
  scf::IfOp guard = guardWithSerialCopy(rewriter, op, severalThreads(rewriter, op.getLoc(), threadCount));
  for (Operation *moved : ordered)
    if (moved != op.getOperation())
      rewriter.moveOpBefore(moved, guard.elseBlock()->getTerminator());
  if (init)
    rewriter.moveOpBefore(init, op);
  rewriter.setInsertionPoint(guard.thenBlock()->getTerminator());
  return ordered;
}

/// A thin weight gradient dW = xᵀ·dy (its init and epilogue with it) and its bias gradient (db's fill
/// and column sums, `sums`): with several threads, the two tasks of a two-iteration scf.parallel;
/// with one, both in order in the else branch, where lepton-matmul-to-vector folds the sums into
/// the kernel. Each result is computed as without threads.
void splitTasks(RewriterBase &rewriter, linalg::LinalgOp op, Operation *init,
                lepton::ContractionEpilogue after, lepton::ColumnSums sums, func::FuncOp threadCount) {
  Location loc = op.getLoc();
  SmallVector<Operation *> ordered = guardThinGradient(rewriter, op, init, after, sums, threadCount);
  // The weight gradient's ops come first, db's fill and sums last.
  auto bias = ArrayRef<Operation *>(ordered).take_back(sums.fill ? 2 : 1);
  auto weights = ArrayRef<Operation *>(ordered).drop_back(bias.size());
  auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(rewriter, loc, v).getResult(); };
  Value zero = cst(0);
  Value two = cst(2);
  Value step = cst(1);
  auto parallel = scf::ParallelOp::create(rewriter, loc, ValueRange{zero}, ValueRange{two}, ValueRange{step});
  rewriter.setInsertionPoint(parallel.getBody()->getTerminator());
  Value isWeights = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                          parallel.getInductionVars().front(), zero);
  auto task = scf::IfOp::create(rewriter, loc, TypeRange{}, isWeights, /*withElseRegion=*/true);
  rewriter.setInsertionPoint(task.thenBlock()->getTerminator());
  for (Operation *o : weights)
    rewriter.clone(*o);
  rewriter.setInsertionPoint(task.elseBlock()->getTerminator());
  for (Operation *o : bias)
    rewriter.clone(*o);
}

/// A thin weight gradient with at least two vectors of columns (the CNN's first convolution: 9 × 32)
/// and its bias gradient: with several threads, an scf.parallel over column chunks of dW, dy and db,
/// each chunk the whole of both ops on its columns — the product streams the chunk's columns of dy and
/// (disjoint views of the flat gradient vector) lepton-matmul-to-vector folds the chunk's column sums
/// into its kernel, as in the serial code. As two tasks (dW | db), the first took 62 % of the region:
/// it streamed all of dy with the FMAs. Each element is summed as without threads. With one thread,
/// the ops in order in the else branch.
void splitThinColumns(RewriterBase &rewriter, linalg::LinalgOp op, Operation *init,
                      lepton::ContractionEpilogue after, lepton::ColumnSums sums, func::FuncOp threadCount) {
  Location loc = op.getLoc();
  SmallVector<Operation *> ordered = guardThinGradient(rewriter, op, init, after, sums, threadCount);
  auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(rewriter, loc, v).getResult(); };
  // Chunks of one granule, a static width (lepton-matmul-to-vector needs a static column count).
  Value c = op.getDpsInits()[0];
  int64_t columns = cast<MemRefType>(c.getType()).getDimSize(1);
  Value one = cst(1), zero = cst(0);
  Value chunks = cst(columns / kColumnGranule);
  auto parallel = scf::ParallelOp::create(rewriter, loc, ValueRange{zero}, ValueRange{chunks}, ValueRange{one});
  rewriter.setInsertionPoint(parallel.getBody()->getTerminator());
  Value first = arith::MulIOp::create(rewriter, loc, parallel.getInductionVars().front(), cst(kColumnGranule));
  OpFoldResult count = rewriter.getIndexAttr(kColumnGranule);
  IRMapping mapping;
  mapping.map(c, rowsView(rewriter, loc, c, 1, first, count));
  Value b = op.getDpsInputs()[1];
  mapping.map(b, rowsView(rewriter, loc, b, 1, first, count));
  if (after && !mapping.contains(after.output))
    mapping.map(after.output, rowsView(rewriter, loc, after.output, 1, first, count));
  SmallVector<OpFoldResult> offset{first}, size{count}, stride{rewriter.getIndexAttr(1)};
  mapping.map(sums.out, memref::SubViewOp::create(rewriter, loc, sums.out, offset, size, stride).getResult());
  for (Operation *o : ordered) {
    IRMapping own = mapping; // a mapping per clone of an op with regions (see splitSummedSlices)
    rewriter.clone(*o, own);
  }
}

/// The thin weight gradients splitTasks takes: xᵀ·dy (A stored [k, m], B [k, n]) with a static row
/// count of at most kThinRows, and the column sums of its dy after it (moved next to it).
lepton::ColumnSums thinWeightGradientSums(linalg::LinalgOp op, ArrayRef<int64_t> positions) {
  if (positions.size() != 3 || positions[0] != 1 || positions[1] != -1)
    return {};
  auto c = cast<MemRefType>(op.getDpsInits()[0].getType());
  if (c.isDynamicDim(0) || c.getDimSize(0) > kThinRows)
    return {};
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  AffineMap bMap = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  auto bFirst = dyn_cast<AffineDimExpr>(bMap.getResult(0));
  if (failed(dims) || !bFirst || bFirst.getPosition() != dims->k.front())
    return {};
  return lepton::takeColumnSumsOf(op, op.getDpsInputs()[1]);
}

/// `int32_t lepton_thread_count(void)` (the runtime's, lepton/runtime.h), declared once per module.
func::FuncOp threadCountFunction(ModuleOp module) {
  constexpr StringLiteral name = "lepton_thread_count";
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto fn = func::FuncOp::create(b, module.getLoc(), name, b.getFunctionType({}, {b.getI32Type()}));
  fn.setPrivate();
  return fn;
}

struct LeptonParallelizePass : lepton::impl::LeptonParallelizeBase<LeptonParallelizePass> {
  using LeptonParallelizeBase::LeptonParallelizeBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> loops;
    struct Contraction {
      linalg::LinalgOp op;
      SmallVector<int64_t> rowPositions;
      Operation *init = nullptr;          ///< C's zero fill or bias broadcast: moves with it
      lepton::ContractionEpilogue after;  ///< the elementwise op after it: moves with it too
    };
    SmallVector<Contraction> contractions;
    SmallVector<scf::ForOp> slices;
    SmallVector<std::pair<scf::ForOp, SummedSlices>> summed;
    for (auto fn : module.getOps<func::FuncOp>()) {
      // Exported inference runs on its caller's thread and needs no threading library.
      if (fn->hasAttr(lepton::kStackScratchAttr) || fn.isDeclaration())
        continue;
      fn.walk([&](scf::ForOp loop) {
        if (loop->hasAttr(lepton::kIndependentSlicesAttr) && loop.getInitArgs().empty())
          slices.push_back(loop);
        else if (std::optional<SummedSlices> parts = summedSlicesOf(loop))
          summed.push_back({loop, std::move(*parts)});
      });
      fn.walk([&](linalg::LinalgOp op) {
        if (insideIndependentSlices(op) ||
            llvm::any_of(summed, [&](auto &entry) { return entry.first->isAncestor(op); }))
          return;
        if (worthSplittingLoops(op, minWork))
          loops.push_back(op);
        else if (auto positions = rowPositions(op); positions && estimatedWork(op) >= minWork)
          contractions.push_back({op, *positions, lepton::accumulatorInitOf(op).op, lepton::epilogueOf(op)});
      });
    }
    if (loops.empty() && contractions.empty() && slices.empty() && summed.empty())
      return;
    func::FuncOp threadCount = threadCountFunction(module);
    IRRewriter rewriter(&getContext());
    llvm::SmallPtrSet<Operation *, 8> movingFills;
    for (Contraction &c : contractions) {
      if (c.init)
        movingFills.insert(c.init);
      if (c.after)
        movingFills.insert(c.after.op);
    }
    for (scf::ForOp loop : slices)
      parallelizeSlices(rewriter, loop, threadCount);
    for (auto &[loop, parts] : summed)
      splitSummedSlices(rewriter, loop, parts, threadCount);
    for (linalg::LinalgOp op : loops)
      if (!movingFills.contains(op))
        splitLoops(rewriter, op, threadCount);
    for (Contraction &c : contractions) {
      if (lepton::ColumnSums sums = thinWeightGradientSums(c.op, c.rowPositions)) {
        int64_t columns = cast<MemRefType>(c.op.getDpsInits()[0].getType()).getDimSize(1);
        if (!ShapedType::isDynamic(columns) && columns >= 2 * kColumnGranule && columns % kColumnGranule == 0)
          splitThinColumns(rewriter, c.op, c.init, c.after, sums, threadCount);
        else
          splitTasks(rewriter, c.op, c.init, c.after, sums, threadCount);
      }
      else
        splitRows(rewriter, c.op, c.rowPositions, minWork, threadCount, c.init, c.after);
    }
  }
};

/// Inlines every memref.alloca_scope (one block at most, by its verifier) between llvm.intr.stacksave and stackrestore.
/// convert-scf-to-openmp wraps each work-sharing loop body in one; its upstream lowering splits
/// blocks, which a structured loop still around it (scf.for) cannot hold.
struct LeptonInlineAllocaScopesPass
    : lepton::impl::LeptonInlineAllocaScopesBase<LeptonInlineAllocaScopesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation()->walk([&](memref::AllocaScopeOp scope) { scopes.push_back(scope); });
    IRRewriter rewriter(&getContext());
    auto ptrType = LLVM::LLVMPointerType::get(&getContext());
    for (memref::AllocaScopeOp scope : scopes) {
      Region &region = scope.getBodyRegion();
      if (region.empty()) { // (the verifier allows no block, and at most one)
        scope.erase();
        continue;
      }
      Block &body = region.front();
      bool hasAlloca = false;
      body.walk([&](memref::AllocaOp) { hasAlloca = true; });
      auto ret = cast<memref::AllocaScopeReturnOp>(body.getTerminator());
      SmallVector<Value> results(ret.getResults());
      Location loc = scope.getLoc();
      rewriter.setInsertionPoint(scope);
      Value stack = hasAlloca ? LLVM::StackSaveOp::create(rewriter, loc, ptrType).getResult() : Value();
      rewriter.eraseOp(ret);
      rewriter.inlineBlockBefore(&body, scope);
      if (stack)
        LLVM::StackRestoreOp::create(rewriter, loc, stack);
      rewriter.replaceOp(scope, results);
    }
  }
};

} // namespace
