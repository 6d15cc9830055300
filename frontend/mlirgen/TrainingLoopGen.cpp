// TrainingLoopGen.cpp — the generated training program: flags, data, epochs, batches, evaluation.
//
// Everything here is ordinary func/scf/arith code; the runtime is called only for services
// (flags, reading data, shuffling, counting correct predictions, progress, files).
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "lepton/runtime.h"

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

SmallVector<Value> lepton::SupervisedTrainer::forEachBatch(Value count, ValueRange init,
                                                    BatchBody body) {
  // Batches of `batch` samples over [0, count); the last one holds the rest (i64 start, size).
  Value countIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), count);
  Value numBatches = arith::CeilDivUIOp::create(b, loc, countIdx, ctx.index(batch));
  auto loop = scf::ForOp::create(b, loc, ctx.index(0), numBatches, ctx.index(1), init);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value start = arith::MulIOp::create(b, loc, loop.getInductionVar(), ctx.index(batch));
  Value size = arith::MinUIOp::create(b, loc, arith::SubIOp::create(b, loc, countIdx, start),
                                      ctx.index(batch));
  Value start64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), start);
  Value size64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), size);
  Value batch64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), loop.getInductionVar());
  SmallVector<Value> next = body(start64, size64, batch64, loop.getRegionIterArgs());
  if (!next.empty() || !init.empty())
    scf::YieldOp::create(b, loc, next);
  return SmallVector<Value>(loop.getResults());
}

void lepton::SupervisedTrainer::forEachBatch(Value count, function_ref<void(Value, Value)> body) {
  forEachBatch(count, ValueRange{}, [&](Value start, Value size, Value, ValueRange) {
    body(start, size);
    return SmallVector<Value>{};
  });
}

void lepton::SupervisedTrainer::loadBatch(Value dataset, Value order, Value start, Value size, Value x,
                                   Value labelsPtr, StringRef preprocess) {
  // Samples [start, start + size) of `order` (null: file order) into x, then preprocessed in place.
  ctx.call(RuntimeFn::lepton_dataset_gather, {dataset, order, start, size, ctx.pointer(x), labelsPtr});
  func::CallOp::create(b, loc, symbol(preprocess), TypeRange{}, ValueRange{x});
}

Value lepton::SupervisedTrainer::loadDataset(const ast::DataFlow &flow) {
  const ast::Dataset &data = *flow.dataset;
  ctx.loc = ctx.locOf(data.loc);
  int64_t rank = data.sampleShape.size();
  Value shape = ctx.pointer(ctx.shapeArray(data.sampleShape));
  Value dataset;
  if (data.sourceKind == SourceKind::Csv) {
    // The label column by name (the file then needs a header), by index, or else the last one.
    bool named = !data.labelColumn.empty();
    int64_t labelIndex =
        data.labelIndex >= 0 ? data.labelIndex : ast::numElements(data.sampleShape);
    int32_t flags = data.header ? LEPTON_CSV_HEADER : LEPTON_CSV_NO_HEADER;
    dataset = ctx.call(RuntimeFn::lepton_dataset_load_csv,
                       {ctx.string(data.path), shape, ctx.i32(rank), ctx.i32(data.classes),
                        named ? ctx.string(data.labelColumn) : ctx.null(),
                        ctx.i32(named ? -1 : labelIndex), ctx.i32(flags), ctx.i64(data.limit)});
  } else {
    dataset = ctx.call(RuntimeFn::lepton_dataset_load_idx,
                       {ctx.string(data.images), ctx.string(data.labels), shape, ctx.i32(rank),
                        ctx.i32(data.classes), ctx.i64(data.limit)});
  }
  ctx.loc = loc;
  return dataset;
}

