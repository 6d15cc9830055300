// MLIRGen.h — turns a checked Lepton program into a module of lepton + upstream MLIR dialects.
#ifndef LEPTON_FRONTEND_MLIRGEN_MLIRGEN_H
#define LEPTON_FRONTEND_MLIRGEN_MLIRGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace lepton {
class DiagnosticEngine;
namespace ast {
struct Program;
} // namespace ast

/// Generates the whole program: parameters as globals, the model's loss and logits functions
/// (lepton ops), a train step that differentiates the loss with `lepton.grad` and applies the
/// optimizer, evaluation, and `main` with the training loop calling the runtime's services.
/// Every op carries the .lep location it came from. A construct the front end accepts but code
/// generation does not support yet is an error at its location; returns null after any error.
/// `withMain`: also generate `main` and the training loop (executables); objects for embedding
/// (`-c`) leave them out so the host application keeps its own `main`.
mlir::OwningOpRef<mlir::ModuleOp> generateMLIR(const ast::Program &program,
                                               mlir::MLIRContext &context,
                                               DiagnosticEngine &diags, bool withMain = true);

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_MLIRGEN_H
