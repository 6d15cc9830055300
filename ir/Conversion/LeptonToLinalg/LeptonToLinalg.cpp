// LeptonToLinalg.cpp — the convert-lepton-to-linalg pass: every lepton op to linalg/tensor/arith/math.
#include "ir/Conversion/LeptonToLinalg/LeptonToLinalg.h"
#include "ir/LeptonDialect.h"
#include "ir/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace lepton {
#define GEN_PASS_DEF_CONVERTLEPTONTOLINALGPASS
#include "ir/Passes.h.inc"
} // namespace lepton

using namespace mlir;
using namespace lepton;

void lepton::populateLeptonToLinalgConversionPatterns(RewritePatternSet &patterns) {
  populateLayerLoweringPatterns(patterns);
  populateWindowLoweringPatterns(patterns);
  populateNormLoweringPatterns(patterns);
  populateActivationLoweringPatterns(patterns);
  populateLossLoweringPatterns(patterns);
  populateRegulariserLoweringPatterns(patterns);
  populateOptimizerLoweringPatterns(patterns);
  populateQuantLoweringPatterns(patterns);
}

namespace {

struct ConvertLeptonToLinalgPass
    : lepton::impl::ConvertLeptonToLinalgPassBase<ConvertLeptonToLinalgPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // lepton.grad has no lowering: it is a request for lepton-autodiff.
    WalkResult pending = module.walk([](GradOp grad) {
      grad.emitOpError("must be expanded by --lepton-autodiff before lowering to linalg");
      return WalkResult::interrupt();
    });
    if (pending.wasInterrupted())
      return signalPassFailure();

    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<LeptonDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect, math::MathDialect,
                           tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(ctx);
    populateLeptonToLinalgConversionPatterns(patterns);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
