// TrainingLoopGen.cpp — the generated training program: flags, data, epochs, batches, evaluation.
//
// Everything here is ordinary func/scf/arith code; the runtime is called only for services
// (flags, reading data, shuffling, counting correct predictions, progress lines).
#include "frontend/mlirgen/TrainerGen.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

Value lepton::TrainerGen::loadDataset(const ast::DataFlow &flow) {
  const ast::Dataset &data = *flow.dataset;
  mlir::Location dataLoc = toMLIR(b.getContext(), data.loc);
  int64_t rank = data.sampleShape.size();
  auto shapeType = MemRefType::get({rank}, b.getI64Type());
  Value shape = memref::AllocaOp::create(b, dataLoc, shapeType);
  for (int64_t d = 0; d < rank; ++d)
    memref::StoreOp::create(b, dataLoc, i64(data.sampleShape[d]), shape, ValueRange{index(d)});
  if (data.sourceKind == SourceKind::Csv) {
    // The label column by name (the file then needs a header); no name: the last column.
    bool named = !data.labelColumn.empty();
    int32_t flags = data.header ? 1 /*LEPTON_CSV_HEADER*/ : 2 /*LEPTON_CSV_NO_HEADER*/;
    return runtime.call(dataLoc, "lepton_dataset_load_csv", runtime.ptrType(),
                        {runtime.string(dataLoc, data.path), runtime.pointer(dataLoc, shape),
                         i32(rank), i32(data.classes),
                         named ? runtime.string(dataLoc, data.labelColumn) : runtime.null(dataLoc),
                         i32(named ? -1 : ast::numElements(data.sampleShape)), i32(flags),
                         i64(data.limit)});
  }
  return runtime.call(dataLoc, "lepton_dataset_load_idx", runtime.ptrType(),
                      {runtime.string(dataLoc, data.images), runtime.string(dataLoc, data.labels),
                       runtime.pointer(dataLoc, shape), i32(rank), i32(data.classes),
                       i64(data.limit)});
}

Value lepton::TrainerGen::learningRate(Value epoch) {
  const ast::OptimizerSpec &opt = train.optimizer;
  const ast::ScheduleSpec &sched = train.schedule;
  Value lr = f64(opt.lr);
  Value e = arith::SIToFPOp::create(b, loc, b.getF64Type(), epoch);
  switch (sched.kind) {
  case ScheduleKind::Constant:
    break;
  case ScheduleKind::Step: {
    // lr · γ^⌊epoch / every⌋
    Value every = i64(std::max<int64_t>(sched.every, 1));
    Value k = arith::DivSIOp::create(b, loc, epoch, every);
    Value kf = arith::SIToFPOp::create(b, loc, b.getF64Type(), k);
    Value factor = math::PowFOp::create(b, loc, f64(sched.gamma), kf);
    lr = arith::MulFOp::create(b, loc, lr, factor);
    break;
  }
  case ScheduleKind::Cosine: {
    // min + ½ (lr − min)(1 + cos(π · epoch / epochs)), epochs as given at run time.
    Value epochs = arith::SIToFPOp::create(
        b, loc, b.getF64Type(),
        runtime.call(loc, "lepton_cli_int", b.getI64Type(),
                     {currentCli, runtime.string(loc, "epochs")}));
    Value angle = arith::DivFOp::create(b, loc, arith::MulFOp::create(b, loc, f64(M_PI), e), epochs);
    Value cosine = math::CosOp::create(b, loc, angle);
    Value onePlus = arith::AddFOp::create(b, loc, f64(1), cosine);
    Value span = f64(0.5 * (opt.lr - sched.minLr));
    lr = arith::AddFOp::create(b, loc, f64(sched.minLr),
                               arith::MulFOp::create(b, loc, span, onePlus));
    break;
  }
  }
  return arith::TruncFOp::create(b, loc, b.getF32Type(), lr);
}

Value lepton::TrainerGen::evaluate(Value dataset, Value x, Value labels, Value logits,
                                   StringRef preprocess) {
  Value count = runtime.call(loc, "lepton_dataset_count", b.getI64Type(), {dataset});
  Value countIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), count);
  Value numBatches = arith::CeilDivUIOp::create(b, loc, countIdx, index(batch));
  auto loop = scf::ForOp::create(b, loc, index(0), numBatches, index(1), ValueRange{i64(0)});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value start = arith::MulIOp::create(b, loc, loop.getInductionVar(), index(batch));
    Value left = arith::SubIOp::create(b, loc, countIdx, start);
    Value size = arith::MinUIOp::create(b, loc, left, index(batch));
    Value start64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), start);
    Value size64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), size);
    runtime.call(loc, "lepton_dataset_gather", b.getI32Type(),
                 {dataset, runtime.null(loc), start64, size64, runtime.pointer(loc, x),
                  runtime.pointer(loc, labels)});
    func::CallOp::create(b, loc, symbol(preprocess), TypeRange{}, ValueRange{x});
    func::CallOp::create(b, loc, symbol("predict_batch"), TypeRange{}, ValueRange{x, logits});
    Value correct = runtime.call(loc, "lepton_count_correct", b.getI64Type(),
                                 {runtime.pointer(loc, logits), runtime.pointer(loc, labels),
                                  size64, i64(outputs)});
    Value sum = arith::AddIOp::create(b, loc, loop.getRegionIterArgs()[0], correct);
    scf::YieldOp::create(b, loc, sum);
  }
  Value correct = arith::SIToFPOp::create(b, loc, b.getF64Type(), loop.getResult(0));
  Value total = arith::SIToFPOp::create(b, loc, b.getF64Type(), count);
  return arith::DivFOp::create(b, loc, correct, total);
}

