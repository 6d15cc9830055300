// Pipelines.h — the named lepton pass pipeline: what leptonc runs from --emit=mlir to --emit=linalg.
#ifndef LEPTON_IR_PIPELINES_H
#define LEPTON_IR_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace lepton {

/// Knobs of the lepton pipeline (the quantization pass will add its own).
struct LeptonPipelineOptions : mlir::PassPipelineOptions<LeptonPipelineOptions> {
  Option<bool> fuse{*this, "fuse",
                    llvm::cl::desc("Run lepton-fuse (leptonc -O0 turns it off)"),
                    llvm::cl::init(true)};
  ListOption<std::string> fuseSkip{
      *this, "fuse-skip", llvm::cl::desc("lepton-fuse rewrites to leave out (activations, batchnorm, optimizer)")};
  Option<int64_t> sliceBytes{*this, "slice-bytes",
                             llvm::cl::desc("lepton-slice-patches: bytes of patch rows per batch slice (0: off)"),
                             llvm::cl::init(1048576)};
};

/// Stage `mlir-opt`: passes on the lepton dialect (gradients, fusion; later quantization).
void buildLeptonTransformPipeline(mlir::OpPassManager &pm, const LeptonPipelineOptions &options);

/// Stage `linalg`: the lepton dialect lowered to upstream dialects on tensors.
void buildLeptonToLinalgPipeline(mlir::OpPassManager &pm, const LeptonPipelineOptions &options);

/// Both, in order: `lepton-opt --lepton-pipeline` and leptonc between its mlir and linalg stages.
void buildLeptonPipeline(mlir::OpPassManager &pm, const LeptonPipelineOptions &options);

/// Registers `--lepton-pipeline` for mlir-opt style command lines.
void registerLeptonPipelines();

} // namespace lepton

#endif // LEPTON_IR_PIPELINES_H
