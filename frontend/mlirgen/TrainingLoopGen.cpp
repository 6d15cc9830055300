// TrainingLoopGen.cpp — the generated training program: flags, data, epochs, batches, evaluation.
//
// Everything here is ordinary func/scf/arith code; the runtime is called only for services
// (flags, reading data, shuffling, counting correct predictions, progress, files).
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
constexpr int32_t kProgressQuiet = 1;  // LEPTON_PROGRESS_QUIET
constexpr int32_t kProgressStderr = 8; // LEPTON_PROGRESS_STDERR
} // namespace

Value lepton::TrainerGen::zeroedBuffer(MemRefType type) {
  // Zeroed once, so padding rows of a first partial batch hold finite values.
  Value buffer = memref::AllocOp::create(b, loc, type, b.getI64IntegerAttr(64));
  Attribute zero = type.getElementType().isF32() ? Attribute(b.getF32FloatAttr(0))
                                                 : Attribute(b.getIntegerAttr(type.getElementType(), 0));
  Value z = arith::ConstantOp::create(b, loc, cast<TypedAttr>(zero));
  linalg::FillOp::create(b, loc, z, buffer);
  return buffer;
}

SmallVector<Value> lepton::TrainerGen::forEachBatch(Value count, ValueRange init,
                                                    BatchBody body) {
  // Batches of `batch` samples over [0, count); the last one holds the rest (i64 start, size).
  Value countIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), count);
  Value numBatches = arith::CeilDivUIOp::create(b, loc, countIdx, index(batch));
  auto loop = scf::ForOp::create(b, loc, index(0), numBatches, index(1), init);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value start = arith::MulIOp::create(b, loc, loop.getInductionVar(), index(batch));
  Value size = arith::MinUIOp::create(b, loc, arith::SubIOp::create(b, loc, countIdx, start),
                                      index(batch));
  Value start64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), start);
  Value size64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), size);
  Value batch64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), loop.getInductionVar());
  SmallVector<Value> next = body(start64, size64, batch64, loop.getRegionIterArgs());
  if (!next.empty() || !init.empty())
    scf::YieldOp::create(b, loc, next);
  return SmallVector<Value>(loop.getResults());
}

void lepton::TrainerGen::forEachBatch(Value count, function_ref<void(Value, Value)> body) {
  forEachBatch(count, ValueRange{}, [&](Value start, Value size, Value, ValueRange) {
    body(start, size);
    return SmallVector<Value>{};
  });
}

void lepton::TrainerGen::loadBatch(Value dataset, Value order, Value start, Value size, Value x,
                                   Value labelsPtr, StringRef preprocess) {
  // Samples [start, start + size) of `order` (null: file order) into x, then preprocessed in place.
  runtime.call(loc, "lepton_dataset_gather", b.getI32Type(),
               {dataset, order, start, size, runtime.pointer(loc, x), labelsPtr});
  func::CallOp::create(b, loc, symbol(preprocess), TypeRange{}, ValueRange{x});
}

Value lepton::TrainerGen::loadDataset(const ast::DataFlow &flow) {
  const ast::Dataset &data = *flow.dataset;
  mlir::Location dataLoc = toMLIR(b.getContext(), data.loc);
  int64_t rank = data.sampleShape.size();
  Value shape = runtime.pointer(dataLoc, shapeArray(data.sampleShape));
  if (data.sourceKind == SourceKind::Csv) {
    // The label column by name (the file then needs a header), by index, or else the last one.
    bool named = !data.labelColumn.empty();
    int64_t labelIndex =
        data.labelIndex >= 0 ? data.labelIndex : ast::numElements(data.sampleShape);
    int32_t flags = data.header ? 1 /*LEPTON_CSV_HEADER*/ : 2 /*LEPTON_CSV_NO_HEADER*/;
    return runtime.call(dataLoc, "lepton_dataset_load_csv", runtime.ptrType(),
                        {runtime.string(dataLoc, data.path), shape, i32(rank), i32(data.classes),
                         named ? runtime.string(dataLoc, data.labelColumn) : runtime.null(dataLoc),
                         i32(named ? -1 : labelIndex), i32(flags),
                         i64(data.limit)});
  }
  return runtime.call(dataLoc, "lepton_dataset_load_idx", runtime.ptrType(),
                      {runtime.string(dataLoc, data.images), runtime.string(dataLoc, data.labels),
                       shape, i32(rank), i32(data.classes), i64(data.limit)});
}