void lepton::TrainerGen::emitRun() {
  func::FuncOp fn = beginFunction("run", {runtime.ptrType()}, {b.getI32Type()}, /*isPublic=*/false);
  currentCli = fn.getArgument(0);
  Value epochs = runtime.call(loc, "lepton_cli_int", b.getI64Type(),
                              {currentCli, runtime.string(loc, "epochs")});
  Value seed = runtime.call(loc, "lepton_cli_int", b.getI64Type(),
                            {currentCli, runtime.string(loc, "seed")});
  Value trainData = loadDataset(train.data);
  Value validData = train.hasValidation ? loadDataset(train.validation) : Value();
  Value count = runtime.call(loc, "lepton_dataset_count", b.getI64Type(), {trainData});
  Value countIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), count);
  Value countF = arith::SIToFPOp::create(b, loc, b.getF64Type(), count);
  func::CallOp::create(b, loc, symbol("init"), TypeRange{}, ValueRange{seed});

  // Batch buffers, zeroed once so padding rows of a first partial batch hold finite values.
  auto zeroed = [&](MemRefType type, Attribute zero) {
    Value buffer = memref::AllocOp::create(b, loc, type, b.getI64IntegerAttr(64));
    Value z = arith::ConstantOp::create(b, loc, cast<TypedAttr>(zero));
    linalg::FillOp::create(b, loc, z, buffer);
    return buffer;
  };
  Value x = zeroed(inputBuffer, b.getF32FloatAttr(0));
  Value labels = zeroed(labelsBuffer, b.getI32IntegerAttr(0));
  Value weights = zeroed(weightsBuffer, b.getF32FloatAttr(0));
  Value logits = zeroed(logitsBuffer, b.getF32FloatAttr(0));
  Value order = memref::AllocOp::create(b, loc, MemRefType::get({ShapedType::kDynamic}, b.getI64Type()),
                                        ValueRange{countIdx}, b.getI64IntegerAttr(64));
  Value progress = runtime.call(loc, "lepton_progress_create", runtime.ptrType(),
                                {epochs, count, i32(0)});

  Value epochsIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), epochs);
  auto epochLoop = scf::ForOp::create(b, loc, index(0), epochsIdx, index(1),
                                      ValueRange{i64(0), f64(kNaN)});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(epochLoop.getBody());
    Value epoch = arith::IndexCastOp::create(b, loc, b.getI64Type(), epochLoop.getInductionVar());
    Value epoch1 = arith::AddIOp::create(b, loc, epoch, i64(1));
    runtime.call(loc, "lepton_progress_epoch_begin", Type(), {progress, epoch1});
    Value lr = learningRate(epoch);
    // A fresh permutation every epoch (the file's `shuffle: false` keeps the file's order).
    if (train.shuffle)
      runtime.call(loc, "lepton_rng_permutation", b.getI32Type(),
                   {runtime.pointer(loc, order), count, seed, epoch});
    Value orderPtr = train.shuffle ? runtime.pointer(loc, order) : runtime.null(loc);

    Value numBatches = arith::CeilDivUIOp::create(b, loc, countIdx, index(batch));
    auto batchLoop = scf::ForOp::create(b, loc, index(0), numBatches, index(1),
                                        ValueRange{f64(0), epochLoop.getRegionIterArgs()[0]});
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(batchLoop.getBody());
      Value batchIndex = batchLoop.getInductionVar();
      Value start = arith::MulIOp::create(b, loc, batchIndex, index(batch));
      Value left = arith::SubIOp::create(b, loc, countIdx, start);
      Value size = arith::MinUIOp::create(b, loc, left, index(batch));
      Value start64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), start);
      Value size64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), size);
      runtime.call(loc, "lepton_dataset_gather", b.getI32Type(),
                   {trainData, orderPtr, start64, size64, runtime.pointer(loc, x),
                    runtime.pointer(loc, labels)});
      func::CallOp::create(b, loc, symbol("preprocess"), TypeRange{}, ValueRange{x});

      // Sample weights: 1/size for real rows, 0 for padding, so the loss is the batch mean.
      Value sizeF = arith::UIToFPOp::create(b, loc, b.getF32Type(), size64);
      Value one = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(1.0f));
      Value zero = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(0.0f));
      Value share = arith::DivFOp::create(b, loc, one, sizeF);
      auto rows = scf::ForOp::create(b, loc, index(0), index(batch), index(1));
      {
        OpBuilder::InsertionGuard rowGuard(b);
        b.setInsertionPointToStart(rows.getBody());
        Value real = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                           rows.getInductionVar(), size);
        Value w = arith::SelectOp::create(b, loc, real, share, zero);
        memref::StoreOp::create(b, loc, w, weights, ValueRange{rows.getInductionVar()});
      }

      Value step = arith::AddIOp::create(b, loc, batchLoop.getRegionIterArgs()[1], i64(1));
      // Dropout key: unique per (seed, step), so masks are reproducible and never repeat.
      Value key = arith::XOrIOp::create(
          b, loc, arith::ShLIOp::create(b, loc, seed, i64(32)), step);
      Value loss = func::CallOp::create(b, loc, symbol("train_step"), TypeRange{b.getF32Type()},
                                        ValueRange{x, labels, weights, lr, step, key})
                       .getResult(0);
      Value lossD = arith::ExtFOp::create(b, loc, b.getF64Type(), loss);
      Value batch64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), batchIndex);
      runtime.call(loc, "lepton_check_loss", b.getI32Type(),
                   {lossD, epoch1, arith::AddIOp::create(b, loc, batch64, i64(1))});
      Value sizeD = arith::UIToFPOp::create(b, loc, b.getF64Type(), size64);
      Value lossSum = arith::AddFOp::create(b, loc, batchLoop.getRegionIterArgs()[0],
                                            arith::MulFOp::create(b, loc, lossD, sizeD));
      Value done = arith::AddIOp::create(b, loc, start64, size64);
      Value doneD = arith::SIToFPOp::create(b, loc, b.getF64Type(), done);
      runtime.call(loc, "lepton_progress_update", Type(),
                   {progress, done, arith::DivFOp::create(b, loc, lossSum, doneD), f64(kNaN)});
      scf::YieldOp::create(b, loc, ValueRange{lossSum, step});
    }
    Value trainLoss = arith::DivFOp::create(b, loc, batchLoop.getResult(0), countF);
    Value accuracy = validData ? evaluate(validData, x, labels, logits, "preprocess_validation")
                               : f64(kNaN);
    runtime.call(loc, "lepton_progress_epoch_end", Type(),
                 {progress, epoch1, trainLoss, f64(kNaN), f64(kNaN), accuracy});
    scf::YieldOp::create(b, loc, ValueRange{batchLoop.getResult(1), accuracy});
  }
  if (validData)
    runtime.call(loc, "lepton_progress_result", Type(),
                 {progress, runtime.string(loc, "test accuracy"), epochLoop.getResult(1), i32(1)});
  runtime.call(loc, "lepton_progress_free", Type(), {progress});
  runtime.call(loc, "lepton_dataset_free", Type(), {trainData});
  if (validData)
    runtime.call(loc, "lepton_dataset_free", Type(), {validData});
  func::ReturnOp::create(b, loc, i32(0));
}

