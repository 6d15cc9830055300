// QuantLowering.cpp — lepton → linalg patterns of the int8 ops: weight and activation quantization, the int8 dense layer.
#include "ir/Conversion/LeptonToLinalg/LeptonToLinalg.h"
#include "ir/Conversion/LeptonToLinalg/LoweringUtils.h"
#include "ir/Int8Layout.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace lepton;
using namespace lepton::lowering;

namespace {

Value i32Constant(OpBuilder &b, Location loc, int32_t v) {
  return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
}

/// A whole number in f32, clamped to [lo, hi], as an i8 (two's complement; 128…255 wrap to negative). The
/// clamp is `nnan`: a NaN has no byte anyway, and without the flag x86 needs a compare and a blend per bound.
Value clampToI8(OpBuilder &b, Location loc, Value whole, int32_t lo, int32_t hi) {
  Value low = f32Constant(b, loc, lo);
  Value high = f32Constant(b, loc, hi);
  auto nnan = arith::FastMathFlagsAttr::get(b.getContext(), arith::FastMathFlags::nnan);
  Value raised = arith::MaximumFOp::create(b, loc, whole, low, nnan);
  Value clamped = arith::MinimumFOp::create(b, loc, raised, high, nnan);
  Value integer = arith::FPToSIOp::create(b, loc, b.getI32Type(), clamped);
  return arith::TruncIOp::create(b, loc, b.getI8Type(), integer);
}

/// scale[j] = max_k |W[k, j]| / 127 (1 for a zero column); q = round(W / scale[j]) in [-127, 127].
struct QuantizeWeightsLowering : OpConversionPattern<QuantizeWeightsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(QuantizeWeightsOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value w = adaptor.getWeight();
    AffineExpr k, j;
    bindDims(ctx, k, j);
    AffineMap id = AffineMap::getMultiDimIdentityMap(2, ctx), col = AffineMap::get(2, 0, {j}, ctx);
    Value zeros = fill(rewriter, loc, emptyTensor(rewriter, loc, op.getScale().getType(), {}), 0.0);
    Value maxAbs = buildGeneric(rewriter, loc, w, zeros, {id, col}, {utils::IteratorType::reduction,
                                                                      utils::IteratorType::parallel},
                                [](OpBuilder &b, Location l, ValueRange a) {
                                  Value magnitude = math::AbsFOp::create(b, l, a[0]);
                                  return SmallVector<Value>{arith::MaximumFOp::create(b, l, a[1], magnitude)};
                                })
                       .front();
    Value scale = buildElementwise(rewriter, loc, op.getScale().getType(), maxAbs,
                                   [](OpBuilder &b, Location l, ValueRange a) -> Value {
                                     Value limit = f32Constant(b, l, 127.0);
                                     Value s = arith::DivFOp::create(b, l, a[0], limit);
                                     Value zero = f32Constant(b, l, 0.0);
                                     Value isZero = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, s, zero);
                                     Value one = f32Constant(b, l, 1.0);
                                     return arith::SelectOp::create(b, l, isZero, one, s);
                                   });
    // Packed (ir/Int8Layout.h): element [k4, c] is q[4·k4 + c % 4, c / 4], 0 in the padding; W and the
    // scales are read by index (tensor.extract), clamped into range where the element is padding.
    auto wType = cast<RankedTensorType>(w.getType());
    int64_t rows = wType.getDimSize(0), cols = wType.getDimSize(1);
    Value init = emptyTensor(rewriter, loc, op.getQuantized().getType(), {});
    auto packed = linalg::GenericOp::create(
        rewriter, loc, TypeRange{init.getType()}, ValueRange{}, ValueRange{init},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(2, ctx)}, iterators(2),
        [&](OpBuilder &b, Location l, ValueRange) {
          auto index = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v).getResult(); };
          Value k4 = linalg::IndexOp::create(b, l, 0), c = linalg::IndexOp::create(b, l, 1);
          Value four = index(4);
          Value quadK = arith::MulIOp::create(b, l, k4, four);
          Value lane = arith::RemUIOp::create(b, l, c, four);
          Value row = arith::AddIOp::create(b, l, quadK, lane);
          Value col = arith::DivUIOp::create(b, l, c, four);
          Value rowIn = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, row, index(rows));
          Value colIn = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, col, index(cols));
          Value inside = arith::AndIOp::create(b, l, rowIn, colIn);
          Value lastRow = index(rows - 1), lastCol = index(cols - 1);
          Value safeRow = arith::MinUIOp::create(b, l, row, lastRow);
          Value safeCol = arith::MinUIOp::create(b, l, col, lastCol);
          Value weight = tensor::ExtractOp::create(b, l, w, ValueRange{safeRow, safeCol});
          Value columnScale = tensor::ExtractOp::create(b, l, scale, ValueRange{safeCol});
          Value x = arith::DivFOp::create(b, l, weight, columnScale);
          Value rounded = math::RoundEvenOp::create(b, l, x);
          Value q = clampToI8(b, l, rounded, -127, 127);
          Value zero = arith::ConstantOp::create(b, l, b.getI8IntegerAttr(0));
          linalg::YieldOp::create(b, l, ValueRange{arith::SelectOp::create(b, l, inside, q, zero).getResult()});
        });
    Value quantized = packed.getResult(0);
    // sums[j] = Σ_k q[k, j], for lepton.dense_int8's zero point (zp · sums[j]): over the packed rows,
    // column c of the packed matrix adds to j = c / 4 (the padding adds zeros); the first N of the padded
    // sums. Scalar loops, once per quantization.
    auto i32 = rewriter.getI32Type();
    Value zero = i32Constant(rewriter, loc, 0);
    int64_t n = cols;
    int64_t paddedN = cast<RankedTensorType>(quantized.getType()).getDimSize(1) / 4;
    Value sums0 = linalg::FillOp::create(
                      rewriter, loc, zero,
                      emptyTensor(rewriter, loc, RankedTensorType::get({paddedN}, i32), {}))
                      .getResult(0);
    AffineExpr c = getAffineDimExpr(1, ctx);
    Value paddedSums = buildGeneric(rewriter, loc, quantized, sums0,
                                    {AffineMap::getMultiDimIdentityMap(2, ctx), AffineMap::get(2, 0, {c.floorDiv(4)}, ctx)},
                                    {utils::IteratorType::reduction, utils::IteratorType::reduction},
                                    [&](OpBuilder &b, Location l, ValueRange a) {
                                      Value wv = arith::ExtSIOp::create(b, l, i32, a[0]);
                                      return SmallVector<Value>{arith::AddIOp::create(b, l, a[1], wv)};
                                    })
                           .front();
    SmallVector<OpFoldResult> offsets{rewriter.getIndexAttr(0)}, sizes{rewriter.getIndexAttr(n)},
        strides{rewriter.getIndexAttr(1)};
    Value colSums = tensor::ExtractSliceOp::create(rewriter, loc, RankedTensorType::get({n}, i32), paddedSums,
                                                   offsets, sizes, strides);
    rewriter.replaceOp(op, {quantized, scale, colSums});
    return success();
  }
};