Value lepton::SupervisedTrainer::learningRate(Value epoch, Value epochs) {
  const ast::OptimizerSpec &opt = train.optimizer;
  const ast::ScheduleSpec &sched = train.schedule;
  Value lr = ctx.f64(opt.lr);
  switch (sched.kind) {
  case ScheduleKind::Constant:
    break;
  case ScheduleKind::Step: {
    // lr · γ^⌊epoch / every⌋
    Value k = arith::DivSIOp::create(b, loc, epoch, ctx.i64(std::max<int64_t>(sched.every, 1)));
    Value kf = arith::SIToFPOp::create(b, loc, b.getF64Type(), k);
    lr = arith::MulFOp::create(b, loc, lr, math::PowFOp::create(b, loc, ctx.f64(sched.gamma), kf));
    break;
  }
  case ScheduleKind::Cosine: {
    // min + ½ (lr − min)(1 + cos(π · epoch / epochs)), with the epochs of this run.
    Value e = arith::SIToFPOp::create(b, loc, b.getF64Type(), epoch);
    Value total = arith::SIToFPOp::create(b, loc, b.getF64Type(), epochs);
    Value angle = arith::DivFOp::create(b, loc, arith::MulFOp::create(b, loc, ctx.f64(M_PI), e), total);
    Value onePlus = arith::AddFOp::create(b, loc, ctx.f64(1), math::CosOp::create(b, loc, angle));
    Value span = ctx.f64(0.5 * (opt.lr - sched.minLr));
    lr = arith::AddFOp::create(b, loc, ctx.f64(sched.minLr),
                               arith::MulFOp::create(b, loc, span, onePlus));
    break;
  }
  }
  if (sched.warmup > 0) {
    // Linear warm-up on top of the schedule: epoch e (from 0) uses min(1, (e + 1) / (W + 1)).
    Value e1 = arith::SIToFPOp::create(b, loc, b.getF64Type(),
                                       arith::AddIOp::create(b, loc, epoch, ctx.i64(1)));
    Value ramp = arith::DivFOp::create(b, loc, e1, ctx.f64(sched.warmup + 1));
    lr = arith::MulFOp::create(b, loc, lr, arith::MinimumFOp::create(b, loc, ramp, ctx.f64(1)));
  }
  return arith::TruncFOp::create(b, loc, b.getF32Type(), lr);
}

std::pair<Value, Value> lepton::SupervisedTrainer::evaluate(Value dataset, Value x, Value labels,
                                                   Value logits, StringRef preprocess) {
  // Returns (accuracy, mean cross-entropy) over every sample of `dataset`.
  Value count = ctx.call(RuntimeFn::lepton_dataset_count, {dataset});
  SmallVector<Value> sums = forEachBatch(
      count, ValueRange{ctx.i64(0), ctx.f64(0)}, [&](Value start, Value size, Value, ValueRange sum) {
        loadBatch(dataset, ctx.null(), start, size, x, ctx.pointer(labels),
                  preprocess);
        func::CallOp::create(b, loc, symbol("predict_batch"), TypeRange{}, ValueRange{x, logits});
        Value logitsPtr = ctx.pointer(logits), labelsPtr = ctx.pointer(labels);
        Value right = ctx.call(RuntimeFn::lepton_count_correct, {logitsPtr, labelsPtr, size, ctx.i64(numOutputs)});
        Value loss = ctx.call(RuntimeFn::lepton_cross_entropy_sum, {logitsPtr, labelsPtr, size, ctx.i64(numOutputs)});
        return SmallVector<Value>{arith::AddIOp::create(b, loc, sum[0], right),
                                  arith::AddFOp::create(b, loc, sum[1], loss)};
      });
  Value total = arith::SIToFPOp::create(b, loc, b.getF64Type(), count);
  Value hits = arith::SIToFPOp::create(b, loc, b.getF64Type(), sums[0]);
  return {arith::DivFOp::create(b, loc, hits, total), arith::DivFOp::create(b, loc, sums[1], total)};
}

