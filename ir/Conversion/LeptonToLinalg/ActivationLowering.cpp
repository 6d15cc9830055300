// ActivationLowering.cpp — lepton → linalg patterns of the activations and their gradient ops.
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

/// Scalar body of an elementwise op: gets the op (for attributes) and the operand elements.
template <typename OpTy>
using ScalarFn = std::function<Value(OpTy, OpBuilder &, Location, ValueRange)>;

/// Lowers a same-shape elementwise op to one `linalg.generic` whose body is `fn`.
template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  ElementwiseLowering(MLIRContext *ctx, ScalarFn<OpTy> fn)
      : OpConversionPattern<OpTy>(ctx), fn(std::move(fn)) {}
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    rewriter.replaceOp(op, buildElementwise(rewriter, op.getLoc(), type, adaptor.getOperands(),
                                            [&](OpBuilder &b, Location l, ValueRange x) {
                                              return fn(op, b, l, x);
                                            }));
    return success();
  }
  ScalarFn<OpTy> fn;
};

Value cst(OpBuilder &b, Location l, double v) { return f32Constant(b, l, v); }

Value isPositive(OpBuilder &b, Location l, Value x) {
  return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x, cst(b, l, 0.0));
}

/// softmax over the last dimension: max, Σ exp(x - max), then exp(x - max) / Σ.
struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    auto [max, sum] = buildRowMaxAndSumExp(rewriter, loc, x);
    unsigned rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx), row = dropLastDimMap(rank, ctx);
    ValueRange results = buildGeneric(
        rewriter, loc, ValueRange{x, max, sum}, emptyLike(rewriter, loc, type, x),
        {id, row, row, id}, iterators(rank), [](OpBuilder &b, Location l, ValueRange a) {
          Value e = math::ExpOp::create(b, l, arith::SubFOp::create(b, l, a[0], a[1]));
          return SmallVector<Value>{arith::DivFOp::create(b, l, e, a[2])};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// softmax_grad(y, dy) = y · (dy - Σ_last dy·y).
struct SoftmaxGradLowering : OpConversionPattern<SoftmaxGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(SoftmaxGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value y = adaptor.getSaved(), dy = adaptor.getResultGrad();
    auto type = cast<RankedTensorType>(y.getType());
    // Both operands are full rank here, so reduce over a generic with two full-rank inputs.
    unsigned rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx), row = dropLastDimMap(rank, ctx);
    auto rowType = RankedTensorType::get(type.getShape().drop_back(), rewriter.getF32Type());
    Value acc = fill(rewriter, loc, emptyLike(rewriter, loc, rowType, y), 0.0);
    Value dot = buildGeneric(rewriter, loc, ValueRange{y, dy}, acc, {id, id, row},
                             iterators(rank - 1, 1),
                             [](OpBuilder &b, Location l, ValueRange a) {
                               Value p = arith::MulFOp::create(b, l, a[1], a[0]);
                               return SmallVector<Value>{arith::AddFOp::create(b, l, a[2], p)};
                             })
                    .front();
    ValueRange results = buildGeneric(
        rewriter, loc, ValueRange{y, dy, dot}, emptyLike(rewriter, loc, type, y),
        {id, id, row, id}, iterators(rank), [](OpBuilder &b, Location l, ValueRange a) {
          Value diff = arith::SubFOp::create(b, l, a[1], a[2]);
          return SmallVector<Value>{arith::MulFOp::create(b, l, a[0], diff)};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void lepton::populateActivationLoweringPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  // The forward activations share their element body with dense layers that fuse one.
  patterns.add<ElementwiseLowering<ReluOp>>(
      ctx, [](ReluOp, OpBuilder &b, Location l, ValueRange x) -> Value {
        return activationElement(b, l, "relu", 0.0f, x[0]);
      });
  patterns.add<ElementwiseLowering<SigmoidOp>>(
      ctx, [](SigmoidOp, OpBuilder &b, Location l, ValueRange x) -> Value {
        return activationElement(b, l, "sigmoid", 0.0f, x[0]);
      });
  patterns.add<ElementwiseLowering<TanhOp>>(
      ctx, [](TanhOp, OpBuilder &b, Location l, ValueRange x) -> Value {
        return activationElement(b, l, "tanh", 0.0f, x[0]);
      });
  patterns.add<ElementwiseLowering<LeakyReluOp>>(
      ctx, [](LeakyReluOp op, OpBuilder &b, Location l, ValueRange x) -> Value {
        return activationElement(b, l, "leaky_relu", op.getAlpha().convertToFloat(), x[0]);
      });
  patterns.add<ElementwiseLowering<ReluGradOp>>(
      ctx, [](ReluGradOp, OpBuilder &b, Location l, ValueRange x) -> Value {
        Value positive = isPositive(b, l, x[0]);
        Value zero = cst(b, l, 0.0);
        return arith::SelectOp::create(b, l, positive, x[1], zero);
      });
  // dy · (1 - y) · y, PyTorch's order.
  patterns.add<ElementwiseLowering<SigmoidGradOp>>(
      ctx, [](SigmoidGradOp, OpBuilder &b, Location l, ValueRange x) -> Value {
        Value oneMinus = arith::SubFOp::create(b, l, cst(b, l, 1.0), x[0]);
        return arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, x[1], oneMinus), x[0]);
      });
  patterns.add<ElementwiseLowering<TanhGradOp>>(
      ctx, [](TanhGradOp, OpBuilder &b, Location l, ValueRange x) -> Value {
        Value y2 = arith::MulFOp::create(b, l, x[0], x[0]);
        return arith::MulFOp::create(b, l, x[1], arith::SubFOp::create(b, l, cst(b, l, 1.0), y2));
      });
  patterns.add<ElementwiseLowering<LeakyReluGradOp>>(
      ctx, [](LeakyReluGradOp op, OpBuilder &b, Location l, ValueRange x) -> Value {
        Value scaled =
            arith::MulFOp::create(b, l, x[1], cst(b, l, op.getAlpha().convertToFloat()));
        return arith::SelectOp::create(b, l, isPositive(b, l, x[0]), x[1], scaled);
      });
  patterns.add<SoftmaxLowering, SoftmaxGradLowering>(ctx);
}
