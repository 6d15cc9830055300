// LossLowering.cpp — lepton → linalg patterns of the losses and their gradient ops (fused generics).
#include "ir/Conversion/LeptonToLinalg/LeptonToLinalg.h"
#include "ir/Conversion/LeptonToLinalg/LoweringUtils.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

#include <functional>

using namespace mlir;
using namespace lepton;
using namespace lepton::lowering;

namespace {

Value cst(OpBuilder &b, Location l, double v) { return f32Constant(b, l, v); }

/// Maps of the (b, n) loop nest of a loss: full element, per-sample value, 0-d value.
struct LossMaps {
  explicit LossMaps(MLIRContext *ctx)
      : element(AffineMap::getMultiDimIdentityMap(2, ctx)),
        sample(AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx)),
        scalar(AffineMap::get(2, 0, {}, ctx)) {}
  AffineMap element, sample, scalar;
};

//===----------------------------------------------------------------------===//
// Softmax cross-entropy
//===----------------------------------------------------------------------===//

/// True (i1) where the class index of the innermost loop equals the sample's label (i32).
Value isLabel(OpBuilder &b, Location l, Value label) {
  Value c = arith::IndexCastOp::create(b, l, b.getI32Type(), linalg::IndexOp::create(b, l, 1));
  return arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, c, label);
}

/// Σ_b w_b · (max_b + log Σ_c exp(x_bc - max_b) - x_b,label_b).
struct SoftmaxCrossEntropyLowering : OpConversionPattern<SoftmaxCrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(SoftmaxCrossEntropyOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value logits = adaptor.getLogits();
    auto [max, sum] = buildRowMaxAndSumExp(rewriter, loc, logits);
    // The label's logit, picked without indexing memory (an out-of-range label picks 0).
    Value picked = buildLastDimReduction(
        rewriter, loc, ValueRange{logits, adaptor.getLabels()}, 0.0,
        [](OpBuilder &b, Location l, Value acc, ValueRange e) -> Value {
          Value hit = isLabel(b, l, e[1]);
          Value term = arith::SelectOp::create(b, l, hit, e[0], cst(b, l, 0.0));
          return arith::AddFOp::create(b, l, acc, term);
        });
    AffineMap id = AffineMap::getMultiDimIdentityMap(1, ctx);
    ValueRange loss = buildGeneric(
        rewriter, loc, ValueRange{adaptor.getWeights(), max, sum, picked},
        scalarAccumulator(rewriter, loc, 0.0), {id, id, id, id, AffineMap::get(1, 0, {}, ctx)},
        iterators(0, 1), [](OpBuilder &b, Location l, ValueRange a) {
          Value lse = arith::AddFOp::create(b, l, a[1], math::LogOp::create(b, l, a[2]));
          Value nll = arith::SubFOp::create(b, l, lse, a[3]);
          Value term = arith::MulFOp::create(b, l, a[0], nll);
          return SmallVector<Value>{arith::AddFOp::create(b, l, a[4], term)};
        });
    rewriter.replaceOp(op, loss);
    return success();
  }
};

