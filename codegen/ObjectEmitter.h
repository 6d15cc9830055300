// ObjectEmitter.h — LLVM-dialect MLIR → optimised LLVM IR → assembly or object code for a target.
#ifndef LEPTON_CODEGEN_OBJECTEMITTER_H
#define LEPTON_CODEGEN_OBJECTEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace lepton {

/// What to generate code for. `cpu == "native"` means the host CPU with all its features.
struct TargetSpec {
  std::string triple; ///< empty = the host's
  std::string cpu = "native";
  std::string features; ///< extra "+avx2,-avx512f" style features
  unsigned optLevel = 2;
};

/// f32 lanes of the widest vector unit the target machine has (16 on AVX-512, 8 on AVX2, 4 else).
int64_t preferredVectorWidth(const llvm::TargetMachine &machine);

/// Whether the target CPU has AVX-512 VNNI (vpdpbusd) at the preferred vector width.
bool hasVnni(const llvm::TargetMachine &machine);

/// Whether the target has fused multiply-add instructions (x86 FMA3, every AArch64).
bool hasHardwareFma(const llvm::TargetMachine &machine);

/// How its int8 kernels add u8 × s8 products (lepton-int8-matmul-to-vector's `dot`): "vnni", else "maddubs"
/// (vpmaddubsw: AVX2 at 8 lanes, AVX-512 BW at 16), else "generic".
std::string int8DotKind(const llvm::TargetMachine &machine);

/// The reciprocal estimate lepton-reciprocal-divide uses on this target: avx512 (16 lanes with AVX-512F and
/// FMA) or none (other widths, not x86).
std::string reciprocalEstimateKind(const llvm::TargetMachine &machine);

/// Creates the LLVM TargetMachine for `spec` (PIC, so objects can go into shared libraries).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> createTargetMachine(const TargetSpec &spec);

/// Translates an MLIR module in the LLVM dialect to LLVM IR and runs LLVM's -O pipeline on it. For an object
/// (`objectApi` not null: its C API functions) the object support code is linked in first and every other
/// definition made internal (ObjectSupport.h).
llvm::Expected<std::unique_ptr<llvm::Module>>
translateAndOptimize(mlir::ModuleOp module, llvm::LLVMContext &context,
                     llvm::TargetMachine &machine, unsigned optLevel,
                     const std::vector<std::string> *objectApi = nullptr);

/// Writes `module` as an object file (or textual assembly when `assembly`) to `path`.
llvm::Error emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                            llvm::StringRef path, bool assembly);

} // namespace lepton

#endif // LEPTON_CODEGEN_OBJECTEMITTER_H
