// NormLowering.cpp — lepton → linalg patterns of batch normalisation (training, its VJP, inference).
//
// The (B, P·C) input is viewed as (B, P, C); per-channel sums are linalg.generic reductions over
// (b, p) that skip rows whose weight is not positive (a padded batch's rows).
#include "ir/Conversion/LeptonToLinalg/LeptonToLinalg.h"
#include "ir/Conversion/LeptonToLinalg/LoweringUtils.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace lepton;
using namespace lepton::lowering;

namespace {

using ElementFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

struct Norm {
  OpBuilder &b;
  Location loc;
  int64_t channels, positions;
  Value x3, weights; // (B, P, C) view of the input; (B) row weights

  MLIRContext *ctx() { return b.getContext(); }
  AffineMap map(ArrayRef<unsigned> dims) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d : dims)
      exprs.push_back(getAffineDimExpr(d, ctx()));
    return AffineMap::get(3, 0, exprs, ctx());
  }
  RankedTensorType vec() { return RankedTensorType::get({channels}, b.getF32Type()); }
  Value real(OpBuilder &nb, Location l, Value w) {
    return arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT, w, f32Constant(nb, l, 0.0));
  }

  /// Σ over real rows and positions of f(x, per-channel extras…) per channel.
  Value channelSum(ValueRange perChannel, ValueRange perElement, ElementFn f) {
    return channelSums(perChannel, perElement, {f})[0];
  }

  /// Several such sums in one pass over the data (one generic with an accumulator per sum).
  SmallVector<Value> channelSums(ValueRange perChannel, ValueRange perElement, ArrayRef<ElementFn> fs) {
    SmallVector<Value> accs;
    for (size_t k = 0; k < fs.size(); ++k)
      accs.push_back(fill(b, loc, tensor::EmptyOp::create(b, loc, vec().getShape(), b.getF32Type()), 0.0));
    SmallVector<Value> inputs{x3, weights};
    SmallVector<AffineMap> maps{map({0, 1, 2}), map({0})};
    for (Value v : perElement)
      inputs.push_back(v), maps.push_back(map({0, 1, 2}));
    for (Value v : perChannel)
      inputs.push_back(v), maps.push_back(map({2}));
    for (size_t k = 0; k < fs.size(); ++k)
      maps.push_back(map({2}));
    size_t numInputs = inputs.size();
    ValueRange sums = buildGeneric(b, loc, inputs, accs, maps,
                                   {utils::IteratorType::reduction, utils::IteratorType::reduction,
                                    utils::IteratorType::parallel},
                                   [&](OpBuilder &nb, Location l, ValueRange args) {
                                     SmallVector<Value> next;
                                     Value isReal = real(nb, l, args[1]);
                                     for (auto [k, f] : llvm::enumerate(fs)) {
                                       Value term = f(nb, l, args.take_front(numInputs));
                                       Value zero = f32Constant(nb, l, 0.0);
                                       Value kept = arith::SelectOp::create(nb, l, isReal, term, zero);
                                       next.push_back(arith::AddFOp::create(nb, l, args[numInputs + k], kept));
                                     }
                                     return next;
                                   });
    return SmallVector<Value>(sums.begin(), sums.end());
  }

  /// N = (real rows) · P, as a 0-d tensor.
  Value count() {
    Value acc = scalarAccumulator(b, loc, 0.0);
    AffineMap row = AffineMap::get(1, 0, {getAffineDimExpr(0, ctx())}, ctx());
    Value n = buildGeneric(b, loc, weights, acc, {row, AffineMap::get(1, 0, {}, ctx())},
                           {utils::IteratorType::reduction},
                           [&](OpBuilder &nb, Location l, ValueRange args) {
                             Value isReal = real(nb, l, args[0]);
                             Value unit = f32Constant(nb, l, 1.0);
                             Value one = arith::SelectOp::create(nb, l, isReal, unit, f32Constant(nb, l, 0.0));
                             return SmallVector<Value>{arith::AddFOp::create(nb, l, args[1], one)};
                           })[0];
    return buildElementwise(b, loc, RankedTensorType::get({}, b.getF32Type()), n,
                            [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                              return arith::MulFOp::create(nb, l, a[0],
                                                           f32Constant(nb, l, positions));
                            });
  }

  /// (mean, variance) per channel over the real rows.
  std::pair<Value, Value> statistics(Value n) {
    auto divide = [&](Value sum) {
      return buildElementwise(b, loc, vec(), {sum, n}, [](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value safe = arith::MaximumFOp::create(nb, l, a[1], f32Constant(nb, l, 1.0));
        return arith::DivFOp::create(nb, l, a[0], safe);
      });
    };
    Value mean = divide(channelSum({}, {}, [](OpBuilder &, Location, ValueRange a) { return a[0]; }));
    Value var = divide(channelSum({mean}, {}, [](OpBuilder &nb, Location l, ValueRange a) -> Value {
      Value d = arith::SubFOp::create(nb, l, a[0], a[2]);
      return arith::MulFOp::create(nb, l, d, d);
    }));
    return {mean, var};
  }

  /// An elementwise (B, P, C) computation g(x, extras…) with per-channel inputs; back to (B, P·C).
  Value perElement(RankedTensorType matrixType, ValueRange perElementInputs, ValueRange perChannel,
                   ElementFn g) {
    auto type3 = cast<RankedTensorType>(x3.getType());
    Value init = emptyTensor(b, loc, type3, {{x3, 0}});
    SmallVector<Value> inputs{x3, weights};
    SmallVector<AffineMap> maps{map({0, 1, 2}), map({0})};
    for (Value v : perElementInputs)
      inputs.push_back(v), maps.push_back(map({0, 1, 2}));
    for (Value v : perChannel)
      inputs.push_back(v), maps.push_back(map({2}));
    maps.push_back(map({0, 1, 2}));
    Value y = buildGeneric(b, loc, inputs, init, maps, iterators(3, 0),
                           [&](OpBuilder &nb, Location l, ValueRange args) {
                             return SmallVector<Value>{g(nb, l, args.drop_back())};
                           })[0];
    return tensor::CollapseShapeOp::create(b, loc, matrixType, y,
                                           ArrayRef<ReassociationIndices>{{0}, {1, 2}});
  }
};

