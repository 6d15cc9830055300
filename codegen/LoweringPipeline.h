// LoweringPipeline.h — the named pipeline from linalg-on-tensors (+ func/scf/memref) to the LLVM dialect.
#ifndef LEPTON_CODEGEN_LOWERINGPIPELINE_H
#define LEPTON_CODEGEN_LOWERINGPIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace lepton {

/// Knobs of the lowering that depend on the target CPU.
struct LowerToLLVMOptions : mlir::PassPipelineOptions<LowerToLLVMOptions> {
  Option<int64_t> vectorWidth{*this, "vector-width",
                              llvm::cl::desc("f32 lanes per vector register (16 = AVX-512)"),
                              llvm::cl::init(16)};
  Option<int64_t> matmulRows{*this, "matmul-rows",
                             llvm::cl::desc("rows of C per register tile in matmul kernels "
                                            "(0: chosen from vector-width)"),
                             llvm::cl::init(0)};
  Option<int64_t> matmulKBlock{*this, "matmul-k-block",
                               llvm::cl::desc("k values per block in matmul kernels, at most (packed B per block ≤ 1 MiB)"),
                               llvm::cl::init(512)};
  Option<bool> threads{*this, "threads",
                       llvm::cl::desc("split large loops and matmul row blocks across OpenMP threads "
                                      "(executables; objects stay single-threaded)"),
                       llvm::cl::init(false)};
  Option<int64_t> matmulPackMinRows{*this, "matmul-pack-min-rows",
                                    llvm::cl::desc("pack B when C has at least this many rows (a "
                                                   "transposed B is always packed)"),
                                    llvm::cl::init(128)};
  Option<std::string> int8Dot{*this, "int8-dot",
                              llvm::cl::desc("how int8 matmul kernels add u8 x s8 products: vnni (AVX-512 VNNI's "
                                             "vpdpbusd), maddubs (AVX2 / AVX-512 BW vpmaddubsw) or generic (any CPU)"),
                              llvm::cl::init("generic")};
  Option<bool> expandExp{*this, "expand-exp",
                         llvm::cl::desc("f32 exponentials as inline arithmetic (lepton-expand-exp): for "
                                        "targets with hardware fused multiply-add"),
                         llvm::cl::init(false)};
  Option<std::string> reciprocalDivide{*this, "reciprocal-divide",
                                       llvm::cl::desc("marked f32 divisions in kernel epilogues from the reciprocal "
                                                      "estimate (lepton-reciprocal-divide): avx512, avx2 or none"),
                                       llvm::cl::init("none")};
  Option<std::string> arch{*this, "arch",
                           llvm::cl::desc("target architecture (x86_64, aarch64): how lepton-denormals "
                                          "flushes subnormals"),
                           llvm::cl::init("x86_64")};
};

/// Appends `lepton-lower-to-llvm`: bufferize, matmuls → vector kernels, the rest → loops
/// (LLVM vectorises those), then everything → the LLVM dialect.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm, const LowerToLLVMOptions &options);

} // namespace lepton

#endif // LEPTON_CODEGEN_LOWERINGPIPELINE_H