/// dlogits = dloss · w_b · (softmax(x_b)_c - [c == label_b]).
struct SoftmaxCrossEntropyGradLowering : OpConversionPattern<SoftmaxCrossEntropyGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(SoftmaxCrossEntropyGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    LossMaps maps(rewriter.getContext());
    Value logits = adaptor.getLogits();
    auto [max, sum] = buildRowMaxAndSumExp(rewriter, loc, logits);
    auto type = cast<RankedTensorType>(logits.getType());
    ValueRange results = buildGeneric(
        rewriter, loc,
        ValueRange{logits, adaptor.getLabels(), adaptor.getWeights(), max, sum,
                   adaptor.getLossGrad()},
        emptyLike(rewriter, loc, type, logits),
        {maps.element, maps.sample, maps.sample, maps.sample, maps.sample, maps.scalar,
         maps.element},
        iterators(2), [](OpBuilder &b, Location l, ValueRange a) {
          Value e = math::ExpOp::create(b, l, arith::SubFOp::create(b, l, a[0], a[3]));
          Value p = arith::DivFOp::create(b, l, e, a[4]);
          Value hit = isLabel(b, l, a[1]);
          Value one = cst(b, l, 1.0);
          Value oneHot = arith::SelectOp::create(b, l, hit, one, cst(b, l, 0.0));
          Value scale = arith::MulFOp::create(b, l, a[5], a[2]);
          Value diff = arith::SubFOp::create(b, l, p, oneHot);
          return SmallVector<Value>{arith::MulFOp::create(b, l, diff, scale)};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Elementwise (regression-style) losses: Σ_b w_b · (1/N) Σ_n ℓ(p_bn, t_bn)
//===----------------------------------------------------------------------===//

/// ℓ(p, t) for one element, given the op for its attributes.
template <typename OpTy>
using ElementLossFn = std::function<Value(OpTy, OpBuilder &, Location, Value, Value)>;

/// ∂ℓ/∂p · `scale` for one element, where scale = dloss · w_b / N.
template <typename OpTy>
using ElementGradFn = std::function<Value(OpTy, OpBuilder &, Location, Value, Value, Value)>;

/// 1/N for a (batch, N) prediction; N must be static so the factor is a constant.
FailureOr<double> inverseFeatureCount(Operation *op, RankedTensorType type,
                                      ConversionPatternRewriter &rewriter) {
  if (type.isDynamicDim(1))
    return rewriter.notifyMatchFailure(op, "the feature dimension (1/N) must be static");
  return 1.0 / static_cast<double>(type.getDimSize(1));
}

/// One generic reducing both loops: acc += (w_b / N) · ℓ(p, t).
template <typename OpTy>
struct ElementLossLowering : OpConversionPattern<OpTy> {
  ElementLossLowering(MLIRContext *ctx, ElementLossFn<OpTy> fn)
      : OpConversionPattern<OpTy>(ctx), fn(std::move(fn)) {}
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto operands = adaptor.getOperands();
    auto type = cast<RankedTensorType>(operands[0].getType());
    FailureOr<double> invN = inverseFeatureCount(op, type, rewriter);
    if (failed(invN))
      return failure();
    LossMaps maps(rewriter.getContext());
    ValueRange loss = buildGeneric(
        rewriter, loc, ValueRange{operands[0], operands[1], operands[2]},
        scalarAccumulator(rewriter, loc, 0.0),
        {maps.element, maps.element, maps.sample, maps.scalar}, iterators(0, 2),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value coef = arith::MulFOp::create(b, l, a[2], cst(b, l, *invN));
          Value term = arith::MulFOp::create(b, l, coef, fn(op, b, l, a[0], a[1]));
          return SmallVector<Value>{arith::AddFOp::create(b, l, a[3], term)};
        });
    rewriter.replaceOp(op, loss);
    return success();
  }
  ElementLossFn<OpTy> fn;
};

/// One elementwise generic: dp = fn(p, t, dloss · w_b / N).
template <typename OpTy>
struct ElementLossGradLowering : OpConversionPattern<OpTy> {
  ElementLossGradLowering(MLIRContext *ctx, ElementGradFn<OpTy> fn)
      : OpConversionPattern<OpTy>(ctx), fn(std::move(fn)) {}
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto operands = adaptor.getOperands();
    auto type = cast<RankedTensorType>(operands[0].getType());
    FailureOr<double> invN = inverseFeatureCount(op, type, rewriter);
    if (failed(invN))
      return failure();
    LossMaps maps(rewriter.getContext());
    ValueRange results = buildGeneric(
        rewriter, loc, operands, emptyLike(rewriter, loc, type, operands[0]),
        {maps.element, maps.element, maps.sample, maps.scalar, maps.element}, iterators(2),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value weighted = arith::MulFOp::create(b, l, a[3], a[2]);
          Value scale = arith::MulFOp::create(b, l, weighted, cst(b, l, *invN));
          return SmallVector<Value>{fn(op, b, l, a[0], a[1], scale)};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
  ElementGradFn<OpTy> fn;
};

/// Huber h(d) = d²/2 if |d| <= δ, else δ (|d| - δ/2) (PyTorch's order of operations).
Value huber(OpBuilder &b, Location l, Value d, float delta) {
  Value z = math::AbsFOp::create(b, l, d);
  Value quadratic =
      arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, cst(b, l, 0.5), z), z);
  Value excess = arith::SubFOp::create(b, l, z, cst(b, l, 0.5 * delta));
  Value linear = arith::MulFOp::create(b, l, cst(b, l, delta), excess);
  Value small = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, z, cst(b, l, delta));
  return arith::SelectOp::create(b, l, small, quadratic, linear);
}