void lepton::TrainerGen::emitMain() {
  // int main(int argc, char **argv): flags first, then p_run; --help exits 0, bad flags 1.
  b.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(
      b, loc, "main", b.getFunctionType({b.getI32Type(), runtime.ptrType()}, {b.getI32Type()}));
  b.setInsertionPointToStart(fn.addEntryBlock());
  std::string summary = "Trains model '" + model.name + "' of pipeline '" +
                        program.pipelineName + "' (compiled by leptonc).";
  Value cli = runtime.call(loc, "lepton_cli_create", runtime.ptrType(),
                           {runtime.string(loc, summary)});
  runtime.call(loc, "lepton_cli_add_training_options", b.getI32Type(),
               {cli, i64(train.epochs), i64(train.seed)});
  Value rc = runtime.call(loc, "lepton_cli_parse", b.getI32Type(),
                          {cli, fn.getArgument(0), fn.getArgument(1)});
  Value parsed = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rc, i32(0));
  auto branch = scf::IfOp::create(b, loc, TypeRange{b.getI32Type()}, parsed, /*else=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    Value code = func::CallOp::create(b, loc, symbol("run"), TypeRange{b.getI32Type()},
                                      ValueRange{cli})
                     .getResult(0);
    scf::YieldOp::create(b, loc, code);
    b.setInsertionPointToStart(branch.elseBlock());
    Value help = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rc, i32(-1));
    scf::YieldOp::create(b, loc, Value(arith::SelectOp::create(b, loc, help, i32(0), rc)));
  }
  runtime.call(loc, "lepton_cli_free", Type(), {cli});
  func::ReturnOp::create(b, loc, branch.getResult(0));
}
