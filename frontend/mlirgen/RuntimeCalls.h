// RuntimeCalls.h — declares and calls the runtime's C functions, as listed in RuntimeFunctions.def.
#ifndef LEPTON_FRONTEND_MLIRGEN_RUNTIMECALLS_H
#define LEPTON_FRONTEND_MLIRGEN_RUNTIMECALLS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace lepton {

/// One enumerator per line of RuntimeFunctions.def.
enum class RuntimeFn {
#define LEPTON_RUNTIME_FUNCTION(NAME, RESULT, PARAMS) NAME,
#include "frontend/mlirgen/RuntimeFunctions.def"
};

/// Emits calls to `lepton_*` runtime functions (runtime/include/lepton/runtime.h). Each function
/// is declared `func.func private` on its first use with the type its table entry gives; a call
/// whose arguments do not match that type is an internal error (a bug in the generator).
class RuntimeCalls {
public:
  RuntimeCalls(mlir::ModuleOp module, mlir::OpBuilder &builder) : module(module), b(builder) {}

  /// Calls `fn(args…)`; returns its result (null for a void function).
  mlir::Value call(mlir::Location loc, RuntimeFn fn, mlir::ValueRange args);

  /// The C name and MLIR function type of a table entry.
  static llvm::StringRef name(RuntimeFn fn);
  mlir::FunctionType type(RuntimeFn fn);

  /// A pointer to a NUL-terminated copy of `text` in read-only data.
  mlir::Value string(mlir::Location loc, llvm::StringRef text);

  /// The address of a memref's first element, for passing buffers to C.
  mlir::Value pointer(mlir::Location loc, mlir::Value memref);

  /// A null pointer.
  mlir::Value null(mlir::Location loc);

  mlir::Type ptrType();

private:
  mlir::ModuleOp module;
  mlir::OpBuilder &b;
  unsigned numStrings = 0;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_RUNTIMECALLS_H
