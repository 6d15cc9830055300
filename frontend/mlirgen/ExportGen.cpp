// ExportGen.cpp — `export MODEL as NAME`: the C function PIPELINE_NAME(x, n, y) over any n samples.
#include "frontend/mlirgen/ObjectApiGen.h"
#include "frontend/mlirgen/SupervisedTrainer.h"
#include "ir/Attributes.h"

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

bool lepton::SupervisedTrainer::rawSamplesAreBytes() const {
  const ast::Dataset *data = train.data.dataset;
  while (data && data->sourceKind == SourceKind::Split)
    data = data->splitOf;
  return data && data->sourceKind == SourceKind::Idx;
}

void lepton::SupervisedTrainer::emitExport(const ast::Export &exp) {
  // Two C functions over any n samples, each returning a status (ObjectApiGen::checkExport):
  //   p_NAME(const RAW *x, int64_t n, float *y): x is n raw samples as the data set stores them (bytes of IDX
  //     images, else floats); the training flow's preprocessing (and a centre crop) is applied inside, or folded
  //     into the first layer's weights (inputFold());
  //   p_NAME_preprocessed(const float *x, int64_t n, float *y): x is n × inputs, the model's input.
  // y receives n × outputs. Exactly n samples are computed: chunks of `chunk` rows, then the rest row by row
  // (its own matrix-vector code); every buffer is on the stack, so a call allocates nothing and concurrent
  // calls share nothing but the read-only weights.
  mlir::Location expLoc = ctx.locOf(exp.loc);
  ctx.loc = expLoc;
  int64_t chunk = exportChunkRows();
  SmallVector<int64_t, 2> steps{1};
  if (chunk > 1)
    steps.push_back(chunk);
  for (int64_t step : steps) {
    std::string suffix = "_" + std::to_string(step);
    emitInference(exp.symbol + "_infer" + suffix, step, /*stackScratch=*/true, quantized());
    if (fold) { // the raw function's: its preprocessing is folded into the first layer
      emitInference(exp.symbol + "_infer_folded" + suffix, step, /*stackScratch=*/true, /*int8=*/false,
                    /*foldedInput=*/true);
    } else {
      emitPreprocess(exp.symbol + "_preprocess" + suffix, train.data, SIZE_MAX, step);
      lookup(exp.symbol + "_preprocess" + suffix)->setAttr(kStackScratchAttr, b.getUnitAttr());
    }
    if (crops) {
      emitCenterCrop(exp.symbol + "_crop" + suffix, step);
      lookup(exp.symbol + "_crop" + suffix)->setAttr(kStackScratchAttr, b.getUnitAttr());
    }
  }
  for (bool raw : {true, false}) {
    ctx.loc = expLoc;
    func::FuncOp fn = emitExportFunction(exp, steps, raw);
    ObjectApiGen::checkExport(ctx, fn);
  }
}

func::FuncOp lepton::SupervisedTrainer::lookup(llvm::StringRef suffix) {
  return ctx.module.lookupSymbol<func::FuncOp>(symbol(suffix));
}

