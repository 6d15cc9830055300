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
  // 5. Convolutions' patch matrices larger than the L2 cache made and used per batch slice (after
  //    fusion, so that a slice's dense layer applies its activation; after quantization, which counts
  //    the dense layers of a function).
  if (options.sliceBytes > 0) {
    LeptonSlicePatchesPassOptions slicing;
    slicing.sliceBytes = options.sliceBytes;
    pm.addPass(createLeptonSlicePatchesPass(slicing));
  }
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