Value lepton::TrainerGen::learningRate(Value epoch, Value epochs) {
  const ast::OptimizerSpec &opt = train.optimizer;
  const ast::ScheduleSpec &sched = train.schedule;
  Value lr = f64(opt.lr);
  switch (sched.kind) {
  case ScheduleKind::Constant:
    break;
  case ScheduleKind::Step: {
    // lr · γ^⌊epoch / every⌋
    Value k = arith::DivSIOp::create(b, loc, epoch, i64(std::max<int64_t>(sched.every, 1)));
    Value kf = arith::SIToFPOp::create(b, loc, b.getF64Type(), k);
    lr = arith::MulFOp::create(b, loc, lr, math::PowFOp::create(b, loc, f64(sched.gamma), kf));
    break;
  }
  case ScheduleKind::Cosine: {
    // min + ½ (lr − min)(1 + cos(π · epoch / epochs)), with the epochs of this run.
    Value e = arith::SIToFPOp::create(b, loc, b.getF64Type(), epoch);
    Value total = arith::SIToFPOp::create(b, loc, b.getF64Type(), epochs);
    Value angle = arith::DivFOp::create(b, loc, arith::MulFOp::create(b, loc, f64(M_PI), e), total);
    Value onePlus = arith::AddFOp::create(b, loc, f64(1), math::CosOp::create(b, loc, angle));
    Value span = f64(0.5 * (opt.lr - sched.minLr));
    lr = arith::AddFOp::create(b, loc, f64(sched.minLr),
                               arith::MulFOp::create(b, loc, span, onePlus));
    break;
  }
  }
  return arith::TruncFOp::create(b, loc, b.getF32Type(), lr);
}

std::pair<Value, Value> lepton::TrainerGen::evaluate(Value dataset, Value x, Value labels,
                                                   Value logits, StringRef preprocess) {
  // Returns (accuracy, mean cross-entropy) over every sample of `dataset`.
  Value count = runtime.call(loc, "lepton_dataset_count", b.getI64Type(), {dataset});
  SmallVector<Value> sums = forEachBatch(
      count, ValueRange{i64(0), f64(0)}, [&](Value start, Value size, Value, ValueRange sum) {
        loadBatch(dataset, runtime.null(loc), start, size, x, runtime.pointer(loc, labels),
                  preprocess);
        func::CallOp::create(b, loc, symbol("predict_batch"), TypeRange{}, ValueRange{x, logits});
        Value logitsPtr = runtime.pointer(loc, logits), labelsPtr = runtime.pointer(loc, labels);
        Value right = runtime.call(loc, "lepton_count_correct", b.getI64Type(),
                                   {logitsPtr, labelsPtr, size, i64(outputs)});
        Value loss = runtime.call(loc, "lepton_cross_entropy_sum", b.getF64Type(),
                                  {logitsPtr, labelsPtr, size, i64(outputs)});
        return SmallVector<Value>{arith::AddIOp::create(b, loc, sum[0], right),
                                  arith::AddFOp::create(b, loc, sum[1], loss)};
      });
  Value total = arith::SIToFPOp::create(b, loc, b.getF64Type(), count);
  Value hits = arith::SIToFPOp::create(b, loc, b.getF64Type(), sums[0]);
  return {arith::DivFOp::create(b, loc, hits, total), arith::DivFOp::create(b, loc, sums[1], total)};
}

