// ExportGen.cpp — `export MODEL as NAME`: the C function PIPELINE_NAME(x, n, y) over any n samples.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

void lepton::SupervisedTrainer::emitExport(const ast::Export &exp) {
  // int32_t p_NAME(const float *x, int64_t n, float *y): x is n × inputs (the model's input,
  // already preprocessed), y receives n × outputs. Works in chunks of the batch size, the last
  // one padded; needs nothing from the runtime library. Returns 0.
  mlir::Location expLoc = ctx.locOf(exp.loc);
  ctx.loc = expLoc;
  Type ptr = ctx.ptrType();
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
                              std::to_string(numOutputs) + " floats.\nReturns 0."));
  const char *names[] = {"x", "n", "y"};
  const char *pointees[] = {"const float", nullptr, "float"};
  for (unsigned i = 0; i < 3; ++i) {
    fn.setArgAttr(i, "lepton.c_name", b.getStringAttr(names[i]));
    if (pointees[i])
      fn.setArgAttr(i, "lepton.c_pointee", b.getStringAttr(pointees[i]));
  }
  Value in = fn.getArgument(0), n = fn.getArgument(1), out = fn.getArgument(2);
  Value x = memref::AllocOp::create(b, expLoc, inputBuffer, b.getI64IntegerAttr(64));
  Value logits = memref::AllocOp::create(b, expLoc, logitsBuffer, b.getI64IntegerAttr(64));
  Value zero = arith::ConstantFloatOp::create(b, expLoc, b.getF32Type(), APFloat(0.0f));
  linalg::FillOp::create(b, expLoc, zero, x);

  Value nIdx = arith::IndexCastOp::create(b, expLoc, b.getIndexType(), n);
  auto loop = scf::ForOp::create(b, expLoc, ctx.index(0), nIdx, ctx.index(batch));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value start = arith::IndexCastOp::create(b, expLoc, b.getI64Type(), loop.getInductionVar());
    Value size = arith::MinSIOp::create(b, expLoc, arith::SubIOp::create(b, expLoc, n, start),
                                        ctx.i64(batch));
    auto bytes = [&](Value rows, int64_t width) {
      return arith::MulIOp::create(b, expLoc, rows, ctx.i64(width * 4)).getResult();
    };
    auto at = [&](Value base, Value offset) {
      return LLVM::GEPOp::create(b, expLoc, ptr, b.getI8Type(), base, ValueRange{offset})
          .getResult();
    };
    LLVM::MemcpyOp::create(b, expLoc, ctx.pointer(x), at(in, bytes(start, sampleSize)),
                           bytes(size, sampleSize), false);
    func::CallOp::create(b, expLoc, symbol("predict_batch"), TypeRange{}, ValueRange{x, logits});
    LLVM::MemcpyOp::create(b, expLoc, at(out, bytes(start, numOutputs)), ctx.pointer(logits),
                           bytes(size, numOutputs), false);
  }
  func::ReturnOp::create(b, expLoc, ctx.i32(0));
}
