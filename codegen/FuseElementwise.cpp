// FuseElementwise.cpp — linalg elementwise fusion and reshape propagation that keeps matmuls named.
//
// Upstream's linalg-fuse-elementwise-ops also propagates tensor reshapes through every linalg op
// by expansion, which turns a named matmul next to a reshape (a convolution's patches, its weight
// viewed as a matrix) into a higher-rank linalg.generic that lepton-matmul-to-vector cannot
// recognise, and that then runs as scalar loops. This pass applies the same patterns, but never
// expands or fuses into a contraction.
#include "codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// A contraction: what the interface recognises, and also a generic that sums integer products into its
/// output over a reduction loop whatever its maps — the int8 product reads packed weights through a
/// non-permutation map (ir/Int8Layout.h), which the interface does not accept, and it must stay a
/// kernel of its own for lepton-int8-matmul-to-vector. (Float reductions such as a weighted loss sum
/// keep fusing their producers.)
bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!linalgOp)
    return false;
  if (linalg::isaContractionOpInterface(linalgOp))
    return true;
  if (linalgOp.getNumReductionLoops() == 0 || linalgOp.getNumDpsInits() != 1 || !linalgOp.getBlock())
    return false;
  Block &body = *linalgOp.getBlock();
  Value yielded = body.getTerminator()->getOperand(0);
  Operation *add = yielded.getDefiningOp();
  if (!isa_and_nonnull<arith::AddIOp>(add))
    return false;
  Value out = body.getArguments().back();
  for (auto [mine, other] : {std::pair{0, 1}, std::pair{1, 0}})
    if (add->getOperand(mine) == out &&
        isa_and_nonnull<arith::MulIOp>(add->getOperand(other).getDefiningOp()))
      return true;
  return false;
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
