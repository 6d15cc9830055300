// GenContext.cpp — naming, constants, function creation and small runtime helpers for all parts.
#include "frontend/mlirgen/GenContext.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

mlir::Location lepton::toMLIR(MLIRContext *context, const Location &loc) {
  if (!loc.isValid())
    return UnknownLoc::get(context);
  return FileLineColLoc::get(context, loc.file, loc.line, loc.col);
}

lepton::GenContext::GenContext(const ast::Program &program, ModuleOp module, OpBuilder &builder)
    : program(program), module(module), b(builder),
      loc(toMLIR(builder.getContext(), program.pipelineLoc)), runtime(module, builder) {}

std::string lepton::GenContext::symbol(StringRef suffix) const {
  return "__lepton_" + program.pipelineName + "_" + suffix.str();
}

std::string lepton::GenContext::exportSymbol(StringRef name) const {
  return program.pipelineName + "_" + name.str();
}

func::FuncOp lepton::GenContext::beginFunction(StringRef name, TypeRange args, TypeRange results,
                                               bool isPublic) {
  b.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(b, loc, name, b.getFunctionType(args, results));
  if (!isPublic)
    fn.setPrivate();
  b.setInsertionPointToStart(fn.addEntryBlock());
  return fn;
}

Value lepton::GenContext::index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
scf::ForOp lepton::GenContext::forRange(int64_t n, ValueRange iterArgs) {
  Value zero = index(0), end = index(n), one = index(1);
  return scf::ForOp::create(b, loc, zero, end, one, iterArgs);
}
scf::ForOp lepton::GenContext::forRange(Value n, ValueRange iterArgs) {
  Value zero = index(0), one = index(1);
  return scf::ForOp::create(b, loc, zero, n, one, iterArgs);
}
Value lepton::GenContext::i32(int64_t v) {
  return arith::ConstantIntOp::create(b, loc, b.getI32Type(), v);
}
Value lepton::GenContext::i64(int64_t v) {
  return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
}
Value lepton::GenContext::f32(double v) {
  return arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(static_cast<float>(v)));
}
Value lepton::GenContext::f64(double v) {
  return arith::ConstantFloatOp::create(b, loc, b.getF64Type(), APFloat(v));
}

void lepton::GenContext::ifNonNull(Value pointer, function_ref<void()> body) {
  Value given = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, pointer, null());
  auto branch = scf::IfOp::create(b, loc, given, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(branch.thenBlock());
  body();
}

Value lepton::GenContext::stackArray(Type element, int64_t size, function_ref<Value(int64_t)> at) {
  auto type = MemRefType::get({size}, element);
  Value array = memref::AllocaOp::create(b, loc, type);
  for (int64_t i = 0; i < size; ++i) {
    Value value = at(i); // one op per statement: their order in the IR is the source's
    memref::StoreOp::create(b, loc, value, array, ValueRange{index(i)});
  }
  return array;
}

Value lepton::GenContext::shapeArray(ArrayRef<int64_t> shape) {
  return stackArray(b.getI64Type(), static_cast<int64_t>(shape.size()), [&](int64_t i) { return i64(shape[i]); });
}

Value lepton::GenContext::floatArray(ArrayRef<float> values) {
  return stackArray(b.getF32Type(), static_cast<int64_t>(values.size()), [&](int64_t i) { return f32(values[i]); });
}

Value lepton::GenContext::zeroedBuffer(MemRefType type) {
  Value buffer = memref::AllocOp::create(b, loc, type, b.getI64IntegerAttr(64));
  Type element = type.getElementType();
  Attribute zero = isa<FloatType>(element) ? Attribute(b.getFloatAttr(element, 0))
                                           : Attribute(b.getIntegerAttr(element, 0));
  Value z = arith::ConstantOp::create(b, loc, cast<TypedAttr>(zero));
  linalg::FillOp::create(b, loc, z, buffer);
  return buffer;
}

Value lepton::GenContext::cliString(Value cli, StringRef name) {
  return call(RuntimeFn::lepton_cli_string, {cli, string(name)});
}

void lepton::GenContext::addThreadsOption(Value cli) {
  int64_t threads = program.target ? program.target->threads : 1;
  call(RuntimeFn::lepton_cli_add_int,
       {cli, string("threads"), i64(threads), i64(1), i64(1024),
        string("threads for training and evaluation (same results for any count)")});
}

void lepton::GenContext::applyThreadsOption(Value cli) {
  Value threads = call(RuntimeFn::lepton_cli_int, {cli, string("threads")});
  call(RuntimeFn::lepton_set_threads, {arith::TruncIOp::create(b, loc, b.getI32Type(), threads)});
}