std::pair<Value, Value> lepton::SupervisedTrainer::trainOneEpoch(Value data, Value order, Value epoch1,
                                                        Value firstStep, Value lr, Value seed,
                                                        Value progress, Value x, Value labels,
                                                        Value weights, Value logits) {
  // Returns (sum of per-sample losses, number of correct predictions).
  Value count = ctx.call(RuntimeFn::lepton_dataset_count, {data});
  SmallVector<Value> out = forEachBatch(
      count, ValueRange{ctx.f64(0), firstStep, ctx.i64(0)},
      [&](Value start, Value size, Value batchIndex, ValueRange carried) {
        loadBatch(data, order, start, size, x, ctx.pointer(labels), "preprocess");

        // Sample weights: 1/size for real rows, 0 for padding, so the loss is the batch mean.
        Value sizeF = arith::UIToFPOp::create(b, loc, b.getF32Type(), size);
        Value one = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(1.0f));
        Value zero = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(0.0f));
        Value share = arith::DivFOp::create(b, loc, one, sizeF);
        Value sizeIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), size);
        auto rows = scf::ForOp::create(b, loc, ctx.index(0), ctx.index(batch), ctx.index(1));
        {
          OpBuilder::InsertionGuard rowGuard(b);
          b.setInsertionPointToStart(rows.getBody());
          Value real = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                             rows.getInductionVar(), sizeIdx);
          Value w = arith::SelectOp::create(b, loc, real, share, zero);
          memref::StoreOp::create(b, loc, w, weights, ValueRange{rows.getInductionVar()});
        }

        Value step = arith::AddIOp::create(b, loc, carried[1], ctx.i64(1));
        // Dropout key: unique per (seed, step), so masks are reproducible and never repeat.
        Value key =
            arith::XOrIOp::create(b, loc, arith::ShLIOp::create(b, loc, seed, ctx.i64(32)), step);
        Value loss = func::CallOp::create(b, loc, symbol("train_step"),
                                          TypeRange{b.getF32Type()},
                                          ValueRange{x, labels, weights, lr, step, key, logits})
                         .getResult(0);
        Value right = ctx.call(RuntimeFn::lepton_count_correct, {ctx.pointer(logits), ctx.pointer(labels),
                                    size, ctx.i64(numOutputs)});
        Value correct = arith::AddIOp::create(b, loc, carried[2], right);
        Value lossD = arith::ExtFOp::create(b, loc, b.getF64Type(), loss);
        ctx.call(RuntimeFn::lepton_check_loss, {lossD, epoch1, arith::AddIOp::create(b, loc, batchIndex, ctx.i64(1))});
        Value sizeD = arith::UIToFPOp::create(b, loc, b.getF64Type(), size);
        Value lossSum = arith::AddFOp::create(b, loc, carried[0],
                                              arith::MulFOp::create(b, loc, lossD, sizeD));
        Value done = arith::AddIOp::create(b, loc, start, size);
        Value doneD = arith::SIToFPOp::create(b, loc, b.getF64Type(), done);
        Value correctD = arith::SIToFPOp::create(b, loc, b.getF64Type(), correct);
        ctx.call(RuntimeFn::lepton_progress_update, {progress, done, arith::DivFOp::create(b, loc, lossSum, doneD),
                      arith::DivFOp::create(b, loc, correctD, doneD)});
        return SmallVector<Value>{lossSum, step, correct};
      });
  return {out[0], out[2]};
}

