// LoweringPipeline.cpp — builds `lepton-lower-to-llvm` and registers the codegen passes.
#include "codegen/LoweringPipeline.h"
#include "codegen/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace lepton {
#define GEN_PASS_REGISTRATION
#include "codegen/Passes.h.inc"
} // namespace lepton

void lepton::buildLowerToLLVMPipeline(OpPassManager &pm, const LowerToLLVMOptions &options) {
  // 1. Tensor-level clean-up and fusion of elementwise chains (bias + activation, …); matmuls
  //    stay named matmuls for step 3.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createLeptonFuseElementwise());

  // 2. Tensors → buffers; function arguments stay plain row-major memrefs.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion = bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
  // Deallocation may clone a buffer a function returns unchanged; clones become alloc + copy.
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCanonicalizerPass());
  // Subnormal floats flushed to zero in every public function unless the target keeps them
  // (after bufferization, which refuses the LLVM intrinsics' unknown memory effects).
  pm.addPass(createLeptonDenormals());

  // 3. Kernels: matmuls become register-blocked vector code, everything else plain loops.
  LeptonMatmulToVectorOptions matmul;
  matmul.vectorWidth = options.vectorWidth;
  matmul.rows = options.matmulRows;
  pm.addNestedPass<func::FuncOp>(createLeptonMatmulToVector(matmul));
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createCanonicalizerPass());

  // 4. Everything → the LLVM dialect.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void lepton::registerCodegenPasses() {
  registerLeptonCodegenPasses();
  PassPipelineRegistration<LowerToLLVMOptions>(
      "lepton-lower-to-llvm",
      "Lower linalg-on-tensors, func, scf and memref to the LLVM dialect with vector kernels",
      buildLowerToLLVMPipeline);
}