Norm makeNorm(OpBuilder &b, Location loc, Value x, Value weights, int64_t channels) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t positions = type.getDimSize(1) / channels;
  auto type3 = RankedTensorType::get({type.getDimSize(0), positions, channels}, b.getF32Type());
  Value x3 = tensor::ExpandShapeOp::create(b, loc, type3, x, ArrayRef<ReassociationIndices>{{0}, {1, 2}});
  return Norm{b, loc, channels, positions, x3, weights};
}

/// rstd = 1/√(var + ε)
Value rstdOf(OpBuilder &nb, Location l, Value var, float eps) {
  return math::RsqrtOp::create(nb, l, arith::AddFOp::create(nb, l, var, f32Constant(nb, l, eps)));
}

/// γ (x − mean)·rstd + β from a perElement body's (x, w, mean, var, γ, β).
Value normalise(OpBuilder &nb, Location l, ValueRange a, float eps) {
  Value centred = arith::SubFOp::create(nb, l, a[0], a[2]);
  Value xhat = arith::MulFOp::create(nb, l, centred, rstdOf(nb, l, a[3], eps));
  return arith::AddFOp::create(nb, l, arith::MulFOp::create(nb, l, xhat, a[4]), a[5]);
}

struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Norm n = makeNorm(rewriter, op.getLoc(), adaptor.getInput(), adaptor.getRowWeights(),
                      op.getChannels());
    auto [mean, var] = n.statistics(n.count());
    float eps = op.getEpsilon().convertToFloat();
    // inputs: x, w, mean, var, γ, β
    Value y = n.perElement(op.getResult().getType(), {}, {mean, var, adaptor.getGamma(), adaptor.getBeta()},
                           [&](OpBuilder &nb, Location l, ValueRange a) {
                             return normalise(nb, l, a, eps);
                           });
    rewriter.replaceOp(op, {y, mean, var});
    return success();
  }
};

