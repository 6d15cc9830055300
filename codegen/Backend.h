// Backend.h — from upstream-dialect MLIR to LLVM dialect, LLVM IR, assembly, objects and executables.
#ifndef LEPTON_CODEGEN_BACKEND_H
#define LEPTON_CODEGEN_BACKEND_H

#include "codegen/ObjectEmitter.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

namespace lepton {

/// Runs `lepton-lower-to-llvm` tuned for `machine` (vector width from its features); `threads`
/// splits large loops across OpenMP threads (executables; objects stay single-threaded).
/// Failures are reported as MLIR diagnostics at the failing op's location.
mlir::LogicalResult lowerToLLVMDialect(mlir::ModuleOp module, const llvm::TargetMachine &machine,
                                       bool threads);

} // namespace lepton

#endif // LEPTON_CODEGEN_BACKEND_H
