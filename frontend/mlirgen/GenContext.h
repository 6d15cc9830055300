// GenContext.h — what every generator part shares: builder, module, symbol names, constants, calls.
#ifndef LEPTON_FRONTEND_MLIRGEN_GENCONTEXT_H
#define LEPTON_FRONTEND_MLIRGEN_GENCONTEXT_H

#include "frontend/AST.h"
#include "frontend/mlirgen/RuntimeCalls.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace lepton {
class DiagnosticEngine;

/// The MLIR location of a .lep source position.
mlir::Location toMLIR(mlir::MLIRContext *context, const Location &loc);

/// The generation context of one pipeline (one module). Interface:
///   - naming: `symbol("x")` = `__lepton_<pipeline>_x` for internal functions and globals,
///     `exportSymbol("x")` = `<pipeline>_x` for the C API (users choose those names freely, so the
///     two never collide);
///   - functions: `beginFunction` appends a func.func and moves the builder into its body;
///   - constants: `index`, `i32`, `i64`, `f32`, `f64` at the current location `loc`;
///   - the runtime: `call(RuntimeFn::…, args)` (RuntimeFunctions.def), `string`, `pointer`, `null`,
///     plus small helpers that several parts need (`ifNonNull`, `shapeArray`, `zeroedBuffer`).
/// Parts set `loc` to the declaration they generate so that ops point back into the .lep file.
class GenContext {
public:
  GenContext(const ast::Program &program, mlir::ModuleOp module, mlir::OpBuilder &builder);

  const ast::Program &program;
  mlir::ModuleOp module;
  mlir::OpBuilder &b;
  mlir::Location loc;
  RuntimeCalls runtime;
  /// `--weights FILE` (GenOptions::frozenWeights) and where its errors go: read by ObjectApiGen.
  std::string frozenWeights;
  /// GenOptions::foldPreprocessing (SupervisedTrainer::planInputFold).
  bool foldPreprocessing = true;
  DiagnosticEngine *diags = nullptr;

  std::string symbol(llvm::StringRef suffix) const;
  std::string exportSymbol(llvm::StringRef name) const;
  mlir::Location locOf(const Location &where) const { return toMLIR(b.getContext(), where); }

  /// Appends `func.func name(args) -> results` to the module and starts its entry block.
  mlir::func::FuncOp beginFunction(llvm::StringRef name, mlir::TypeRange args,
                                   mlir::TypeRange results, bool isPublic);

  mlir::Value index(int64_t v);
  mlir::Value i32(int64_t v);
  mlir::Value i64(int64_t v);
  mlir::Value f32(double v);
  mlir::Value f64(double v);
  /// `scf.for` over [0, n) step 1 carrying `iterArgs`, its bounds created in source order (C++ leaves the order
  /// of a call's arguments unspecified: GCC and Clang would emit the constants in different orders).
  mlir::scf::ForOp forRange(int64_t n, mlir::ValueRange iterArgs = {});
  mlir::scf::ForOp forRange(mlir::Value n, mlir::ValueRange iterArgs = {});

  mlir::Value call(RuntimeFn fn, mlir::ValueRange args) { return runtime.call(loc, fn, args); }
  mlir::Value string(llvm::StringRef text) { return runtime.string(loc, text); }
  mlir::Value pointer(mlir::Value memref) { return runtime.pointer(loc, memref); }
  mlir::Value null() { return runtime.null(loc); }
  mlir::Type ptrType() { return runtime.ptrType(); }

  /// `if (pointer != NULL) body();`
  void ifNonNull(mlir::Value pointer, llvm::function_ref<void()> body);
  /// A stack array of i64 holding `shape`.
  mlir::Value shapeArray(llvm::ArrayRef<int64_t> shape);
  /// A stack array of f32 holding `values`.
  mlir::Value floatArray(llvm::ArrayRef<float> values);
  /// A 64-byte aligned heap buffer filled with zeros once (padding rows then hold finite values).
  mlir::Value zeroedBuffer(mlir::MemRefType type);
  /// `--name` of the command line as a C string (NULL when not given).
  mlir::Value cliString(mlir::Value cli, llvm::StringRef name);

  /// Registers `--threads N` (1 … 1024, default the target's `threads:`) before parsing.
  void addThreadsOption(mlir::Value cli);
  /// After a successful parse: the work-sharing loops run on `--threads` threads.
  void applyThreadsOption(mlir::Value cli);

private:
  /// A stack array of `size` elements of `element`, element i the value `at(i)` creates (right before its store).
  mlir::Value stackArray(mlir::Type element, int64_t size, llvm::function_ref<mlir::Value(int64_t)> at);
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_GENCONTEXT_H
