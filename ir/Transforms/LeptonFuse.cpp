// LeptonFuse.cpp — the lepton-fuse pass: activations and inference batch norms folded into the dense layers that feed them, one optimizer update.
#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"
#include "ir/Passes.h"
#include "ir/Transforms/FuseOptimizerUpdates.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONFUSEPASS
#include "ir/Passes.h.inc"
} // namespace lepton

using namespace mlir;
using namespace lepton;

namespace {

/// The forward activation applied to `z` before `use` in the same block (relu, or leaky_relu with
/// the given alpha), or null.
template <typename ForwardOp>
ForwardOp forwardOf(Value z, Operation *use, std::optional<float> alpha = std::nullopt) {
  for (Operation *user : z.getUsers()) {
    auto forward = dyn_cast<ForwardOp>(user);
    if (!forward || forward->getBlock() != use->getBlock() || !forward->isBeforeInBlock(use))
      continue;
    if constexpr (std::is_same_v<ForwardOp, LeakyReluOp>)
      if (forward.getAlpha().convertToFloat() != *alpha)
        continue;
    return forward;
  }
  return nullptr;
}

/// relu_grad(z, dy) → relu_grad(relu(z), dy): y > 0 ⇔ z > 0 (NaN and −0 compare false in both).
struct ReluGradFromOutput : OpRewritePattern<ReluGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReluGradOp grad, PatternRewriter &rewriter) const override {
    Value z = grad.getSaved();
    if (z.getDefiningOp<ReluOp>())
      return rewriter.notifyMatchFailure(grad, "already reads a relu's output");
    auto forward = forwardOf<ReluOp>(z, grad);
    if (!forward)
      return rewriter.notifyMatchFailure(grad, "no relu of its input before it");
    rewriter.modifyOpInPlace(grad, [&] { grad.getSavedMutable().assign(forward.getResult()); });
    return success();
  }
};

/// leaky_relu_grad(z, dy) → leaky_relu_grad(leaky_relu(z), dy) for alpha > 0 (y > 0 ⇔ z > 0).
struct LeakyReluGradFromOutput : OpRewritePattern<LeakyReluGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LeakyReluGradOp grad, PatternRewriter &rewriter) const override {
    float alpha = grad.getAlpha().convertToFloat();
    Value z = grad.getSaved();
    if (!(alpha > 0.0f))
      return rewriter.notifyMatchFailure(grad, "alpha <= 0: the output's sign does not tell the input's");
    if (auto producer = z.getDefiningOp<LeakyReluOp>(); producer && producer.getAlpha().convertToFloat() == alpha)
      return rewriter.notifyMatchFailure(grad, "already reads the output");
    auto forward = forwardOf<LeakyReluOp>(z, grad, alpha);
    if (!forward)
      return rewriter.notifyMatchFailure(grad, "no leaky_relu with its alpha before it");
    rewriter.modifyOpInPlace(grad, [&] { grad.getSavedMutable().assign(forward.getResult()); });
    return success();
  }
};

/// A dense layer read only by the op being rewritten, directly or through a `lepton.reshape` read only by it (a
/// convolution's rows as images); `dense` is null when `v` is not one.
struct ReshapedDense {
  DenseOp dense;
  ReshapeOp reshape; ///< or null
};

ReshapedDense reshapedDenseOf(Value v) {
  auto reshape = v.getDefiningOp<ReshapeOp>();
  if (reshape && !reshape->hasOneUse())
    return {};
  auto dense = (reshape ? reshape.getInput() : v).getDefiningOp<DenseOp>();
  if (!dense || dense.getActivation() || !dense.getResult().hasOneUse())
    return {};
  return {dense, reshape};
}

/// Replaces `root` by `replacement` (a new dense layer), reshaped as `old` was, and erases `old`'s ops.
void replaceReshapedDense(PatternRewriter &rewriter, Operation *root, ReshapedDense old, DenseOp replacement) {
  Value result = replacement.getResult();
  if (old.reshape)
    result = ReshapeOp::create(rewriter, old.reshape.getLoc(), old.reshape.getResult().getType(), result);
  rewriter.replaceOp(root, result);
  if (old.reshape)
    rewriter.eraseOp(old.reshape);
  rewriter.eraseOp(old.dense);
}

/// act(dense(x, W, b)) → dense(x, W, b) {activation = act} when the dense result has no other use; also through
/// a reshape (a convolution's rows as images): act(reshape(dense)) → reshape(dense {activation}), the activation
/// being elementwise.
template <typename ActivationOp>
struct FoldActivationIntoDense : OpRewritePattern<ActivationOp> {
  FoldActivationIntoDense(MLIRContext *ctx, StringRef name)
      : OpRewritePattern<ActivationOp>(ctx), name(name) {}

