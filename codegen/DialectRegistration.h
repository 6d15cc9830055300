// DialectRegistration.h — the dialects and external interface models every leptonc compilation needs.
#ifndef LEPTON_CODEGEN_DIALECTREGISTRATION_H
#define LEPTON_CODEGEN_DIALECTREGISTRATION_H

#include "mlir/IR/DialectRegistry.h"

namespace lepton {

/// Registers the upstream dialects the lowering passes through (linalg, tensor, bufferization,
/// memref, scf, vector, math, arith, func, cf, LLVM …) and the interface models bufferization and
/// buffer deallocation need. Cheaper than upstream's registerAll*: only what leptonc uses.
void registerCodegenDialects(mlir::DialectRegistry &registry);

} // namespace lepton

#endif // LEPTON_CODEGEN_DIALECTREGISTRATION_H
