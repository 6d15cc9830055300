// MatmulToVector.cpp — lowers f32 matmuls on buffers to register-blocked vector FMA kernels.
//
// Why not linalg's generic tiling + vectorizer: the shapes here are small and fixed (batch × features)
// and the whole win is keeping a block of C in registers across k. Writing that block directly
// is short, predictable, and gives the LLVM backend exactly one broadcast and one FMA per lane group.
#include "codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/PatternMatch.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONMATMULTOVECTOR
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// How one contraction maps onto C[row, col] += A[row, k] · B[k, col].
struct MatmulOperands {
  Value a, b, c;
  bool aTransposed = false; // A stored as [k, row]
  bool bTransposed = false; // B stored as [col, k]
};

/// Recognises a plain 2-D f32 contraction on memrefs and names its operands' roles.
FailureOr<MatmulOperands> analyseMatmul(linalg::LinalgOp op, PatternRewriter &rewriter) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1)
    return rewriter.notifyMatchFailure(op, "not a two-input matmul on buffers");
  if (op.getNumLoops() != 3 || !linalg::isaContractionOpInterface(op))
    return rewriter.notifyMatchFailure(op, "not a 2-D contraction");
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || type.getRank() != 2 || !type.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "operands are not 2-D f32 memrefs");
  }
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || !dims->batch.empty() || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1)
    return rewriter.notifyMatchFailure(op, "not a single m/n/k contraction");

  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  auto dimsOf = [](AffineMap map, unsigned &first, unsigned &second) {
    auto d0 = dyn_cast<AffineDimExpr>(map.getResult(0));
    auto d1 = dyn_cast<AffineDimExpr>(map.getResult(1));
    if (!d0 || !d1)
      return false;
    first = d0.getPosition();
    second = d1.getPosition();
    return true;
  };
  unsigned row, col, x0, x1, y0, y1;
  if (!dimsOf(maps[2], row, col) || !dimsOf(maps[0], x0, x1) || !dimsOf(maps[1], y0, y1))
    return rewriter.notifyMatchFailure(op, "indexing maps are not plain dimensions");
  unsigned k = dims->k.front();

  MatmulOperands result;
  result.c = op.getDpsInits()[0];
  // The input indexed by the column dimension supplies vectors (B); the other supplies scalars (A).
  bool firstIsA = (x0 == row || x1 == row);
  Value lhs = op.getDpsInputs()[0], rhs = op.getDpsInputs()[1];
  unsigned a0 = firstIsA ? x0 : y0, a1 = firstIsA ? x1 : y1;
  unsigned b0 = firstIsA ? y0 : x0, b1 = firstIsA ? y1 : x1;
  result.a = firstIsA ? lhs : rhs;
  result.b = firstIsA ? rhs : lhs;
  if (a0 == row && a1 == k)
    result.aTransposed = false;
  else if (a0 == k && a1 == row)
    result.aTransposed = true;
  else
    return rewriter.notifyMatchFailure(op, "A is not indexed by (row, k)");
  if (b0 == k && b1 == col)
    result.bTransposed = false;
  else if (b0 == col && b1 == k)
    result.bTransposed = true;
  else
    return rewriter.notifyMatchFailure(op, "B is not indexed by (k, col)");
  if (MemRefType(cast<MemRefType>(result.c.getType())).isDynamicDim(1))
    return rewriter.notifyMatchFailure(op, "column count is dynamic");
  return result;
}

/// Emits the register-blocked kernel for one matmul.
class KernelEmitter {
public:
  KernelEmitter(PatternRewriter &rewriter, Location loc, const MatmulOperands &ops, int64_t width,
                int64_t rows, int64_t kBlock)
      : b(rewriter), loc(loc), ops(ops), width(width), rows(rows), kBlock(kBlock),
        vecType(VectorType::get({width}, b.getF32Type())),
        maskType(VectorType::get({width}, b.getI1Type())) {}

