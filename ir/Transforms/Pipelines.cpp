// Pipelines.cpp — builds the named lepton pipeline, step by step (IREE's style of pipelines).
#include "ir/Pipelines.h"

#include "ir/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

void lepton::buildLeptonTransformPipeline(mlir::OpPassManager &pm,
                                          const LeptonPipelineOptions &options) {
  // 1. Every lepton.grad becomes the forward computation and its reverse sweep.
  pm.addPass(createLeptonAutodiffPass());
  // 2. Clean-up: the inlined forward pass and the train step's own one merge (CSE).
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  // 3. Activations into the dense layers and convolutions before them (after CSE, which leaves
  //    one forward pass whose pre-activations the gradients read).
  if (options.fuse) {
    LeptonFusePassOptions fuse;
    fuse.skip.assign(options.fuseSkip.begin(), options.fuseSkip.end());
    pm.addPass(createLeptonFusePass(fuse));
  }
  // 4. Dense layers of functions marked lepton.quantize_int8 become int8 layers (after fusion, so that a
  //    fused activation goes into the int8 layer's epilogue).
  pm.addPass(createLeptonQuantizeInt8Pass());
}

void lepton::buildLeptonToLinalgPipeline(mlir::OpPassManager &pm,
                                         const LeptonPipelineOptions &) {
  // 3. lepton ops → linalg named ops and fused generics on tensors.
  pm.addPass(createConvertLeptonToLinalgPass());
}

void lepton::buildLeptonPipeline(mlir::OpPassManager &pm, const LeptonPipelineOptions &options) {
  buildLeptonTransformPipeline(pm, options);
  buildLeptonToLinalgPipeline(pm, options);
}

void lepton::registerLeptonPipelines() {
  mlir::PassPipelineRegistration<LeptonPipelineOptions>(
      "lepton-pipeline",
      "The lepton passes leptonc runs between --emit=mlir and --emit=linalg: gradients, "
      "clean-up, fusion, conversion to linalg",
      buildLeptonPipeline);
}