std::pair<Value, Value> lepton::TrainerGen::trainOneEpoch(Value data, Value order, Value epoch1,
                                                        Value firstStep, Value lr, Value seed,
                                                        Value progress, Value x, Value labels,
                                                        Value weights, Value logits) {
  // Returns (sum of per-sample losses, number of correct predictions).
  Value count = runtime.call(loc, "lepton_dataset_count", b.getI64Type(), {data});
  SmallVector<Value> out = forEachBatch(
      count, ValueRange{f64(0), firstStep, i64(0)},
      [&](Value start, Value size, Value batchIndex, ValueRange carried) {
        loadBatch(data, order, start, size, x, runtime.pointer(loc, labels), "preprocess");

        // Sample weights: 1/size for real rows, 0 for padding, so the loss is the batch mean.
        Value sizeF = arith::UIToFPOp::create(b, loc, b.getF32Type(), size);
        Value one = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(1.0f));
        Value zero = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(0.0f));
        Value share = arith::DivFOp::create(b, loc, one, sizeF);
        Value sizeIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), size);
        auto rows = scf::ForOp::create(b, loc, index(0), index(batch), index(1));
        {
          OpBuilder::InsertionGuard rowGuard(b);
          b.setInsertionPointToStart(rows.getBody());
          Value real = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                             rows.getInductionVar(), sizeIdx);
          Value w = arith::SelectOp::create(b, loc, real, share, zero);
          memref::StoreOp::create(b, loc, w, weights, ValueRange{rows.getInductionVar()});
        }

        Value step = arith::AddIOp::create(b, loc, carried[1], i64(1));
        // Dropout key: unique per (seed, step), so masks are reproducible and never repeat.
        Value key =
            arith::XOrIOp::create(b, loc, arith::ShLIOp::create(b, loc, seed, i64(32)), step);
        Value loss = func::CallOp::create(b, loc, symbol("train_step"),
                                          TypeRange{b.getF32Type()},
                                          ValueRange{x, labels, weights, lr, step, key, logits})
                         .getResult(0);
        Value right = runtime.call(loc, "lepton_count_correct", b.getI64Type(),
                                   {runtime.pointer(loc, logits), runtime.pointer(loc, labels),
                                    size, i64(outputs)});
        Value correct = arith::AddIOp::create(b, loc, carried[2], right);
        Value lossD = arith::ExtFOp::create(b, loc, b.getF64Type(), loss);
        runtime.call(loc, "lepton_check_loss", b.getI32Type(),
                     {lossD, epoch1, arith::AddIOp::create(b, loc, batchIndex, i64(1))});
        Value sizeD = arith::UIToFPOp::create(b, loc, b.getF64Type(), size);
        Value lossSum = arith::AddFOp::create(b, loc, carried[0],
                                              arith::MulFOp::create(b, loc, lossD, sizeD));
        Value done = arith::AddIOp::create(b, loc, start, size);
        Value doneD = arith::SIToFPOp::create(b, loc, b.getF64Type(), done);
        Value correctD = arith::SIToFPOp::create(b, loc, b.getF64Type(), correct);
        runtime.call(loc, "lepton_progress_update", Type(),
                     {progress, done, arith::DivFOp::create(b, loc, lossSum, doneD),
                      arith::DivFOp::create(b, loc, correctD, doneD)});
        return SmallVector<Value>{lossSum, step, correct};
      });
  return {out[0], out[2]};
}

