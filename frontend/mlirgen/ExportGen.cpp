// ExportGen.cpp — `export MODEL as NAME`: the C function PIPELINE_NAME(x, n, y) over any n samples.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <algorithm>

using namespace mlir;

int64_t lepton::SupervisedTrainer::exportChunkRows() const {
  // Intermediate floats per sample: every layer's output, twice (a bias or activation may write a
  // second buffer), plus a convolution's patch matrix (im2col).
  int64_t perSample = sampleSize + numOutputs;
  for (const ast::Layer &layer : state.model.layers) {
    perSample += 2 * ast::numElements(layer.outputShape);
    if (layer.kind == LayerKind::Conv2D)
      perSample += ast::numElements(layer.outputShape) / layer.outputShape.back() * layer.kernel[0] *
                   layer.kernel[1] * layer.inputShape.back();
  }
  constexpr int64_t kStackBudget = 256 * 1024; // bytes of intermediates per chunk
  return std::clamp<int64_t>(kStackBudget / (4 * perSample), 1, 8);
}

void lepton::SupervisedTrainer::emitExport(const ast::Export &exp) {
  // int32_t p_NAME(const float *x, int64_t n, float *y): x is n × inputs (the model's input,
  // already preprocessed), y receives n × outputs. Exactly n samples are computed: chunks of
  // `chunk` rows, then the rest row by row (its own matrix-vector code); every buffer is on the
  // stack, so a call allocates nothing and concurrent calls share nothing but the read-only
  // weights. Needs nothing from the runtime library. Returns 0.
  mlir::Location expLoc = ctx.locOf(exp.loc);
  ctx.loc = expLoc;
  Type ptr = ctx.ptrType(), f32 = b.getF32Type();
  int64_t chunk = exportChunkRows();
  std::string one = exp.symbol + "_infer_1", many = exp.symbol + "_infer_" + std::to_string(chunk);
  emitInference(one, 1, /*stackScratch=*/true, quantized());
  if (chunk > 1)
    emitInference(many, chunk, /*stackScratch=*/true, quantized());
  ctx.loc = expLoc;
  func::FuncOp fn = ctx.beginFunction(ctx.exportSymbol(exp.symbol), {ptr, b.getI64Type(), ptr},
                                      {b.getI32Type()}, /*isPublic=*/true);
  // What `-c` writes into the header besides the function type (codegen/HeaderEmitter): the
  // documentation, parameter names, and what each pointer points to.
  fn->setAttr("lepton.c_doc",
              b.getStringAttr(state.model.name + " on n samples: x is n x " +
                              std::to_string(sampleSize) +
                              " floats (the model's input, preprocessed" +
                              (crops ? std::string(" and centre-cropped") : std::string()) +
                              "), y receives n x " +
                              std::to_string(numOutputs) + " floats." +
                              (quantized() ? std::string(" int8 model (quantize: int8 in the target).")
                                           : std::string()) +
                              "\nReturns 0. Allocates nothing; "
                              "concurrent calls with separate x and y are safe."));
  const char *names[] = {"x", "n", "y"};
  const char *pointees[] = {"const float", nullptr, "float"};
  for (unsigned i = 0; i < 3; ++i) {
    fn.setArgAttr(i, "lepton.c_name", b.getStringAttr(names[i]));
    if (pointees[i])
      fn.setArgAttr(i, "lepton.c_pointee", b.getStringAttr(pointees[i]));
  }
  Value in = fn.getArgument(0), n = fn.getArgument(1), out = fn.getArgument(2);
  auto bytes = [&](Value rows, int64_t width) {
    return arith::MulIOp::create(b, expLoc, rows, ctx.i64(width * 4)).getResult();
  };
  auto at = [&](Value base, Value offset) {
    return LLVM::GEPOp::create(b, expLoc, ptr, b.getI8Type(), base, ValueRange{offset}).getResult();
  };
  // rows(first, end, step): samples [first, end) in blocks of `step` rows through `name`.
  auto rows = [&](Value first, Value end, int64_t step, const std::string &name) {
    Value x = memref::AllocaOp::create(b, expLoc, MemRefType::get({step, sampleSize}, f32), b.getI64IntegerAttr(64));
    Value y = memref::AllocaOp::create(b, expLoc, MemRefType::get({step, numOutputs}, f32), b.getI64IntegerAttr(64));
    auto loop = scf::ForOp::create(b, expLoc, first, end, ctx.i64(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value start = loop.getInductionVar();
    Value size = ctx.i64(step);
    Value xPointer = ctx.pointer(x), inRows = at(in, bytes(start, sampleSize)), inBytes = bytes(size, sampleSize);
    LLVM::MemcpyOp::create(b, expLoc, xPointer, inRows, inBytes, false);
    func::CallOp::create(b, expLoc, symbol(name), TypeRange{}, ValueRange{x, y});
    Value outRows = at(out, bytes(start, numOutputs)), yPointer = ctx.pointer(y);
    Value outBytes = bytes(size, numOutputs);
    LLVM::MemcpyOp::create(b, expLoc, outRows, yPointer, outBytes, false);
  };
  Value whole = ctx.i64(0);
  if (chunk > 1) {
    Value blocks = arith::DivSIOp::create(b, expLoc, n, ctx.i64(chunk));
    whole = arith::MulIOp::create(b, expLoc, blocks, ctx.i64(chunk));
    rows(ctx.i64(0), whole, chunk, many);
  }
  rows(whole, n, 1, one);
  func::ReturnOp::create(b, expLoc, ctx.i32(0));
}