func::FuncOp lepton::SupervisedTrainer::emitExportFunction(const ast::Export &exp, ArrayRef<int64_t> steps,
                                                           bool raw) {
  mlir::Location expLoc = ctx.loc;
  Type ptr = ctx.ptrType(), f32 = b.getF32Type();
  bool bytes = raw && rawSamplesAreBytes();
  int64_t inWidth = raw ? flowSize : sampleSize;
  std::string name = ctx.exportSymbol(exp.symbol + (raw ? "" : "_preprocessed"));
  func::FuncOp fn = ctx.beginFunction(name, {ptr, b.getI64Type(), ptr}, {b.getI32Type()}, /*isPublic=*/true);
  // What `-c` writes into the header besides the function type (codegen/HeaderEmitter): the
  // documentation, parameter names, and what each pointer points to.
  std::string flowNames;
  for (const ast::Preprocess *block : train.data.blocks)
    flowNames += (flowNames.empty() ? "" : ", ") + block->name;
  std::string input =
      raw ? std::string("n x ") + std::to_string(inWidth) + (bytes ? " bytes" : " floats") +
                " (raw samples as the data set stores them; " +
                (flowNames.empty() ? std::string("no preprocessing") : "the preprocessing " + flowNames) +
                (crops ? " and a centre crop" : "") + " is applied inside)"
          : "n x " + std::to_string(inWidth) + " floats (the model's input: preprocessed" +
                (crops ? std::string(" and centre-cropped") : std::string()) + ")";
  std::string p = llvm::StringRef(ctx.program.pipelineName).upper();
  fn->setAttr("lepton.c_doc",
              b.getStringAttr(state.model.name + " on n samples: x is " + input + ",\ny receives n x " +
                              std::to_string(numOutputs) + " floats." +
                              (quantized() ? std::string(" int8 model (quantize: int8 in the target).")
                                           : std::string()) +
                              "\nReturns " + p + "_OK, or " + p + "_ERROR_ARGUMENT (a NULL pointer, n < 1), " + p +
                              "_ERROR_NOT_LOADED.\nAllocates nothing; concurrent calls with separate x and y are safe."));
  const char *names[] = {"x", "n", "y"};
  const char *pointees[] = {bytes ? "const uint8_t" : "const float", nullptr, "float"};
  for (unsigned i = 0; i < 3; ++i) {
    fn.setArgAttr(i, "lepton.c_name", b.getStringAttr(names[i]));
    if (pointees[i])
      fn.setArgAttr(i, "lepton.c_pointee", b.getStringAttr(pointees[i]));
  }
  Value in = fn.getArgument(0), n = fn.getArgument(1), out = fn.getArgument(2);
  auto bytesOf = [&](Value rows, int64_t width, int64_t elementBytes) {
    return arith::MulIOp::create(b, expLoc, rows, ctx.i64(width * elementBytes)).getResult();
  };
  auto at = [&](Value base, Value offset) {
    return LLVM::GEPOp::create(b, expLoc, ptr, b.getI8Type(), base, ValueRange{offset}).getResult();
  };
  // rows(first, end, step): samples [first, end) in blocks of `step` rows.
  auto rows = [&](Value first, Value end, int64_t step) {
    std::string suffix = "_" + std::to_string(step);
    auto buffer = [&](int64_t width) {
      return memref::AllocaOp::create(b, expLoc, MemRefType::get({step, width}, f32), b.getI64IntegerAttr(64))
          .getResult();
    };
    Value x = buffer(sampleSize), y = buffer(numOutputs);
    Value flow = raw && crops ? buffer(flowSize) : x;
    auto loop = scf::ForOp::create(b, expLoc, first, end, ctx.i64(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value start = loop.getInductionVar();
    Value size = ctx.i64(step);
    if (!raw) {
      Value xPointer = ctx.pointer(x), inRows = at(in, bytesOf(start, sampleSize, 4));
      Value inBytes = bytesOf(size, sampleSize, 4);
      LLVM::MemcpyOp::create(b, expLoc, xPointer, inRows, inBytes, false);
    } else {
      // The raw values as floats (bytes are exact), then the flow's steps in place.
      Value base = at(in, bytesOf(start, flowSize, bytes ? 1 : 4));
      auto r = ctx.forRange(step);
      {
        OpBuilder::InsertionGuard rowGuard(b);
        b.setInsertionPointToStart(r.getBody());
        auto c = ctx.forRange(flowSize);
        b.setInsertionPointToStart(c.getBody());
        Value k = arith::AddIOp::create(
            b, expLoc, arith::MulIOp::create(b, expLoc, r.getInductionVar(), ctx.index(flowSize)), c.getInductionVar());
        Value k64 = arith::IndexCastOp::create(b, expLoc, b.getI64Type(), k);
        Type element = bytes ? Type(b.getI8Type()) : Type(f32);
        Value v = LLVM::LoadOp::create(b, expLoc, element,
                                       LLVM::GEPOp::create(b, expLoc, ptr, element, base, ValueRange{k64}));
        if (bytes)
          v = arith::UIToFPOp::create(b, expLoc, f32, v);
        memref::StoreOp::create(b, expLoc, v, flow, ValueRange{r.getInductionVar(), c.getInductionVar()});
      }
      if (!fold)
        func::CallOp::create(b, expLoc, symbol(exp.symbol + "_preprocess" + suffix), TypeRange{}, ValueRange{flow});
      if (crops)
        func::CallOp::create(b, expLoc, symbol(exp.symbol + "_crop" + suffix), TypeRange{}, ValueRange{flow, x});
    }
    std::string infer = exp.symbol + (raw && fold ? "_infer_folded" : "_infer") + suffix;
    func::CallOp::create(b, expLoc, symbol(infer), TypeRange{}, ValueRange{x, y});
    Value outRows = at(out, bytesOf(start, numOutputs, 4)), yPointer = ctx.pointer(y);
    Value outBytes = bytesOf(size, numOutputs, 4);
    LLVM::MemcpyOp::create(b, expLoc, outRows, yPointer, outBytes, false);
  };
  Value whole = ctx.i64(0);
  if (steps.size() > 1) {
    int64_t chunk = steps.back();
    Value blocks = arith::DivSIOp::create(b, expLoc, n, ctx.i64(chunk));
    whole = arith::MulIOp::create(b, expLoc, blocks, ctx.i64(chunk));
    rows(ctx.i64(0), whole, chunk);
  }
  rows(whole, n, 1);
  func::ReturnOp::create(b, expLoc, ctx.i32(0));
  return fn;
}
