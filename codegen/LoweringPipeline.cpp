// LoweringPipeline.cpp — builds `lepton-lower-to-llvm` and registers the codegen passes.
#include "codegen/LoweringPipeline.h"
#include "codegen/Passes.h"
#include "ir/Attributes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace lepton {
#define GEN_PASS_REGISTRATION
#include "codegen/Passes.h.inc"
} // namespace lepton

namespace {
bool isStackScratch(Value alloc) {
  auto fn = alloc.getParentRegion()->getParentOfType<func::FuncOp>();
  auto type = dyn_cast<MemRefType>(alloc.getType());
  if (!fn || !fn->hasAttr(lepton::kStackScratchAttr) || !type || !type.hasStaticShape())
    return false;
  int64_t bytes = type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
  return bytes <= lepton::kStackScratchMaxBuffer;
}
} // namespace

void lepton::buildLowerToLLVMPipeline(OpPassManager &pm, const LowerToLLVMOptions &options) {
  // 1. Tensor-level clean-up and fusion of elementwise chains (bias + activation, …); matmuls
  //    stay named matmuls for step 3.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createLeptonFuseElementwise());
  pm.addNestedPass<func::FuncOp>(createLeptonGradientsInPlace());

  // 2. Tensors → buffers; function arguments stay plain row-major memrefs.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion = bufferization::LayoutMapOption::IdentityLayoutMap;
  // A result built slice by slice (lepton-slice-patches' loops insert each slice into it) is computed in
  // place: each slice's ops write into their part of the whole instead of a buffer of their own.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addNestedPass<func::FuncOp>(createLeptonDropStagingBuffers());
  // Static scratch buffers of a loop's body (a slice of patches) allocated once, before the loop.
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  // Functions marked lepton.stack_scratch (exported inference) keep their static intermediate
  // buffers on the stack: a call allocates nothing.
  pm.addNestedPass<func::FuncOp>(bufferization::createPromoteBuffersToStackPass(isStackScratch));
  bufferization::buildBufferDeallocationPipeline(pm);
  // Deallocation may clone a buffer a function returns unchanged; clones become alloc + copy.
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createLeptonEraseSelfCopies());
  // Subnormal floats flushed to zero in every public function unless the target keeps them
  // (after bufferization, which refuses the LLVM intrinsics' unknown memory effects).
  LeptonDenormalsOptions denormals;
  denormals.arch = options.arch;
  pm.addPass(createLeptonDenormals(denormals));

  // 3. Kernels: matmuls become register-blocked vector code (applying the elementwise op after
  //    one in registers), everything else plain loops; with threads, the outer loop of large ops
  //    becomes an OpenMP work-sharing loop.
  pm.addPass(createLeptonOptimizerEpilogues());
  pm.addNestedPass<func::FuncOp>(createLeptonContractionEpilogues());
  if (options.threads)
    pm.addPass(createLeptonParallelize());
  LeptonMatmulToVectorOptions matmul;
  matmul.vectorWidth = options.vectorWidth;
  matmul.rows = options.matmulRows;
  matmul.kBlock = options.matmulKBlock;
  matmul.packMinRows = options.matmulPackMinRows;
  pm.addNestedPass<func::FuncOp>(createLeptonMatmulToVector(matmul));
  LeptonInt8MatmulToVectorOptions int8Matmul;
  int8Matmul.vectorWidth = options.vectorWidth;
  int8Matmul.dot = options.int8Dot;
  pm.addNestedPass<func::FuncOp>(createLeptonInt8MatmulToVector(int8Matmul));
  if (options.reciprocalDivide != "none") {
    LeptonReciprocalDivideOptions reciprocal;
    reciprocal.estimate = options.reciprocalDivide;
    pm.addPass(createLeptonReciprocalDivide(reciprocal));
  }
  pm.addNestedPass<func::FuncOp>(createLeptonVectorizeSmallCopies());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  if (options.expandExp)
    pm.addPass(createLeptonExpandExp());
  if (options.threads) {
    pm.addPass(createConvertSCFToOpenMPPass());
    pm.addPass(createLeptonInlineAllocaScopes());
  }
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createCanonicalizerPass());

  // 4. Everything → the LLVM dialect.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  // aligned_alloc, not malloc plus pointer arithmetic: LLVM then knows that separate buffers do not
  // alias (the arithmetic goes through inttoptr, which hides it), so copies such as im2col's rows are
  // vectorised instead of moved one float at a time.
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  if (options.threads)
    pm.addPass(createConvertOpenMPToLLVMPass());
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