/// q = clamp(round(x · (1 / scale)) + zero_point, 0, 255) as an i8: one division per call, not per element
/// (x · (1 / scale) and x / scale may differ in the last bit, so a value within an ulp of a half may round to
/// the other neighbour: the same error as a scale one ulp off).
struct QuantizeLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), scale = adaptor.getScale();
    double zp = op.getZeroPoint();
    auto type = cast<RankedTensorType>(op.getResult().getType());
    Value init = emptyTensor(rewriter, loc, type, {{x, 0}, {x, 1}});
    AffineMap id = rewriter.getMultiDimIdentityMap(2);
    Value one = f32Constant(rewriter, loc, 1.0);
    Value inverse = arith::DivFOp::create(rewriter, loc, one, scale);
    Value q = buildGeneric(rewriter, loc, x, init, {id, id}, iterators(2),
                           [&](OpBuilder &b, Location l, ValueRange a) {
                             Value scaled = arith::MulFOp::create(b, l, a[0], inverse);
                             Value rounded = math::RoundEvenOp::create(b, l, scaled);
                             Value shift = f32Constant(b, l, zp);
                             Value shifted = arith::AddFOp::create(b, l, rounded, shift);
                             return SmallVector<Value>{clampToI8(b, l, shifted, 0, 255)};
                           })
                  .front();
    rewriter.replaceOp(op, q);
    return success();
  }
};

