// RuntimeCalls.cpp — runtime function declarations, string constants and buffer pointers.
#include "frontend/mlirgen/RuntimeCalls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

Type lepton::RuntimeCalls::ptrType() { return LLVM::LLVMPointerType::get(b.getContext()); }

Value lepton::RuntimeCalls::call(Location loc, StringRef name, Type result, ValueRange args) {
  auto callee = module.lookupSymbol<func::FuncOp>(name);
  SmallVector<Type> results;
  if (result)
    results.push_back(result);
  if (!callee) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(module.getBody());
    callee = func::FuncOp::create(b, loc, name, b.getFunctionType(args.getTypes(), results));
    callee.setPrivate();
  }
  auto op = func::CallOp::create(b, loc, callee, args);
  return result ? op.getResult(0) : Value();
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
