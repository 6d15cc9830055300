// RegulariserLowering.cpp — lepton → linalg patterns of the l1/l2 penalties and their gradient ops.
#include "ir/Conversion/LeptonToLinalg/LeptonToLinalg.h"
#include "ir/Conversion/LeptonToLinalg/LoweringUtils.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace lepton;
using namespace lepton::lowering;

namespace {

/// λ · Σ f(w): a full reduction of f(w), then one multiplication by λ on the 0-d sum.
template <typename OpTy>
struct PenaltyLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    constexpr bool isL1 = std::is_same_v<OpTy, L1Op>;
    Value sum = buildFullReduction(rewriter, loc, adaptor.getInput(),
                                   [](OpBuilder &b, Location l, Value acc, Value w) -> Value {
                                     Value f = isL1 ? math::AbsFOp::create(b, l, w).getResult()
                                                    : arith::MulFOp::create(b, l, w, w).getResult();
                                     return arith::AddFOp::create(b, l, acc, f);
                                   });
    float lambda = op.getLambda().convertToFloat();
    Value scaled = buildElementwise(rewriter, loc, cast<RankedTensorType>(sum.getType()), sum,
                                    [&](OpBuilder &b, Location l, ValueRange x) -> Value {
                                      return arith::MulFOp::create(b, l, f32Constant(b, l, lambda),
                                                                   x[0]);
                                    });
    rewriter.replaceOp(op, scaled);
    return success();
  }
};

/// l1: dw = (dloss · λ) · sign(w), sign(0) = 0; l2: dw = (dloss · 2λ) · w.
template <typename OpTy>
struct PenaltyGradLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    constexpr bool isL1 = std::is_same_v<OpTy, L1GradOp>;
    float lambda = op.getLambda().convertToFloat();
    auto type = cast<RankedTensorType>(op.getResult().getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, ValueRange{adaptor.getInput(), adaptor.getLossGrad()},
        [&](OpBuilder &b, Location l, ValueRange x) -> Value {
          Value w = x[0];
          Value scale = arith::MulFOp::create(b, l, x[1], f32Constant(b, l, isL1 ? lambda : 2.0 * lambda));
          if (!isL1)
            return arith::MulFOp::create(b, l, scale, w);
          Value zero = f32Constant(b, l, 0.0);
          Value positive = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, w, zero);
          Value negative = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, w, zero);
          Value neg = arith::SelectOp::create(b, l, negative, arith::NegFOp::create(b, l, scale), zero);
          return arith::SelectOp::create(b, l, positive, scale, neg);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void lepton::populateRegulariserLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<PenaltyLowering<L1Op>, PenaltyLowering<L2Op>, PenaltyGradLowering<L1GradOp>,
               PenaltyGradLowering<L2GradOp>>(patterns.getContext());
}