void lepton::TrainerGen::emitRun() {
  func::FuncOp fn =
      beginFunction(symbol("run"), {runtime.ptrType()}, {b.getI32Type()}, /*isPublic=*/false);
  Value cli = fn.getArgument(0);
  Value epochs = runtime.call(loc, "lepton_cli_int", b.getI64Type(),
                              {cli, runtime.string(loc, "epochs")});
  Value seed = runtime.call(loc, "lepton_cli_int", b.getI64Type(),
                            {cli, runtime.string(loc, "seed")});
  Value quiet = runtime.call(loc, "lepton_cli_flag", b.getI32Type(),
                             {cli, runtime.string(loc, "quiet")});
  Value trainData = loadDataset(train.data);
  Value validData = train.hasValidation ? loadDataset(train.validation) : Value();
  Value count = runtime.call(loc, "lepton_dataset_count", b.getI64Type(), {trainData});
  Value countIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), count);

  // Parameters: initialised from the seed, or (--load) from a checkpoint of this model.
  func::CallOp::create(b, loc, symbol("init"), TypeRange{}, ValueRange{seed});
  Value tensors = createTensorSet();
  Value loadPath = cliString(cli, "load");
  ifNonNull(loadPath, [&] {
    runtime.call(loc, "lepton_checkpoint_load", b.getI32Type(), {tensors, loadPath});
  });

  Value x = zeroedBuffer(inputBuffer);
  Value labels = zeroedBuffer(labelsBuffer);
  Value weights = zeroedBuffer(weightsBuffer);
  Value logits = zeroedBuffer(logitsBuffer);
  Value order = memref::AllocOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic}, b.getI64Type()), ValueRange{countIdx},
      b.getI64IntegerAttr(64));
  // --quiet: results only. --json -: stdout carries the JSON, so progress goes to stderr.
  Value jsonPath = cliString(cli, "json");
  Value quietFlag = arith::SelectOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, quiet, i32(0)),
      i32(kProgressQuiet), i32(0));
  Value jsonToStdout =
      runtime.call(loc, "lepton_is_stdout_path", b.getI32Type(), {jsonPath});
  Value stderrFlag = arith::SelectOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, jsonToStdout, i32(0)),
      i32(kProgressStderr), i32(0));
  Value flags = arith::OrIOp::create(b, loc, quietFlag, stderrFlag);
  Value progress = runtime.call(loc, "lepton_progress_create", runtime.ptrType(),
                                {epochs, count, flags});

  Value epochsIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), epochs);
  auto epochLoop = scf::ForOp::create(b, loc, index(0), epochsIdx, index(1),
                                      ValueRange{i64(0), f64(kNaN)});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(epochLoop.getBody());
    Value epoch = arith::IndexCastOp::create(b, loc, b.getI64Type(), epochLoop.getInductionVar());
    Value epoch1 = arith::AddIOp::create(b, loc, epoch, i64(1));
    runtime.call(loc, "lepton_progress_epoch_begin", Type(), {progress, epoch1});
    Value lr = learningRate(epoch, epochs);
    // A fresh permutation every epoch (the file's `shuffle: false` keeps the file's order).
    Value orderPtr = runtime.null(loc);
    if (train.shuffle) {
      orderPtr = runtime.pointer(loc, order);
      runtime.call(loc, "lepton_rng_permutation", b.getI32Type(), {orderPtr, count, seed, epoch});
    }
    auto [lossSum, correct] =
        trainOneEpoch(trainData, orderPtr, epoch1, epochLoop.getRegionIterArgs()[0], lr, seed,
                      progress, x, labels, weights, logits);
    Value steps = arith::AddIOp::create(
        b, loc, epochLoop.getRegionIterArgs()[0],
        arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                   arith::CeilDivUIOp::create(b, loc, countIdx, index(batch))));
    Value countF = arith::SIToFPOp::create(b, loc, b.getF64Type(), count);
    Value trainLoss = arith::DivFOp::create(b, loc, lossSum, countF);
    Value trainAccuracy = arith::DivFOp::create(
        b, loc, arith::SIToFPOp::create(b, loc, b.getF64Type(), correct), countF);
    Value accuracy = f64(kNaN), validLoss = f64(kNaN);
    if (validData)
      std::tie(accuracy, validLoss) =
          evaluate(validData, x, labels, logits, "preprocess_validation");
    runtime.call(loc, "lepton_progress_epoch_end", Type(),
                 {progress, epoch1, trainLoss, trainAccuracy, validLoss, accuracy});
    scf::YieldOp::create(b, loc, ValueRange{steps, accuracy});
  }
  if (validData) {
    // With --epochs 0 (e.g. evaluating a --load'ed checkpoint) the model is evaluated once here.
    Value noEpochs = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, epochs, i64(0));
    auto final = scf::IfOp::create(b, loc, TypeRange{b.getF64Type()}, noEpochs, /*else=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(final.thenBlock());
      Value accuracy = evaluate(validData, x, labels, logits, "preprocess_validation").first;
      scf::YieldOp::create(b, loc, accuracy);
      b.setInsertionPointToStart(final.elseBlock());
      scf::YieldOp::create(b, loc, epochLoop.getResult(1));
    }
    runtime.call(loc, "lepton_progress_result", Type(),
                 {progress, runtime.string(loc, "test accuracy"), final.getResult(0), i32(1)});
  }

  // Outputs: the checkpoint (--save, else the file's `save:`), then the reports.
  Value savePath = cliString(cli, "save");
  if (!train.savePath.empty()) {
    Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, savePath,
                                        runtime.null(loc));
    savePath = arith::SelectOp::create(b, loc, isNull, runtime.string(loc, train.savePath),
                                       savePath);
  }
  ifNonNull(savePath, [&] {
    runtime.call(loc, "lepton_checkpoint_save", b.getI32Type(), {tensors, savePath});
  });
  Value settings = runtime.call(loc, "lepton_settings_json", runtime.ptrType(),
                                {runtime.string(loc, settingsFields()), epochs, seed});
  ifNonNull(jsonPath, [&] {
    runtime.call(loc, "lepton_progress_write_json", b.getI32Type(),
                 {progress, jsonPath, settings});
  });
  Value reportPath = cliString(cli, "report");
  ifNonNull(reportPath, [&] {
    std::string title = program.pipelineName + ": training " + model.name;
    runtime.call(loc, "lepton_progress_write_html", b.getI32Type(),
                 {progress, reportPath, runtime.string(loc, title), settings,
                  runtime.string(loc, layersText())});
  });
  runtime.call(loc, "lepton_string_free", Type(), {settings});
  runtime.call(loc, "lepton_progress_free", Type(), {progress});
  runtime.call(loc, "lepton_tensor_set_free", Type(), {tensors});
  runtime.call(loc, "lepton_dataset_free", Type(), {trainData});
  if (validData)
    runtime.call(loc, "lepton_dataset_free", Type(), {validData});
  func::ReturnOp::create(b, loc, i32(0));
}

void lepton::TrainerGen::emitMain() {
  // int main(int argc, char **argv): flags first, then training or `predict`; --help exits 0,
  // bad flags 1 (the runtime's CLI reports them).
  b.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(
      b, loc, "main", b.getFunctionType({b.getI32Type(), runtime.ptrType()}, {b.getI32Type()}));
  b.setInsertionPointToStart(fn.addEntryBlock());
  std::string summary = "Trains model '" + model.name + "' of pipeline '" +
                        program.pipelineName + "' (compiled by leptonc).";
  Value cli = runtime.call(loc, "lepton_cli_create", runtime.ptrType(),
                           {runtime.string(loc, summary)});
  runtime.call(loc, "lepton_cli_add_trainer_options", b.getI32Type(),
               {cli, i64(train.epochs), i64(train.seed)});
  Value rc = runtime.call(loc, "lepton_cli_parse", b.getI32Type(),
                          {cli, fn.getArgument(0), fn.getArgument(1)});
  Value parsed = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rc, i32(0));
  auto branch = scf::IfOp::create(b, loc, TypeRange{b.getI32Type()}, parsed, /*else=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    // The only command is `predict`; without one, the program trains.
    Value command = runtime.call(loc, "lepton_cli_command", runtime.ptrType(), {cli});
    Value isPredict =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, command, runtime.null(loc));
    auto mode = scf::IfOp::create(b, loc, TypeRange{b.getI32Type()}, isPredict, /*else=*/true);
    for (auto [block, name] : {std::pair{mode.thenBlock(), "predict"},
                               std::pair{mode.elseBlock(), "run"}}) {
      b.setInsertionPointToStart(block);
      Value code = func::CallOp::create(b, loc, symbol(name), TypeRange{b.getI32Type()},
                                        ValueRange{cli})
                       .getResult(0);
      scf::YieldOp::create(b, loc, code);
    }
    b.setInsertionPointAfter(mode);
    scf::YieldOp::create(b, loc, mode.getResult(0));
    b.setInsertionPointToStart(branch.elseBlock());
    Value help = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rc, i32(-1));
    scf::YieldOp::create(b, loc, Value(arith::SelectOp::create(b, loc, help, i32(0), rc)));
  }
  runtime.call(loc, "lepton_cli_free", Type(), {cli});
  func::ReturnOp::create(b, loc, branch.getResult(0));
}
