// ExportGen.cpp — `export MODEL as NAME`: the C function PIPELINE_NAME(x, n, y) over any n samples.
#include "frontend/mlirgen/TrainerGen.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

void lepton::TrainerGen::emitExport(const ast::Export &exp) {
  // int32_t p_NAME(const float *x, int64_t n, float *y): x is n × inputs (the model's input,
  // already preprocessed), y receives n × outputs. Works in chunks of the batch size, the last
  // one padded; needs nothing from the runtime library. Returns 0.
  mlir::Location expLoc = toMLIR(b.getContext(), exp.loc);
  Type ptr = runtime.ptrType();
  func::FuncOp fn = beginFunction(exportSymbol(exp.symbol), {ptr, b.getI64Type(), ptr}, {b.getI32Type()},
                                  /*isPublic=*/true);
  // The C declaration `-c` writes into the header (see codegen/HeaderEmitter).
  std::string decl = "/// " + model.name + " on n samples: x is n x " + std::to_string(sampleSize) +
                     " floats (the model's input, preprocessed), y receives n x " +
                     std::to_string(outputs) + " floats.\n/// Returns 0.\nint32_t " +
                     exportSymbol(exp.symbol) + "(const float *x, int64_t n, float *y);";
  fn->setAttr("lepton.c_declaration", b.getStringAttr(decl));
  Value in = fn.getArgument(0), n = fn.getArgument(1), out = fn.getArgument(2);
  Value x = memref::AllocOp::create(b, expLoc, inputBuffer, b.getI64IntegerAttr(64));
  Value logits = memref::AllocOp::create(b, expLoc, logitsBuffer, b.getI64IntegerAttr(64));
  Value zero = arith::ConstantFloatOp::create(b, expLoc, b.getF32Type(), APFloat(0.0f));
  linalg::FillOp::create(b, expLoc, zero, x);

  Value nIdx = arith::IndexCastOp::create(b, expLoc, b.getIndexType(), n);
  auto loop = scf::ForOp::create(b, expLoc, index(0), nIdx, index(batch));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value start = arith::IndexCastOp::create(b, expLoc, b.getI64Type(), loop.getInductionVar());
    Value size = arith::MinSIOp::create(b, expLoc, arith::SubIOp::create(b, expLoc, n, start),
                                        i64(batch));
    auto bytes = [&](Value rows, int64_t width) {
      return arith::MulIOp::create(b, expLoc, rows, i64(width * 4)).getResult();
    };
    auto at = [&](Value base, Value offset) {
      return LLVM::GEPOp::create(b, expLoc, ptr, b.getI8Type(), base, ValueRange{offset})
          .getResult();
    };
    LLVM::MemcpyOp::create(b, expLoc, runtime.pointer(expLoc, x),
                           at(in, bytes(start, sampleSize)), bytes(size, sampleSize), false);
    func::CallOp::create(b, expLoc, symbol("predict_batch"), TypeRange{}, ValueRange{x, logits});
    LLVM::MemcpyOp::create(b, expLoc, at(out, bytes(start, outputs)),
                           runtime.pointer(expLoc, logits), bytes(size, outputs), false);
  }
  func::ReturnOp::create(b, expLoc, i32(0));
}
