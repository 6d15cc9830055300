// TrainingLoopGen.cpp — the generated training program: flags, data, epochs, batches, evaluation.
//
// Everything here is ordinary func/scf/arith code; the runtime is called only for services
// (flags, reading data, shuffling, counting correct predictions, progress, files).
#include "frontend/mlirgen/ExternDatasetGen.h"
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
  auto loop = ctx.forRange(numBatches, init);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value start = arith::MulIOp::create(b, loc, loop.getInductionVar(), ctx.index(batch));
  Value left = arith::SubIOp::create(b, loc, countIdx, start);
  Value size = arith::MinUIOp::create(b, loc, left, ctx.index(batch));
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

void lepton::SupervisedTrainer::wholeOrRowByRow(Value size, function_ref<void()> wholeBatch,
                                                function_ref<void(Value)> eachRow) {
  Value full = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size, ctx.i64(batch));
  auto whole = scf::IfOp::create(b, loc, full, /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(whole.thenBlock());
  wholeBatch();
  b.setInsertionPointToStart(whole.elseBlock());
  Value rows = arith::IndexCastOp::create(b, loc, b.getIndexType(), size);
  auto each = ctx.forRange(rows);
  b.setInsertionPointToStart(each.getBody());
  eachRow(each.getInductionVar());
}