/// max(x, 0) - x·t + log1p(exp(-|x|)): binary cross-entropy with logits, stable for any x.
Value bceWithLogits(OpBuilder &b, Location l, Value x, Value t) {
  Value relu = arith::MaximumFOp::create(b, l, x, cst(b, l, 0.0));
  Value xt = arith::MulFOp::create(b, l, x, t);
  Value negAbs = arith::NegFOp::create(b, l, math::AbsFOp::create(b, l, x));
  Value softplus = math::Log1pOp::create(b, l, math::ExpOp::create(b, l, negAbs));
  return arith::AddFOp::create(b, l, arith::SubFOp::create(b, l, relu, xt), softplus);
}

} // namespace

void lepton::populateLossLoweringPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<SoftmaxCrossEntropyLowering, SoftmaxCrossEntropyGradLowering>(ctx);

  patterns.add<ElementLossLowering<MseOp>>(
      ctx, [](MseOp, OpBuilder &b, Location l, Value p, Value t) -> Value {
        Value d = arith::SubFOp::create(b, l, p, t);
        return arith::MulFOp::create(b, l, d, d);
      });
  patterns.add<ElementLossGradLowering<MseGradOp>>(
      ctx, [](MseGradOp, OpBuilder &b, Location l, Value p, Value t, Value scale) -> Value {
        Value d = arith::SubFOp::create(b, l, p, t);
        Value twice = arith::MulFOp::create(b, l, cst(b, l, 2.0), scale);
        return arith::MulFOp::create(b, l, twice, d);
      });

  patterns.add<ElementLossLowering<HuberOp>>(
      ctx, [](HuberOp op, OpBuilder &b, Location l, Value p, Value t) -> Value {
        return huber(b, l, arith::SubFOp::create(b, l, p, t), op.getDelta().convertToFloat());
      });
  patterns.add<ElementLossGradLowering<HuberGradOp>>(
      ctx, [](HuberGradOp op, OpBuilder &b, Location l, Value p, Value t, Value scale) -> Value {
        float delta = op.getDelta().convertToFloat();
        Value d = arith::SubFOp::create(b, l, p, t);
        Value floored = arith::MaximumFOp::create(b, l, d, cst(b, l, -delta));
        Value clamped = arith::MinimumFOp::create(b, l, floored, cst(b, l, delta));
        return arith::MulFOp::create(b, l, scale, clamped);
      });

  patterns.add<ElementLossLowering<BinaryCrossEntropyOp>>(
      ctx, [](BinaryCrossEntropyOp, OpBuilder &b, Location l, Value x, Value t) -> Value {
        return bceWithLogits(b, l, x, t);
      });
  patterns.add<ElementLossGradLowering<BinaryCrossEntropyGradOp>>(
      ctx, [](BinaryCrossEntropyGradOp, OpBuilder &b, Location l, Value x, Value t,
              Value scale) -> Value {
        Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x));
        Value denominator = arith::AddFOp::create(b, l, cst(b, l, 1.0), e);
        Value sigmoid = arith::DivFOp::create(b, l, cst(b, l, 1.0), denominator);
        return arith::MulFOp::create(b, l, arith::SubFOp::create(b, l, sigmoid, t), scale);
      });
}
