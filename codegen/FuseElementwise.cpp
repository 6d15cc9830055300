// FuseElementwise.cpp — linalg elementwise fusion and reshape propagation that keeps matmuls named.
//
// Upstream's linalg-fuse-elementwise-ops also propagates tensor reshapes through every linalg op
// by expansion, which turns a named matmul next to a reshape (a convolution's patches, its weight
// viewed as a matrix) into a higher-rank linalg.generic that lepton-matmul-to-vector cannot
// recognise, and that then runs as scalar loops. This pass applies the same patterns, but never
// expands or fuses into a contraction.
#include "codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONFUSEELEMENTWISE
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  return linalgOp && linalg::isaContractionOpInterface(linalgOp);
}

struct LeptonFuseElementwisePass
    : lepton::impl::LeptonFuseElementwiseBase<LeptonFuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    // Fuse a producer into its consumer only when nothing else uses it (upstream's default),
    // and never when either side is a contraction.
    linalg::ControlFusionFn control = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      return producer && producer->hasOneUse() && !isContraction(producer) &&
             !isContraction(fused->getOwner());
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, control);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, control);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
