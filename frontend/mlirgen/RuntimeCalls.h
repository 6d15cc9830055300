// RuntimeCalls.h — declares and calls the runtime's C functions from generated MLIR.
#ifndef LEPTON_FRONTEND_MLIRGEN_RUNTIMECALLS_H
#define LEPTON_FRONTEND_MLIRGEN_RUNTIMECALLS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace lepton {

/// Emits calls to `lepton_*` runtime functions (runtime/include/lepton/runtime.h). A function
/// is declared `func.func private` on its first use with the argument types of that call, so
/// the C prototypes map as: pointers → !llvm.ptr, int64_t/uint64_t → i64, int32_t → i32,
/// float → f32, double → f64.
class RuntimeCalls {
public:
  RuntimeCalls(mlir::ModuleOp module, mlir::OpBuilder &builder) : module(module), b(builder) {}

  /// Calls `name(args…)`; returns its result (null when `result` is null: a void function).
  mlir::Value call(mlir::Location loc, llvm::StringRef name, mlir::Type result,
                   mlir::ValueRange args);

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
