// OptimizerLowering.cpp — lepton → linalg patterns of the optimizer updates (one fused generic each).
#include "ir/Conversion/LeptonToLinalg/LeptonToLinalg.h"
#include "ir/Conversion/LeptonToLinalg/LoweringUtils.h"
#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace lepton;
using namespace lepton::lowering;

namespace {

/// A hyperparameter (or a constant derived from it in double precision) rounded to f32.
Value cst(OpBuilder &b, Location l, double v) { return f32Constant(b, l, v); }

/// One all-parallel generic over `inputs` (tensors shaped like the parameter; scalars are
/// captured by the body) that writes into `destinations`, the parameter and state tensors it
/// replaces. An input that is also a destination is read through the output's block argument,
/// not passed twice: one-shot bufferization then updates the model state in place (given as both
/// `ins` and `outs` it made a new buffer and copied it back, three times the parameters' bytes
/// per Adam step). `body` still sees the values in `inputs` order.
ValueRange buildUpdate(OpBuilder &b, Location loc, ValueRange inputs, ValueRange destinations,
                       GenericBody body) {
  auto type = cast<RankedTensorType>(destinations.front().getType());
  AffineMap id = AffineMap::getMultiDimIdentityMap(type.getRank(), b.getContext());
  SmallVector<Value> readOnly;
  SmallVector<int64_t> source; // per input: its block argument (read-only inputs first, then outputs)
  for (Value in : inputs) {
    auto at = llvm::find(destinations, in);
    if (at != destinations.end()) {
      source.push_back(-1 - (at - destinations.begin()));
    } else {
      source.push_back(static_cast<int64_t>(readOnly.size()));
      readOnly.push_back(in);
    }
  }
  int64_t numReadOnly = static_cast<int64_t>(readOnly.size());
  SmallVector<AffineMap> maps(readOnly.size() + destinations.size(), id);
  return buildGeneric(b, loc, readOnly, destinations, maps, iterators(type.getRank()),
                      [&](OpBuilder &nb, Location l, ValueRange args) {
                        SmallVector<Value> ordered;
                        for (int64_t s : source)
                          ordered.push_back(s >= 0 ? args[s] : args[numReadOnly + (-1 - s)]);
                        return body(nb, l, ordered);
                      });
}

/// g + wd · p when weight decay is on (PyTorch: grad.add(param, alpha=weight_decay)).
Value addWeightDecay(OpBuilder &b, Location l, Value g, Value p, double wd) {
  if (wd == 0.0)
    return g;
  return arith::AddFOp::create(b, l, g, arith::MulFOp::create(b, l, cst(b, l, wd), p));
}

/// num / den for an update whose den is √(a second moment) · scale + eps: marked for lepton-reciprocal-divide
/// (ir/Attributes.h: a positive normal den below 2^126, +∞ or NaN, a finite num where den is) when eps is a
/// normal number up to 2^64: den ≥ eps, and √ of a float is below 2^64 while the scale (Adam's 1/√bc2, bc2 ≥
/// 2^-53 in f64) is below 2^27 or infinite. A numerator (m, or g) is infinite only after some g² overflowed,
/// and then the second moment and den are infinite too.
Value divideByRoot(OpBuilder &b, Location l, Value num, Value den, double eps) {
  auto quotient = arith::DivFOp::create(b, l, num, den);
  if (eps >= 0x1p-126 && eps <= 0x1p64)
    quotient->setAttr(lepton::kReciprocalDivideMark, b.getUnitAttr());
  return quotient;
}

/// p - lr · u.
Value descend(OpBuilder &b, Location l, Value p, Value lr, Value u) {
  return arith::SubFOp::create(b, l, p, arith::MulFOp::create(b, l, lr, u));
}

struct SgdUpdateLowering : OpConversionPattern<SgdUpdateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(SgdUpdateOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double momentum = op.getMomentum().convertToDouble();
    double wd = op.getWeightDecay().convertToDouble();
    bool nesterov = op.getNesterov();
    Value lr = adaptor.getLr();
    Value param = adaptor.getParam();
    if (momentum == 0.0) {
      ValueRange results = buildUpdate(
          rewriter, loc, ValueRange{param, adaptor.getGrad()}, ValueRange{param},
          [&](OpBuilder &b, Location l, ValueRange a) {
            Value g = addWeightDecay(b, l, a[1], a[0], wd);
            return SmallVector<Value>{descend(b, l, a[0], lr, g)};
          });
      rewriter.replaceOp(op, {results[0], adaptor.getVelocity()});
      return success();
    }
    ValueRange results = buildUpdate(
        rewriter, loc, ValueRange{param, adaptor.getGrad(), adaptor.getVelocity()},
        ValueRange{param, adaptor.getVelocity()},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value g = addWeightDecay(b, l, a[1], a[0], wd);
          Value v = arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, a[2], cst(b, l, momentum)), g);
          Value u = nesterov ? arith::AddFOp::create(
                                   b, l, g, arith::MulFOp::create(b, l, cst(b, l, momentum), v))
                                   .getResult()
                             : v;
          return SmallVector<Value>{descend(b, l, a[0], lr, u), v};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Adam / AdamW in PyTorch's order: bias corrections in f64 outside the loop nest, then
/// m' = β1 m + (1-β1) g, v' = β2 v + (1-β2) g², p' = p - (lr/bc1) · m' / (√v' · (1/√bc2) + eps).
/// PyTorch divides √v' by √bc2; multiplying by the reciprocal (computed once, in f64) differs by at
/// most an ulp and leaves one division and one square root per element, the two slow operations
/// that dominate the update (a fifth of a Fashion-MNIST MLP step with two divisions).
struct AdamUpdateLowering : OpConversionPattern<AdamUpdateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AdamUpdateOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double beta1 = op.getBeta1().convertToDouble(), beta2 = op.getBeta2().convertToDouble();
    double eps = op.getEps().convertToDouble(), wd = op.getWeightDecay().convertToDouble();
    bool decoupled = op.getDecoupled();
    // Scalars of this step, in double precision as torch.optim computes them.
    OpBuilder &b = rewriter;
    auto f64 = b.getF64Type(), f32 = b.getF32Type();
    auto d = [&](double v) { return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v)); };
    Value t = arith::SIToFPOp::create(b, loc, f64, adaptor.getStep());
    // One op-creating operand per call: argument evaluation order is unspecified (docs/testing.md).
    Value beta1t = math::PowFOp::create(b, loc, d(beta1), t);
    Value bc1 = arith::SubFOp::create(b, loc, d(1.0), beta1t);
    Value beta2t = math::PowFOp::create(b, loc, d(beta2), t);
    Value bc2 = arith::SubFOp::create(b, loc, d(1.0), beta2t);
    Value lr64 = arith::ExtFOp::create(b, loc, f64, adaptor.getLr());
    Value stepSize =
        arith::TruncFOp::create(b, loc, f32, arith::DivFOp::create(b, loc, lr64, bc1));
    Value bc2Sqrt = math::SqrtOp::create(b, loc, bc2);
    Value bc2InvSqrt =
        arith::TruncFOp::create(b, loc, f32, arith::DivFOp::create(b, loc, d(1.0), bc2Sqrt));
    Value decay;
    if (decoupled && wd != 0.0) {
      Value shrink = arith::MulFOp::create(b, loc, lr64, d(wd));
      decay = arith::TruncFOp::create(b, loc, f32, arith::SubFOp::create(b, loc, d(1.0), shrink));
    }

    Value param = adaptor.getParam();
    ValueRange results = buildUpdate(
        rewriter, loc, ValueRange{param, adaptor.getGrad(), adaptor.getM(), adaptor.getV()},
        ValueRange{param, adaptor.getM(), adaptor.getV()}, [&](OpBuilder &nb, Location l, ValueRange a) {
          Value p = a[0], g = a[1];
          if (decay)
            p = arith::MulFOp::create(nb, l, p, decay);
          else if (!decoupled)
            g = addWeightDecay(nb, l, g, p, wd);
          Value mKept = arith::MulFOp::create(nb, l, a[2], cst(nb, l, beta1));
          Value mNew = arith::MulFOp::create(nb, l, g, cst(nb, l, 1.0 - beta1));
          Value m = arith::AddFOp::create(nb, l, mKept, mNew);
          Value g2 = arith::MulFOp::create(nb, l, g, g);
          Value vKept = arith::MulFOp::create(nb, l, a[3], cst(nb, l, beta2));
          Value vNew = arith::MulFOp::create(nb, l, cst(nb, l, 1.0 - beta2), g2);
          Value v = arith::AddFOp::create(nb, l, vKept, vNew);
          Value scaledRoot = arith::MulFOp::create(nb, l, math::SqrtOp::create(nb, l, v), bc2InvSqrt);
          Value denom = arith::AddFOp::create(nb, l, scaledRoot, cst(nb, l, eps));
          Value newP = descend(nb, l, p, stepSize, divideByRoot(nb, l, m, denom, eps));
          return SmallVector<Value>{newP, m, v};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// RMSprop: sq' = α sq + (1-α) g², a = √sq' + eps, then p - lr · g/a or the momentum form.
struct RmspropUpdateLowering : OpConversionPattern<RmspropUpdateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(RmspropUpdateOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double alpha = op.getAlpha().convertToDouble(), eps = op.getEps().convertToDouble();
    double momentum = op.getMomentum().convertToDouble();
    double wd = op.getWeightDecay().convertToDouble();
    Value lr = adaptor.getLr();
    Value param = adaptor.getParam();
    SmallVector<Value> inputs{param, adaptor.getGrad(), adaptor.getSquareAvg()};
    SmallVector<Value> destinations{param, adaptor.getSquareAvg()};
    if (Value buffer = adaptor.getMomentumBuffer()) {
      inputs.push_back(buffer);
      destinations.push_back(buffer);
    }
    ValueRange results = buildUpdate(
        rewriter, loc, inputs, destinations,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value p = a[0];
          Value g = addWeightDecay(b, l, a[1], p, wd);
          Value g2 = arith::MulFOp::create(b, l, g, g);
          Value sqKept = arith::MulFOp::create(b, l, a[2], cst(b, l, alpha));
          Value sqNew = arith::MulFOp::create(b, l, cst(b, l, 1.0 - alpha), g2);
          Value sq = arith::AddFOp::create(b, l, sqKept, sqNew);
          Value root = math::SqrtOp::create(b, l, sq);
          Value avg = arith::AddFOp::create(b, l, root, cst(b, l, eps));
          Value step = divideByRoot(b, l, g, avg, eps);
          if (momentum == 0.0)
            return SmallVector<Value>{descend(b, l, p, lr, step), sq};
          Value buf = arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, a[3], cst(b, l, momentum)), step);
          return SmallVector<Value>{descend(b, l, p, lr, buf), sq, buf};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void lepton::populateOptimizerLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<SgdUpdateLowering, AdamUpdateLowering, RmspropUpdateLowering>(
      patterns.getContext());
}