  LogicalResult matchAndRewrite(ActivationOp act, PatternRewriter &rewriter) const override {
    ReshapedDense input = reshapedDenseOf(act.getInput());
    if (!input.dense)
      return rewriter.notifyMatchFailure(act, "input is not a dense layer used only here");
    DenseOp dense = input.dense;
    FloatAttr alpha;
    if constexpr (std::is_same_v<ActivationOp, LeakyReluOp>) {
      alpha = act.getAlphaAttr();
      if (!(alpha.getValueAsDouble() > 0.0))
        return rewriter.notifyMatchFailure(act, "leaky_relu with alpha <= 0 keeps its input");
    }
    rewriter.setInsertionPoint(act);
    auto fused = DenseOp::create(rewriter, dense.getLoc(), dense.getResult().getType(), dense.getInput(),
                                 dense.getWeight(), dense.getBias(), rewriter.getStringAttr(name), alpha);
    replaceReshapedDense(rewriter, act, input, fused);
    return success();
  }

  StringRef name;
};

/// batchnorm_inference([reshape](dense(x, W, b)), γ, β, mean, var) → [reshape](dense(x, W', b')) with
/// W', b' = batchnorm_fold(W, b, γ, β, mean, var): the normalisation's pass over the layer's output becomes a
/// pass over W (and its ReLU can then fold into the layer too). Only when the layer has more rows than W (a
/// convolution's rows are batch × positions), where that pass is the cheaper one: the fold runs per call.
struct FoldBatchNormIntoDense : OpRewritePattern<BatchNormInferenceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormInferenceOp bn, PatternRewriter &rewriter) const override {
    ReshapedDense input = reshapedDenseOf(bn.getInput());
    if (!input.dense)
      return rewriter.notifyMatchFailure(bn, "input is not a dense layer without activation used only here");
    DenseOp dense = input.dense;
    ReshapeOp reshape = input.reshape;
    auto outType = dense.getResult().getType();
    auto weightType = dense.getWeight().getType();
    int64_t columns = outType.getDimSize(1), rows = outType.getDimSize(0);
    if (columns != static_cast<int64_t>(bn.getChannels()))
      return rewriter.notifyMatchFailure(bn, "channels are not the dense layer's columns");
    if (reshape) { // row-major: element (m, n) lands in column m·N + n of a row, channel n again
      auto type = cast<RankedTensorType>(reshape.getResult().getType());
      if (type.getRank() != 2 || ShapedType::isDynamic(type.getDimSize(1)) || type.getDimSize(1) % columns != 0)
        return rewriter.notifyMatchFailure(bn, "the reshape does not keep the channels innermost");
    }
    if (ShapedType::isDynamic(rows) || rows <= weightType.getDimSize(0))
      return rewriter.notifyMatchFailure(bn, "no more rows than the weight: folding costs more than it saves");
    Location loc = bn.getLoc();
    auto vecType = RankedTensorType::get({columns}, rewriter.getF32Type());
    Value bias = dense.getBias();
    if (!bias)
      bias = arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(vecType, 0.0f));
    auto fold = BatchNormFoldOp::create(rewriter, loc, TypeRange{weightType, vecType}, dense.getWeight(), bias,
                                        bn.getGamma(), bn.getBeta(), bn.getMean(), bn.getVariance(),
                                        bn.getEpsilonAttr());
    auto folded = DenseOp::create(rewriter, dense.getLoc(), outType, dense.getInput(), fold.getFoldedWeight(),
                                  fold.getFoldedBias(), StringAttr(), FloatAttr());
    replaceReshapedDense(rewriter, bn, input, folded);
    return success();
  }
};

struct LeptonFusePass : lepton::impl::LeptonFusePassBase<LeptonFusePass> {
  using LeptonFusePassBase::LeptonFusePassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (const std::string &name : skip)
      if (!llvm::is_contained(lepton::kFuseRewrites, name)) {
        module.emitError("lepton-fuse: unknown rewrite '") << name << "' to skip; the rewrites are activations, "
                                                                     "batchnorm and optimizer";
        return signalPassFailure();
      }
    if (auto mode = module->getAttrOfType<StringAttr>(kFuseAttr); mode && mode.getValue() == "off")
      return;
    auto enabled = [&](StringRef name) { return !llvm::is_contained(skip, name); };
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    if (enabled("activations")) {
      patterns.add<ReluGradFromOutput, LeakyReluGradFromOutput>(ctx);
      patterns.add<FoldActivationIntoDense<ReluOp>>(ctx, "relu");
      patterns.add<FoldActivationIntoDense<SigmoidOp>>(ctx, "sigmoid");
      patterns.add<FoldActivationIntoDense<TanhOp>>(ctx, "tanh");
      patterns.add<FoldActivationIntoDense<LeakyReluOp>>(ctx, "leaky_relu");
    }
    if (enabled("batchnorm"))
      patterns.add<FoldBatchNormIntoDense>(ctx);
    if (failed(applyPatternsGreedily(module, std::move(patterns))))
      signalPassFailure();
    if (enabled("optimizer"))
      fuseOptimizerUpdates(module);
  }
};

} // namespace
