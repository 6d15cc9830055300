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

/// How generateMLIR shapes the program.
struct GenOptions {
  /// Also generate `main` and the training loop (executables); objects for embedding (`-c`)
  /// leave them out so the host application keeps its own `main`.
  bool withMain = true;
  /// Parameters and optimizer state of all models together up to this many bytes are static
  /// data (globals); past it every model lives on the heap (the x86-64 small code model
  /// addresses 2 GiB). leptonc's hidden --static-data-limit lowers it for tests.
  int64_t staticDataLimit = int64_t(1) << 30;
  /// Objects: a checkpoint whose weights become the object's constants (`--weights FILE`); the object then has
  /// no load functions and needs no file at run time. Empty: the weights are loaded at run time.
  std::string frozenWeights;
  /// Inference folds the training flow's scale/normalize into the first layer's weights where it can
  /// (SupervisedTrainer::planInputFold); leptonc clears it for -O0 and --fuse-skip=preprocessing, as does
  /// `fuse: off` in the target.
  bool foldPreprocessing = true;
};

/// Generates the whole program: model states (PipelineGen, ModelState), per train block the
/// loss, a train step that differentiates it with `lepton.grad` and applies the optimizer,
/// evaluation and the epoch loop (SupervisedTrainer), exports, and `main`. Every op carries the
/// .lep location it came from. A construct the front end accepts but code generation does not
/// support yet is an error at its location; returns null after any error.
mlir::OwningOpRef<mlir::ModuleOp> generateMLIR(const ast::Program &program,
                                               mlir::MLIRContext &context,
                                               DiagnosticEngine &diags,
                                               const GenOptions &options = {});

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_MLIRGEN_H
