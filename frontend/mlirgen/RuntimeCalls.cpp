// RuntimeCalls.cpp — runtime function declarations (from the table), strings and buffer pointers.
#include "frontend/mlirgen/RuntimeCalls.h"

#include "lepton/runtime.h"
#include "runtime/embed/lepton_embed.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/Support/ErrorHandling.h"

#include <type_traits>

using namespace mlir;

// The table must match the header exactly: a drifted signature stops the build here.
#define LEPTON_RUNTIME_FUNCTION(NAME, RESULT, PARAMS)                                            \
  static_assert(std::is_same_v<decltype(NAME), RESULT PARAMS>,                                   \
                #NAME " in RuntimeFunctions.def does not match runtime.h");
#include "frontend/mlirgen/RuntimeFunctions.def"

namespace {
/// The MLIR type generated code uses for the C type T (see RuntimeFunctions.def).
template <typename T> Type mlirTypeOf(Builder &b) {
  if constexpr (std::is_pointer_v<T>)
    return LLVM::LLVMPointerType::get(b.getContext());
  else if constexpr (std::is_same_v<T, float>)
    return b.getF32Type();
  else if constexpr (std::is_same_v<T, double>)
    return b.getF64Type();
  else {
    static_assert(std::is_integral_v<T> && (sizeof(T) == 4 || sizeof(T) == 8),
                  "runtime functions take pointers, 32/64-bit integers, float or double");
    return b.getIntegerType(8 * sizeof(T));
  }
}

template <typename Fn> struct FunctionTypeOf;
template <typename R, typename... Args> struct FunctionTypeOf<R(Args...)> {
  static FunctionType get(Builder &b) {
    SmallVector<Type> results;
    if constexpr (!std::is_void_v<R>)
      results.push_back(mlirTypeOf<R>(b));
    return b.getFunctionType({mlirTypeOf<Args>(b)...}, results);
  }
};
} // namespace

StringRef lepton::RuntimeCalls::name(RuntimeFn fn) {
  switch (fn) {
#define LEPTON_RUNTIME_FUNCTION(NAME, RESULT, PARAMS)                                            \
  case RuntimeFn::NAME:                                                                          \
    return #NAME;
#include "frontend/mlirgen/RuntimeFunctions.def"
  }
  llvm_unreachable("every RuntimeFn has a name");
}

FunctionType lepton::RuntimeCalls::type(RuntimeFn fn) {
  switch (fn) {
#define LEPTON_RUNTIME_FUNCTION(NAME, RESULT, PARAMS)                                            \
  case RuntimeFn::NAME:                                                                          \
    return FunctionTypeOf<RESULT PARAMS>::get(b);
#include "frontend/mlirgen/RuntimeFunctions.def"
  }
  llvm_unreachable("every RuntimeFn has a type");
}

Type lepton::RuntimeCalls::ptrType() { return LLVM::LLVMPointerType::get(b.getContext()); }

Value lepton::RuntimeCalls::call(Location loc, RuntimeFn fn, ValueRange args) {
  FunctionType fnType = type(fn);
  if (TypeRange(args.getTypes()) != fnType.getInputs())
    llvm::report_fatal_error(llvm::Twine("internal error: call to ") + name(fn) +
                             " does not match its RuntimeFunctions.def entry");
  auto callee = module.lookupSymbol<func::FuncOp>(name(fn));
  if (!callee) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(module.getBody());
    callee = func::FuncOp::create(b, loc, name(fn), fnType);
    callee.setPrivate();
  }
  auto op = func::CallOp::create(b, loc, callee, args);
  return op.getNumResults() ? op.getResult(0) : Value();
}

Value lepton::RuntimeCalls::string(Location loc, StringRef text) {
  std::string name = "__lepton_str" + std::to_string(numStrings++);
  std::string withNul = text.str();
  withNul.push_back('\0');
  return LLVM::createGlobalString(loc, b, name, withNul, LLVM::Linkage::Internal);
}

Value lepton::RuntimeCalls::pointer(Location loc, Value memref) {
  Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  return LLVM::IntToPtrOp::create(b, loc, ptrType(), asInt);
}

Value lepton::RuntimeCalls::null(Location loc) { return LLVM::ZeroOp::create(b, loc, ptrType()); }