void lepton::SupervisedTrainer::emitTrain() {
  // train(cli, epochs, seed, progress flags) -> progress: the block's data, epochs and
  // evaluation. The model state is already initialised (or loaded) by the caller, which also
  // writes checkpoints and reports from the returned progress and frees it.
  ctx.loc = loc;
  func::FuncOp fn = ctx.beginFunction(
      symbol("train"), {ctx.ptrType(), b.getI64Type(), b.getI64Type(), b.getI32Type()},
      {ctx.ptrType()}, /*isPublic=*/false);
  Value epochs = fn.getArgument(1), seed = fn.getArgument(2), flags = fn.getArgument(3);
  Value trainData = loadDataset(train.data);
  Value validData = train.hasValidation ? loadDataset(train.validation) : Value();
  Value count = ctx.call(RuntimeFn::lepton_dataset_count, {trainData});
  Value countIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), count);

  Value x = ctx.zeroedBuffer(inputBuffer);
  Value labels = ctx.zeroedBuffer(labelsBuffer);
  Value weights = ctx.zeroedBuffer(weightsBuffer);
  Value logits = ctx.zeroedBuffer(logitsBuffer);
  Value order = memref::AllocOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic}, b.getI64Type()), ValueRange{countIdx},
      b.getI64IntegerAttr(64));
  Value progress = ctx.call(RuntimeFn::lepton_progress_create, {epochs, count, flags});

  Value epochsIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), epochs);
  auto epochLoop = scf::ForOp::create(b, loc, ctx.index(0), epochsIdx, ctx.index(1),
                                      ValueRange{ctx.i64(0), ctx.f64(kNaN)});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(epochLoop.getBody());
    Value epoch = arith::IndexCastOp::create(b, loc, b.getI64Type(), epochLoop.getInductionVar());
    Value epoch1 = arith::AddIOp::create(b, loc, epoch, ctx.i64(1));
    ctx.call(RuntimeFn::lepton_progress_epoch_begin, {progress, epoch1});
    Value lr = learningRate(epoch, epochs);
    // A fresh permutation every epoch (the file's `shuffle: false` keeps the file's order).
    Value orderPtr = ctx.null();
    if (train.shuffle) {
      orderPtr = ctx.pointer(order);
      ctx.call(RuntimeFn::lepton_rng_permutation, {orderPtr, count, seed, epoch});
    }
    auto [lossSum, correct] =
        trainOneEpoch(trainData, orderPtr, epoch1, epochLoop.getRegionIterArgs()[0], lr, seed,
                      progress, x, labels, weights, logits);
    Value steps = arith::AddIOp::create(
        b, loc, epochLoop.getRegionIterArgs()[0],
        arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                   arith::CeilDivUIOp::create(b, loc, countIdx, ctx.index(batch))));
    Value countF = arith::SIToFPOp::create(b, loc, b.getF64Type(), count);
    Value trainLoss = arith::DivFOp::create(b, loc, lossSum, countF);
    Value trainAccuracy = arith::DivFOp::create(
        b, loc, arith::SIToFPOp::create(b, loc, b.getF64Type(), correct), countF);
    Value accuracy = ctx.f64(kNaN), validLoss = ctx.f64(kNaN);
    if (validData)
      std::tie(accuracy, validLoss) =
          evaluate(validData, x, labels, logits, "preprocess_validation");
    ctx.call(RuntimeFn::lepton_progress_epoch_end,
             {progress, epoch1, trainLoss, trainAccuracy, validLoss, accuracy});
    scf::YieldOp::create(b, loc, ValueRange{steps, accuracy});
  }
  if (validData) {
    // With --epochs 0 (e.g. evaluating a --load'ed checkpoint) the model is evaluated once here.
    Value noEpochs = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, epochs, ctx.i64(0));
    auto final = scf::IfOp::create(b, loc, TypeRange{b.getF64Type()}, noEpochs, /*else=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(final.thenBlock());
      Value accuracy = evaluate(validData, x, labels, logits, "preprocess_validation").first;
      scf::YieldOp::create(b, loc, accuracy);
      b.setInsertionPointToStart(final.elseBlock());
      scf::YieldOp::create(b, loc, epochLoop.getResult(1));
    }
    ctx.call(RuntimeFn::lepton_progress_result,
             {progress, ctx.string("test accuracy"), final.getResult(0), ctx.i32(1)});
  }
  ctx.call(RuntimeFn::lepton_dataset_free, {trainData});
  if (validData)
    ctx.call(RuntimeFn::lepton_dataset_free, {validData});
  func::ReturnOp::create(b, loc, progress);
}