  void emit() {
    Value c0 = constant(0);
    Value numRows = memref::DimOp::create(b, loc, ops.c, 0);
    Value numK = ops.aTransposed ? memref::DimOp::create(b, loc, ops.a, 0).getResult()
                                 : memref::DimOp::create(b, loc, ops.a, 1).getResult();
    int64_t numCols = cast<MemRefType>(ops.c.getType()).getDimSize(1);
    Value blockRem = arith::RemUIOp::create(b, loc, numRows, constant(rows));
    Value fullRows = arith::SubIOp::create(b, loc, numRows, blockRem);
    int64_t blockCols = 2 * width;
    int64_t fullCols = numCols / blockCols * blockCols, tail = numCols - fullCols;
    SmallVector<int64_t, 2> tailLanes{std::min(tail, width)};
    if (tail > width)
      tailLanes.push_back(tail - width);

    // k in blocks of kBlock; in each, column panels of two vectors, and in each panel every row
    // block: the panel's kBlock rows of B stay in L1 while all of A's rows pass over them. Each C
    // element still sums its k in order (its tile is stored after a block and reloaded for the
    // next), so the result does not depend on the block size.
    forLoop(c0, numK, kBlock, [&](Value kStart) {
      Value kEnd = arith::MinUIOp::create(b, loc, arith::AddIOp::create(b, loc, kStart, constant(kBlock)), numK);
      auto panel = [&](Value j, ArrayRef<int64_t> lanes) {
        forLoop(c0, fullRows, rows, [&](Value i) { emitTile(i, j, rows, lanes, kStart, kEnd); });
        forLoop(fullRows, numRows, 1, [&](Value i) { emitTile(i, j, 1, lanes, kStart, kEnd); });
      };
      if (fullCols > 0)
        forLoop(c0, constant(fullCols), blockCols, [&](Value j) { panel(j, {width, width}); });
      if (tail > 0)
        panel(constant(fullCols), tailLanes);
    });
  }

private:
  Value constant(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  void forLoop(Value lo, Value hi, int64_t step, function_ref<void(Value)> body) {
    auto loop = scf::ForOp::create(b, loc, lo, hi, constant(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    body(loop.getInductionVar());
  }

  /// One tile: `blockRows` rows × lanes.size() vectors, accumulated over k in [kStart, kEnd) in
  /// registers.
  void emitTile(Value i, Value j, int64_t blockRows, ArrayRef<int64_t> lanes, Value kStart, Value kEnd) {
    SmallVector<Value> colIndex, masks;
    for (size_t v = 0; v < lanes.size(); ++v) {
      colIndex.push_back(v == 0 ? j : arith::AddIOp::create(b, loc, j, constant(v * width)).getResult());
      masks.push_back(lanes[v] == width
                          ? Value()
                          : vector::ConstantMaskOp::create(b, loc, maskType, ArrayRef<int64_t>{lanes[v]})
                                .getResult());
    }
    Value zeroVec = arith::ConstantOp::create(b, loc, vecType, DenseElementsAttr::get(vecType, 0.0f));
    SmallVector<Value> rowIndex, acc;
    for (int64_t r = 0; r < blockRows; ++r)
      rowIndex.push_back(r == 0 ? i : arith::AddIOp::create(b, loc, i, constant(r)).getResult());
    for (int64_t r = 0; r < blockRows; ++r)
      for (size_t v = 0; v < lanes.size(); ++v)
        acc.push_back(load(ops.c, {rowIndex[r], colIndex[v]}, masks[v], zeroVec));

    auto kLoop = scf::ForOp::create(b, loc, kStart, kEnd, constant(1), acc);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(kLoop.getBody());
      Value k = kLoop.getInductionVar();
      SmallVector<Value> bVec;
      for (size_t v = 0; v < lanes.size(); ++v)
        bVec.push_back(load(ops.b, {k, colIndex[v]}, masks[v], zeroVec));
      SmallVector<Value> next;
      for (int64_t r = 0; r < blockRows; ++r) {
        Value a = ops.aTransposed ? memref::LoadOp::create(b, loc, ops.a, ValueRange{k, rowIndex[r]})
                                  : memref::LoadOp::create(b, loc, ops.a, ValueRange{rowIndex[r], k});
        Value aVec = vector::BroadcastOp::create(b, loc, vecType, a);
        for (size_t v = 0; v < lanes.size(); ++v)
          next.push_back(vector::FMAOp::create(b, loc, aVec, bVec[v],
                                               kLoop.getRegionIterArgs()[r * lanes.size() + v]));
      }
      scf::YieldOp::create(b, loc, next);
    }
    for (int64_t r = 0; r < blockRows; ++r)
      for (size_t v = 0; v < lanes.size(); ++v)
        store(kLoop.getResult(r * lanes.size() + v), ops.c, {rowIndex[r], colIndex[v]}, masks[v]);
  }

  Value load(Value mem, ValueRange idx, Value mask, Value passthrough) {
    if (!mask)
      return vector::LoadOp::create(b, loc, vecType, mem, idx);
    return vector::MaskedLoadOp::create(b, loc, vecType, mem, idx, mask, passthrough);
  }
  void store(Value value, Value mem, ValueRange idx, Value mask) {
    if (!mask)
      vector::StoreOp::create(b, loc, value, mem, idx);
    else
      vector::MaskedStoreOp::create(b, loc, mem, idx, mask, value);
  }

  PatternRewriter &b;
  Location loc;
  MatmulOperands ops;
  int64_t width, rows, kBlock;
  VectorType vecType, maskType;
};

/// Copies a [cols, k] matrix into a fresh row-major [k, cols] buffer so B rows are contiguous.
Value transposeIntoNewBuffer(PatternRewriter &b, Location loc, Value src) {
  auto type = cast<MemRefType>(src.getType());
  SmallVector<Value> dynSizes;
  if (type.isDynamicDim(1))
    dynSizes.push_back(memref::DimOp::create(b, loc, src, 1));
  if (type.isDynamicDim(0))
    dynSizes.push_back(memref::DimOp::create(b, loc, src, 0));
  auto dstType = MemRefType::get({type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  Value dst = memref::AllocOp::create(b, loc, dstType, dynSizes, b.getI64IntegerAttr(64));
  linalg::TransposeOp::create(b, loc, src, dst, ArrayRef<int64_t>{1, 0});
  return dst;
}

struct MatmulToVectorPattern : OpInterfaceRewritePattern<linalg::LinalgOp> {
  MatmulToVectorPattern(MLIRContext *ctx, int64_t width, int64_t rows, int64_t kBlock)
      : OpInterfaceRewritePattern(ctx), width(width), rows(rows), kBlock(kBlock) {}

  LogicalResult matchAndRewrite(linalg::LinalgOp op, PatternRewriter &rewriter) const override {
    FailureOr<MatmulOperands> operands = analyseMatmul(op, rewriter);
    if (failed(operands))
      return failure();
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(op);
    Value transposed;
    if (operands->bTransposed) {
      transposed = transposeIntoNewBuffer(rewriter, loc, operands->b);
      operands->b = transposed;
      operands->bTransposed = false;
    }
    KernelEmitter(rewriter, loc, *operands, width, rows, kBlock).emit();
    if (transposed)
      memref::DeallocOp::create(rewriter, loc, transposed);
    rewriter.eraseOp(op);
    return success();
  }

  int64_t width, rows, kBlock;
};

struct LeptonMatmulToVectorPass
    : lepton::impl::LeptonMatmulToVectorBase<LeptonMatmulToVectorPass> {
  using LeptonMatmulToVectorBase::LeptonMatmulToVectorBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || rows < 1 || kBlock < 1) {
      getOperation().emitError("lepton-matmul-to-vector needs vector-width, rows and k-block of at least 1");
      return signalPassFailure();
    }
    // Collect first: the pattern erases the op and the emitted linalg.transpose must not match.
    SmallVector<linalg::LinalgOp> matmuls;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (linalg::isaContractionOpInterface(op))
        matmuls.push_back(op);
    });
    MatmulToVectorPattern pattern(&getContext(), vectorWidth, rows, kBlock);
    PatternRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : matmuls)
      (void)pattern.matchAndRewrite(op, rewriter);
  }
};

} // namespace