struct BatchNormGradLowering : OpConversionPattern<BatchNormGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BatchNormGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Norm n = makeNorm(rewriter, loc, adaptor.getInput(), adaptor.getRowWeights(), op.getChannels());
    Value count = n.count();
    // The forward pass's statistics, not recomputed: dβ and dγ take one pass together, dx another.
    Value mean = adaptor.getMean(), var = adaptor.getVariance();
    float eps = op.getEpsilon().convertToFloat();
    auto type3 = cast<RankedTensorType>(n.x3.getType());
    Value dy3 = tensor::ExpandShapeOp::create(rewriter, loc, type3, adaptor.getResultGrad(),
                                              ArrayRef<ReassociationIndices>{{0}, {1, 2}});
    // channelSums' functions get (x, w, dy, mean, var).
    SmallVector<Value> sums = n.channelSums(
        {mean, var}, dy3,
        {[](OpBuilder &, Location, ValueRange a) { return a[2]; },
         [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
           Value centred = arith::SubFOp::create(nb, l, a[0], a[3]);
           Value xhat = arith::MulFOp::create(nb, l, centred, rstdOf(nb, l, a[4], eps));
           return arith::MulFOp::create(nb, l, a[2], xhat);
         }});
    Value dbeta = sums[0], dgamma = sums[1];
    // Per channel: k1 = γ·rstd, dβ/N and dγ/N.
    Value scaled = buildElementwise(rewriter, loc, n.vec(), {adaptor.getGamma(), var},
                                    [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                                      return arith::MulFOp::create(nb, l, a[0], rstdOf(nb, l, a[1], eps));
                                    });
    auto perN = [&](Value v) {
      return buildElementwise(rewriter, loc, n.vec(), {v, count}, [](OpBuilder &nb, Location l, ValueRange a) -> Value {
        return arith::DivFOp::create(nb, l, a[0], arith::MaximumFOp::create(nb, l, a[1], f32Constant(nb, l, 1.0)));
      });
    };
    Value dbetaN = perN(dbeta), dgammaN = perN(dgamma);
    // dx gets (x, w, dy, mean, var, k1, dβ/N, dγ/N).
    Value dx = n.perElement(op.getInputGrad().getType(), dy3, {mean, var, scaled, dbetaN, dgammaN},
                            [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                              Value centred = arith::SubFOp::create(nb, l, a[0], a[3]);
                              Value xhat = arith::MulFOp::create(nb, l, centred, rstdOf(nb, l, a[4], eps));
                              Value shifted = arith::SubFOp::create(nb, l, a[2], a[6]);
                              Value inner = arith::SubFOp::create(nb, l, shifted,
                                                                  arith::MulFOp::create(nb, l, xhat, a[7]));
                              Value g = arith::MulFOp::create(nb, l, a[5], inner);
                              Value isReal = n.real(nb, l, a[1]);
                              return arith::SelectOp::create(nb, l, isReal, g, f32Constant(nb, l, 0.0));
                            });
    rewriter.replaceOp(op, {dx, dgamma, dbeta});
    return success();
  }
};

struct BatchNormInferenceLowering : OpConversionPattern<BatchNormInferenceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BatchNormInferenceOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(adaptor.getInput().getType());
    // Row weights are not used here: a (B) vector of ones stands in for the shared helper.
    Value ones = fill(rewriter, loc, emptyTensor(rewriter, loc, RankedTensorType::get({type.getDimSize(0)}, rewriter.getF32Type()),
                                                   {{adaptor.getInput(), 0}}), 1.0);
    Norm n = makeNorm(rewriter, loc, adaptor.getInput(), ones, op.getChannels());
    float eps = op.getEpsilon().convertToFloat();
    Value y = n.perElement(type, {}, {adaptor.getMean(), adaptor.getVariance(), adaptor.getGamma(), adaptor.getBeta()},
                           [&](OpBuilder &nb, Location l, ValueRange a) {
                             return normalise(nb, l, a, eps);
                           });
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// s = γ · rstd per column, then bias' = (bias − mean) · s + β (one generic over the columns) and
/// weight' = weight · s (one over the weight, s broadcast along its rows).
struct BatchNormFoldLowering : OpConversionPattern<BatchNormFoldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BatchNormFoldOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    float eps = op.getEpsilon().convertToFloat();
    auto vecType = cast<RankedTensorType>(adaptor.getBias().getType());
    auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
    MLIRContext *ctx = rewriter.getContext();
    AffineMap id1 = AffineMap::getMultiDimIdentityMap(1, ctx);
    Value scaleInit = emptyTensor(rewriter, loc, vecType, {});
    Value biasInit = emptyTensor(rewriter, loc, vecType, {});
    ValueRange perColumn = buildGeneric(
        rewriter, loc, ValueRange{adaptor.getBias(), adaptor.getGamma(), adaptor.getBeta(), adaptor.getMean(),
                                  adaptor.getVariance()},
        ValueRange{scaleInit, biasInit}, SmallVector<AffineMap>(7, id1), {utils::IteratorType::parallel},
        [&](OpBuilder &nb, Location l, ValueRange a) {
          Value scale = arith::MulFOp::create(nb, l, a[1], rstdOf(nb, l, a[4], eps));
          Value centred = arith::SubFOp::create(nb, l, a[0], a[3]);
          Value bias = arith::AddFOp::create(nb, l, arith::MulFOp::create(nb, l, centred, scale), a[2]);
          return SmallVector<Value>{scale, bias};
        });
    AffineMap id2 = AffineMap::getMultiDimIdentityMap(2, ctx);
    AffineMap column = AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
    ValueRange weight = buildGeneric(
        rewriter, loc, ValueRange{adaptor.getWeight(), perColumn[0]},
        ValueRange{emptyTensor(rewriter, loc, weightType, {})},
        {id2, column, id2}, {utils::IteratorType::parallel, utils::IteratorType::parallel},
        [&](OpBuilder &nb, Location l, ValueRange a) {
          return SmallVector<Value>{arith::MulFOp::create(nb, l, a[0], a[1])};
        });
    rewriter.replaceOp(op, {weight[0], perColumn[1]});
    return success();
  }
};

} // namespace

void lepton::populateNormLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering, BatchNormGradLowering, BatchNormInferenceLowering, BatchNormFoldLowering>(
      patterns.getContext());
}