Value lepton::SupervisedTrainer::rowOf(Value matrix, Value i, int64_t width) {
  SmallVector<OpFoldResult> offsets{i, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes{b.getIndexAttr(1), b.getIndexAttr(width)};
  SmallVector<OpFoldResult> strides{b.getIndexAttr(1), b.getIndexAttr(1)};
  return memref::SubViewOp::create(b, loc, matrix, offsets, sizes, strides);
}

lepton::SupervisedTrainer::BatchBuffers lepton::SupervisedTrainer::allocateBatch() {
  BatchBuffers buf;
  buf.x = ctx.zeroedBuffer(inputBuffer);
  buf.raw = crops ? ctx.zeroedBuffer(flowBuffer) : buf.x;
  buf.bytes = ctx.zeroedBuffer(MemRefType::get(flowBuffer.getShape(), b.getI8Type()));
  buf.labels = ctx.zeroedBuffer(labelsBuffer);
  if (targets != Targets::ClassIndex)
    buf.targets = ctx.zeroedBuffer(targetBuffer);
  buf.weights = ctx.zeroedBuffer(weightsBuffer);
  buf.logits = ctx.zeroedBuffer(logitsBuffer);
  return buf;
}

void lepton::SupervisedTrainer::loadBatch(Value dataset, Value order, Value start, Value size,
                                          const BatchBuffers &buf, StringRef preprocess,
                                          bool augmenting) {
  // Samples [start, start + size) of `order` (null: file order) into raw, then preprocessed in
  // place (and centre-cropped into x); their labels, and the loss's targets made from them (or
  // read: regression). A null `buf.labels` reads samples only (predict).
  bool preprocessed = false;
  if (targets == Targets::Regression && buf.labels) {
    ctx.call(RuntimeFn::lepton_dataset_gather_targets,
             {dataset, order, start, size, ctx.pointer(buf.raw), ctx.pointer(buf.targets)});
  } else {
    Value labels = buf.labels ? ctx.pointer(buf.labels) : ctx.null();
    auto gatherFloats = [&] {
      ctx.call(RuntimeFn::lepton_dataset_gather, {dataset, order, start, size, ctx.pointer(buf.raw), labels});
    };
    if (!preprocess.empty() && buf.bytes) {
      // A dataset that stores bytes (IDX images) is gathered as bytes, which `PREPROCESS_bytes` converts
      // in its first pass; any other as floats, preprocessed in place.
      Value storage = ctx.call(RuntimeFn::lepton_dataset_stores_bytes, {dataset});
      Value storesBytes = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, storage, ctx.i32(0));
      auto which = scf::IfOp::create(b, loc, storesBytes, /*withElseRegion=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(which.thenBlock());
      ctx.call(RuntimeFn::lepton_dataset_gather_bytes,
               {dataset, order, start, size, ctx.pointer(buf.bytes), labels});
      func::CallOp::create(b, loc, symbol((preprocess + "_bytes").str()), TypeRange{},
                           ValueRange{buf.bytes, buf.raw});
      b.setInsertionPointToStart(which.elseBlock());
      gatherFloats();
      func::CallOp::create(b, loc, symbol(preprocess), TypeRange{}, ValueRange{buf.raw});
      preprocessed = true;
    } else {
      gatherFloats();
    }
    if (buf.labels && buf.targets)
      func::CallOp::create(b, loc, symbol("make_targets"), TypeRange{},
                           ValueRange{buf.labels, buf.targets});
  }
  if (!preprocess.empty() && !preprocessed) // empty: the raw values (a model reading folded weights, inputFold())
    func::CallOp::create(b, loc, symbol(preprocess), TypeRange{}, ValueRange{buf.raw});
  if (crops && !augmenting)
    func::CallOp::create(b, loc, symbol("center_crop"), TypeRange{}, ValueRange{buf.raw, buf.x});
}

Value lepton::SupervisedTrainer::loadDataset(const ast::DataFlow &flow) {
  auto hasStep = [&](TransformKind kind) {
    return llvm::any_of(flow.steps, [&](const ast::FlowStep &s) { return s.transform->kind == kind; });
  };
  // fill_missing and drop_missing read empty (and NA, NaN, ?) CSV cells as missing values.
  bool missingAllowed = hasStep(TransformKind::FillMissing) || hasStep(TransformKind::DropMissing);
  Value dataset = loadDatasetDecl(*flow.dataset, missingAllowed);
  if (hasStep(TransformKind::DropMissing)) {
    // Rows with a missing value are dropped as the data set is read; the count is printed.
    ctx.loc = ctx.locOf(flow.loc);
    Value dropped = ctx.call(RuntimeFn::lepton_dataset_drop_missing, {dataset});
    ctx.call(RuntimeFn::lepton_dataset_report_dropped,
             {ctx.string(flow.dataset->name), dropped,
              ctx.call(RuntimeFn::lepton_dataset_count, {dataset})});
  }
  ctx.loc = loc;
  return dataset;
}

Value lepton::SupervisedTrainer::loadDatasetDecl(const ast::Dataset &data, bool missingAllowed) {
  ctx.loc = ctx.locOf(data.loc);
  if (data.sourceKind == SourceKind::Split) {
    // Both halves come from one deterministic permutation of the divided data set.
    Value whole = loadDatasetDecl(*data.splitOf, missingAllowed);
    ctx.loc = ctx.locOf(data.loc);
    Value part = ctx.call(RuntimeFn::lepton_dataset_split,
                          {whole, ctx.f64(data.validFraction), ctx.i64(data.splitSeed),
                           ctx.i32(data.isValidationPart ? 1 : 0)});
    ctx.call(RuntimeFn::lepton_dataset_free, {whole});
    return part;
  }
  int64_t rank = data.sampleShape.size();
  Value shape = ctx.pointer(ctx.shapeArray(data.sampleShape));
  int32_t classes = static_cast<int32_t>(data.classes);
  // Regression targets per sample (K); class labels are one per sample.
  int32_t width = classes == 0 ? static_cast<int32_t>(std::max<int64_t>(data.targets, 1)) : 1;
  if (data.sourceKind == SourceKind::Csv) {
    // The (first) label column by name (the file then needs a header), by index, or else the first
    // of the last K columns: after the features, whose count is the sample's element count.
    bool named = !data.labelColumn.empty();
    int64_t labelIndex =
        data.labelIndex >= 0 ? data.labelIndex : ast::numElements(data.sampleShape);
    int32_t flags = data.header ? LEPTON_CSV_HEADER : LEPTON_CSV_NO_HEADER;
    if (missingAllowed)
      flags |= LEPTON_CSV_ALLOW_MISSING;
    return ctx.call(RuntimeFn::lepton_dataset_load_csv,
                    {ctx.string(data.path), shape, ctx.i32(rank), ctx.i32(classes), ctx.i32(width),
                     named ? ctx.string(data.labelColumn) : ctx.null(),
                     ctx.i32(named ? -1 : labelIndex), ctx.i32(flags), ctx.i64(data.limit)});
  }
  if (data.sourceKind == SourceKind::Extern)
    return loadExternDataset(ctx, data, classes, width);
  if (data.sourceKind == SourceKind::Npy)
    return ctx.call(RuntimeFn::lepton_dataset_load_npy,
                    {ctx.string(data.images), ctx.string(data.labels), shape, ctx.i32(rank),
                     ctx.i32(classes), ctx.i32(width), ctx.i64(data.limit)});
  // IDX data always has classes (the front end requires them).
  return ctx.call(RuntimeFn::lepton_dataset_load_idx,
                  {ctx.string(data.images), ctx.string(data.labels), shape, ctx.i32(rank),
                   ctx.i32(classes), ctx.i64(data.limit)});
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
    Value one = ctx.f64(1);
    Value onePlus = arith::AddFOp::create(b, loc, one, math::CosOp::create(b, loc, angle));
    Value span = ctx.f64(0.5 * (opt.lr - sched.minLr));
    Value minLr = ctx.f64(sched.minLr);
    lr = arith::AddFOp::create(b, loc, minLr, arith::MulFOp::create(b, loc, span, onePlus));
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
  // Preprocessing statistics from the training set, before anything uses them (they are saved
  // in checkpoints for predict and the C API).
  if (!statSteps.empty())
    func::CallOp::create(b, loc, symbol("statistics"), TypeRange{}, ValueRange{trainData});

  BatchBuffers buf = allocateBatch();
  Value order = memref::AllocOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic}, b.getI64Type()), ValueRange{countIdx},
      b.getI64IntegerAttr(64));
  Value progress = ctx.call(RuntimeFn::lepton_progress_create, {epochs, count, flags});
  EarlyStop stop(*this, validData != Value());

  // One epoch: returns the carried values (steps, accuracy, mae, mse, validation loss) and early
  // stopping's.
  auto runEpoch = [&](Value epochIdx, ValueRange carried) {
    Value epoch = arith::IndexCastOp::create(b, loc, b.getI64Type(), epochIdx);
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
        trainOneEpoch(trainData, orderPtr, epoch1, carried[0], lr, seed, progress, buf);
    Value steps = arith::AddIOp::create(
        b, loc, carried[0],
        arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                   arith::CeilDivUIOp::create(b, loc, countIdx, ctx.index(batch))));
    Value countF = arith::SIToFPOp::create(b, loc, b.getF64Type(), count);
    Value trainLoss = arith::DivFOp::create(b, loc, lossSum, countF);
    Value trainAccuracy =
        targets == Targets::Regression
            ? ctx.f64(kNaN)
            : arith::DivFOp::create(b, loc, arith::SIToFPOp::create(b, loc, b.getF64Type(), correct),
                                    countF)
                  .getResult();
    Evaluation eval{ctx.f64(kNaN), ctx.f64(kNaN), ctx.f64(kNaN), ctx.f64(kNaN)};
    if (validData)
      eval = evaluate(validData, buf, "preprocess_validation");
    ctx.call(RuntimeFn::lepton_progress_epoch_end,
             {progress, epoch1, trainLoss, trainAccuracy, eval.loss, eval.accuracy});
    SmallVector<Value> next{steps, eval.accuracy, eval.mae, eval.mse, eval.loss};
    next.append(stop.update(validData ? eval.loss : trainLoss, epoch1, carried.drop_front(5),
                            progress));
    return next;
  };

  Value epochsIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), epochs);
  // Carried: optimizer steps so far, the last evaluation (accuracy, mae, mse, loss), then early
  // stop's.
  SmallVector<Value> init{ctx.i64(0), ctx.f64(kNaN), ctx.f64(kNaN), ctx.f64(kNaN), ctx.f64(kNaN)};
  init.append(stop.initial());
  auto epochLoop = ctx.forRange(epochsIdx, init);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(epochLoop.getBody());
    ValueRange carried = epochLoop.getRegionIterArgs();
    if (!stop.enabled()) {
      scf::YieldOp::create(b, loc, runEpoch(epochLoop.getInductionVar(), carried));
    } else {
      // Once stopped, the remaining iterations do nothing.
      auto active = scf::IfOp::create(b, loc, TypeRange(ValueRange(carried)), stop.running(carried.drop_front(5)),
                                      /*else=*/true);
      b.setInsertionPointToStart(active.thenBlock());
      scf::YieldOp::create(b, loc, runEpoch(epochLoop.getInductionVar(), carried));
      b.setInsertionPointToStart(active.elseBlock());
      scf::YieldOp::create(b, loc, carried);
      b.setInsertionPointAfter(active);
      scf::YieldOp::create(b, loc, active.getResults());
    }
  }
  // Early stopping keeps the best epoch's weights: they are what is saved and evaluated last.
  stop.restoreBest(epochLoop.getResults().drop_front(5));
  // int8: the trained weights are calibrated and quantized (what --save writes, predict and the
  // exported functions use).
  if (quantized())
    func::CallOp::create(b, loc, symbol("quantize"), TypeRange{}, ValueRange{trainData});
  if (validData) {
    // With --epochs 0 (e.g. evaluating a --load'ed checkpoint), or after early stopping restored
    // an earlier epoch's weights, the model is evaluated once more here.
    Value again = stop.enabled()
                      ? arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1).getResult()
                      : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, epochs, ctx.i64(0))
                            .getResult();
    Type f64 = b.getF64Type();
    auto final = scf::IfOp::create(b, loc, TypeRange{f64, f64, f64, f64}, again, /*else=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(final.thenBlock());
      Evaluation eval = evaluate(validData, buf, "preprocess_validation");
      scf::YieldOp::create(b, loc, ValueRange{eval.accuracy, eval.mae, eval.mse, eval.loss});
      b.setInsertionPointToStart(final.elseBlock());
      scf::YieldOp::create(b, loc, epochLoop.getResults().slice(1, 4));
    }
    // Classes: accuracy (always, as before); regression: mae and mse (always: they are the
    // numbers a regression is judged by). The lines name the validation data set they come from
    // ("accuracy on test_images: …").
    ctx.call(RuntimeFn::lepton_progress_evaluated_on,
             {progress, ctx.string(train.validation.dataset->name)});
    if (targets != Targets::Regression) {
      ctx.call(RuntimeFn::lepton_progress_result,
               {progress, ctx.string("accuracy"), final.getResult(0), ctx.i32(1)});
    } else {
      ctx.call(RuntimeFn::lepton_progress_result,
               {progress, ctx.string("mae"), final.getResult(1), ctx.i32(0)});
      ctx.call(RuntimeFn::lepton_progress_result,
               {progress, ctx.string("mse"), final.getResult(2), ctx.i32(0)});
    }
    // `metrics: [loss]` adds the loss on the validation data.
    if (llvm::is_contained(train.metrics, MetricKind::Loss))
      ctx.call(RuntimeFn::lepton_progress_result,
               {progress, ctx.string("loss"), final.getResult(3), ctx.i32(0)});
    // The int8 model's figures beside the f32 ones, on the same data.
    if (quantized()) {
      Evaluation q = evaluate(validData, buf, "preprocess_validation", "predict_batch_int8");
      if (targets != Targets::Regression) {
        ctx.call(RuntimeFn::lepton_progress_result,
                 {progress, ctx.string("int8_accuracy"), q.accuracy, ctx.i32(1)});
      } else {
        ctx.call(RuntimeFn::lepton_progress_result, {progress, ctx.string("int8_mae"), q.mae, ctx.i32(0)});
        ctx.call(RuntimeFn::lepton_progress_result, {progress, ctx.string("int8_mse"), q.mse, ctx.i32(0)});
      }
    }
  }
  ctx.call(RuntimeFn::lepton_dataset_free, {trainData});
  if (validData)
    ctx.call(RuntimeFn::lepton_dataset_free, {validData});
  func::ReturnOp::create(b, loc, progress);
}
