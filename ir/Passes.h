// Passes.h — creation and registration of every lepton pass (for lepton-opt and the leptonc driver).
#ifndef LEPTON_IR_PASSES_H
#define LEPTON_IR_PASSES_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace lepton {

/// Declares `std::unique_ptr<mlir::Pass> createLeptonAutodiffPass()` and
/// `createConvertLeptonToLinalgPass()`.
#define GEN_PASS_DECL
#include "ir/Passes.h.inc"

/// Declares `registerLeptonPasses()`, which makes every pass above known to `mlir-opt`-style
/// command lines (`--lepton-autodiff`, `--convert-lepton-to-linalg`).
#define GEN_PASS_REGISTRATION
#include "ir/Passes.h.inc"

} // namespace lepton

#endif // LEPTON_IR_PASSES_H
