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
/// like the bias gradient beside it: the two are summed in parts along the batch instead (a row cut
/// would have every chunk stream all of dy, and the bias gradient after them alone).
constexpr int64_t kThinRows = 2 * kRowGranule;

/// The parts a thin weight gradient's sum over the batch is cut into, for any thread count (12: as many
/// per thread for 2, 3, 4 and 6 threads).
constexpr int64_t kDepthParts = 12;

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
  // The epilogue's outputs are indexed like C (identity maps): the chunk takes the same rows of each.
  if (after)
    for (Value out : after.op.getDpsInits())
      if (!mapping.contains(out))
        mapping.map(out, rowsView(rewriter, loc, out, positions.back(), first, count));
  if (init)
    rewriter.clone(*init, mapping);
  rewriter.clone(*op, mapping);
  if (after)
    rewriter.clone(*after.op, mapping);
}

/// A thin weight gradient dW = xᵀ·dy and its bias gradient db (`sums`, the column sums of dy) summed in
/// kDepthParts parts along k, the rows of x and dy, whatever the thread count. Part p computes its
/// partial dW and db in buffers of its own (zero fills, the contraction on its rows of x and dy and the
/// sums on its rows of dy, which lepton-matmul-to-vector folds into one kernel); then dW and db (after
/// their own inits, which stay) add the parts in order. With several threads the parts are the
/// iterations of an scf.parallel, each thread streaming its own rows of dy once; with one, of an
/// scf.for: the same sums in the same order, so the bits do not depend on the thread count. (Cut by
/// columns, each thread read every row of dy — the hardware fetches whole 128-byte pairs of lines —
/// and the region ran 1.65× the one-thread CPU time.)
void splitThinDepth(RewriterBase &rewriter, linalg::LinalgOp op, lepton::ColumnSums sums,
                    func::FuncOp threadCount) {
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(op);
  auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(rewriter, loc, v).getResult(); };
  Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1], c = op.getDpsInits()[0];
  auto cType = cast<MemRefType>(c.getType());
  Type element = cType.getElementType();
  Value zero = arith::ConstantOp::create(rewriter, loc, element, rewriter.getZeroAttr(element));
  Value depth = memref::DimOp::create(rewriter, loc, b, 0);
  Value parts = cst(kDepthParts);
  Value partRows = arith::CeilDivUIOp::create(rewriter, loc, depth, parts);
  // The parts' dW [part, m, n] and db [part, n] (C's column count may be dynamic).
  SmallVector<Value> columns;
  if (cType.isDynamicDim(1))
    columns.push_back(memref::DimOp::create(rewriter, loc, c, 1));
  auto partsW = memref::AllocOp::create(
      rewriter, loc, MemRefType::get({kDepthParts, cType.getDimSize(0), cType.getDimSize(1)}, element), columns);
  auto partsB = memref::AllocOp::create(rewriter, loc, MemRefType::get({kDepthParts, cType.getDimSize(1)}, element),
                                        columns);

  auto emitPart = [&](Value part) {
    Value start = arith::MulIOp::create(rewriter, loc, part, partRows);
    Value first = arith::MinUIOp::create(rewriter, loc, start, depth);
    Value left = arith::SubIOp::create(rewriter, loc, depth, first);
    Value count = arith::MinUIOp::create(rewriter, loc, partRows, left);
    // Rank-reduced views of the part's rows of the partial buffers.
    auto partOf = [&](Value buffer, ArrayRef<int64_t> shape) {
      auto type = cast<MemRefType>(buffer.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
      offsets[0] = part;
      SmallVector<OpFoldResult> sizes = memref::getMixedSizes(rewriter, loc, buffer);
      sizes[0] = rewriter.getIndexAttr(1);
      SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
      MemRefType viewType = memref::SubViewOp::inferRankReducedResultType(shape, type, offsets, sizes, strides);
      return memref::SubViewOp::create(rewriter, loc, viewType, buffer, offsets, sizes, strides).getResult();
    };
    Value partW = partOf(partsW, cType.getShape());
    Value partB = partOf(partsB, cType.getShape().drop_front());
    IRMapping rows;
    rows.map(a, rowsView(rewriter, loc, a, 0, first, count));
    rows.map(b, rowsView(rewriter, loc, b, 0, first, count));
    rows.map(c, partW);
    IRMapping sumRows = rows; // a mapping per clone of an op with regions (see splitSummedSlices)
    sumRows.map(sums.out, partB);
    linalg::FillOp::create(rewriter, loc, ValueRange{zero}, ValueRange{partW});
    rewriter.clone(*op, rows);
    linalg::FillOp::create(rewriter, loc, ValueRange{zero}, ValueRange{partB});
    rewriter.clone(*sums.op, sumRows);
  };
  Value one = cst(1), lower = cst(0);
  auto guard = scf::IfOp::create(rewriter, loc, TypeRange{}, severalThreads(rewriter, loc, threadCount),
                                 /*withElseRegion=*/true);
  rewriter.setInsertionPoint(guard.thenBlock()->getTerminator());
  auto parallel = scf::ParallelOp::create(rewriter, loc, ValueRange{lower}, ValueRange{parts}, ValueRange{one});
  rewriter.setInsertionPoint(parallel.getBody()->getTerminator());
  emitPart(parallel.getInductionVars().front());
  rewriter.setInsertionPoint(guard.elseBlock()->getTerminator());
  auto serial = scf::ForOp::create(rewriter, loc, lower, parts, one);
  rewriter.setInsertionPoint(serial.getBody()->getTerminator());
  emitPart(serial.getInductionVar());

  // dW += parts in order (p innermost), where the contraction was; db likewise where its sums were.
  auto addParts = [&](Operation *at, Value partials, Value out) {
    rewriter.setInsertionPoint(at);
    int64_t rank = cast<MemRefType>(out.getType()).getRank();
    SmallVector<AffineExpr> outDims, partDims{getAffineDimExpr(rank, ctx)};
    for (int64_t d = 0; d < rank; ++d)
      outDims.push_back(getAffineDimExpr(d, ctx));
    partDims.append(outDims);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    linalg::GenericOp::create(
        rewriter, loc, ValueRange{partials}, ValueRange{out},
        ArrayRef<AffineMap>{AffineMap::get(rank + 1, 0, partDims, ctx), AffineMap::get(rank + 1, 0, outDims, ctx)},
        iterators, [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
          Value sum = arith::AddFOp::create(nested, nestedLoc, args[1], args[0]);
          linalg::YieldOp::create(nested, nestedLoc, sum);
        });
    rewriter.eraseOp(at);
  };
  addParts(op, partsW, c);
  addParts(sums.op, partsB, sums.out);
  memref::DeallocOp::create(rewriter, loc, partsW);
  memref::DeallocOp::create(rewriter, loc, partsB);
}

/// The thin weight gradients splitThinDepth takes: xᵀ·dy (A stored [k, m], B [k, n]) with a static row
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
        splitThinDepth(rewriter, c.op, sums, threadCount);
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