/// acc = Σ_k zext(x) · sext(w) in i32 (the u8 × s8 generic lepton-int8-matmul-to-vector lowers), then
/// y = f(x_scale · w_scale[j] · (acc - zp · sums[j]) + b[j]) in one elementwise generic (sums[j] = Σ_k w[k, j],
/// from lepton.quantize_weights).
struct DenseInt8Lowering : OpConversionPattern<DenseInt8Op> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(DenseInt8Op op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput(), w = adaptor.getWeight();
    auto type = cast<RankedTensorType>(op.getResult().getType());
    auto i32 = rewriter.getI32Type();
    auto accType = RankedTensorType::get(type.getShape(), i32);
    Value zero = i32Constant(rewriter, loc, 0);
    Value empty = emptyTensor(rewriter, loc, accType, {{x, 0}});
    Value acc0 = linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
    AffineExpr i, j, k;
    bindDims(ctx, i, j, k);
    // w[k, j] in the packed layout (ir/Int8Layout.h): [k floordiv 4, 4·j + k mod 4].
    SmallVector<AffineMap> maps{AffineMap::get(3, 0, {i, k}, ctx),
                                AffineMap::get(3, 0, {k.floorDiv(4), 4 * j + k % 4}, ctx),
                                AffineMap::get(3, 0, {i, j}, ctx)};
    Value acc = buildGeneric(rewriter, loc, ValueRange{x, w}, acc0, maps,
                             {utils::IteratorType::parallel, utils::IteratorType::parallel,
                              utils::IteratorType::reduction},
                             [&](OpBuilder &b, Location l, ValueRange a) {
                               Value xv = arith::ExtUIOp::create(b, l, i32, a[0]);
                               Value wv = arith::ExtSIOp::create(b, l, i32, a[1]);
                               Value p = arith::MulIOp::create(b, l, xv, wv);
                               return SmallVector<Value>{arith::AddIOp::create(b, l, a[2], p)};
                             })
                    .front();
    SmallVector<Value> inputs{acc, adaptor.getWeightSums(), adaptor.getWeightScale()};
    if (adaptor.getBias())
      inputs.push_back(adaptor.getBias());
    AffineExpr c = getAffineDimExpr(1, ctx);
    AffineMap id = AffineMap::getMultiDimIdentityMap(2, ctx), col = AffineMap::get(2, 0, {c}, ctx);
    SmallVector<AffineMap> outMaps{id, col, col};
    if (adaptor.getBias())
      outMaps.push_back(col);
    outMaps.push_back(id);
    Value xScale = adaptor.getInputScale();
    int32_t zp = op.getZeroPoint();
    std::optional<StringRef> activation = op.getActivation();
    float alpha = op.getAlpha() ? op.getAlpha()->convertToFloat() : 0.0f;
    bool hasBias = static_cast<bool>(adaptor.getBias());
    Value out = emptyTensor(rewriter, loc, type, {{x, 0}});
    Value y = buildGeneric(rewriter, loc, inputs, out, outMaps, iterators(2),
                           [&](OpBuilder &b, Location l, ValueRange a) {
                             Value shift = i32Constant(b, l, zp);
                             Value offset = arith::MulIOp::create(b, l, shift, a[1]);
                             Value centred = arith::SubIOp::create(b, l, a[0], offset);
                             Value sum = arith::SIToFPOp::create(b, l, b.getF32Type(), centred);
                             Value scale = arith::MulFOp::create(b, l, xScale, a[2]);
                             Value v = arith::MulFOp::create(b, l, sum, scale);
                             if (hasBias)
                               v = arith::AddFOp::create(b, l, v, a[3]);
                             if (activation)
                               v = activationElement(b, l, *activation, alpha, v);
                             return SmallVector<Value>{v};
                           })
                  .front();
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void lepton::populateQuantLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<QuantizeWeightsLowering, QuantizeLowering, DenseInt8Lowering>(patterns.getContext());
}
