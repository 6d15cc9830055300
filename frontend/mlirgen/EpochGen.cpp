// EpochGen.cpp — one pass over a data set: training an epoch, evaluating, the per-batch helpers.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <algorithm>
#include <limits>

using namespace mlir;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

void lepton::SupervisedTrainer::fillWeights(Value weights, Value size, Value realRowWeight) {
  // `realRowWeight` for the batch's real rows, 0 for its padding.
  Value zero = ctx.f32(0);
  Value sizeIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), size);
  auto rows = ctx.forRange(batch);
  OpBuilder::InsertionGuard rowGuard(b);
  b.setInsertionPointToStart(rows.getBody());
  Value real = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, rows.getInductionVar(),
                                     sizeIdx);
  Value w = arith::SelectOp::create(b, loc, real, realRowWeight, zero);
  memref::StoreOp::create(b, loc, w, weights, ValueRange{rows.getInductionVar()});
}

Value lepton::SupervisedTrainer::countCorrect(const BatchBuffers &buf, Value size) {
  // Correct predictions among the batch's `size` real rows: the argmax is the label, or (one
  // output, binary_cross_entropy) the sign of the logit is. Regression has none.
  switch (targets) {
  case Targets::ClassIndex:
  case Targets::OneHot:
    return ctx.call(RuntimeFn::lepton_count_correct, {ctx.pointer(buf.logits),
                                                      ctx.pointer(buf.labels), size,
                                                      ctx.i64(numOutputs)});
  case Targets::Regression:
    return ctx.i64(0);
  case Targets::Binary: break;
  }
  Value sizeIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), size);
  Value noneCorrect = ctx.i64(0);
  auto rows = ctx.forRange(sizeIdx, ValueRange{noneCorrect});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rows.getBody());
  Value r = rows.getInductionVar();
  Value logit = memref::LoadOp::create(b, loc, buf.logits, ValueRange{r, ctx.index(0)});
  Value label = memref::LoadOp::create(b, loc, buf.labels, ValueRange{r});
  Value saysOne = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, logit, ctx.f32(0));
  Value isOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, label, ctx.i32(1));
  Value right = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, saysOne, isOne);
  Value add = arith::ExtUIOp::create(b, loc, b.getI64Type(), right);
  scf::YieldOp::create(b, loc, ValueRange{arith::AddIOp::create(b, loc, rows.getRegionIterArg(0), add)});
  b.setInsertionPointAfter(rows);
  return rows.getResult(0);
}

lepton::SupervisedTrainer::Evaluation
lepton::SupervisedTrainer::evaluate(Value dataset, const BatchBuffers &buf, StringRef preprocess,
                                    StringRef predict) {
  Value count = ctx.call(RuntimeFn::lepton_dataset_count, {dataset});
  Value nan = ctx.f64(kNaN);
  SmallVector<Value> sums = forEachBatch(
      count, ValueRange{ctx.i64(0), ctx.f64(0), ctx.f64(0), ctx.f64(0)},
      [&](Value start, Value size, Value, ValueRange sum) {
        loadBatch(dataset, ctx.null(), start, size, buf, preprocess);
        func::CallOp::create(b, loc, symbol(predict), TypeRange{}, ValueRange{buf.x, buf.logits});
        Value right = countCorrect(buf, size);
        Value loss, absErr = ctx.f64(0), sqErr = ctx.f64(0);
        if (targets == Targets::ClassIndex) {
          loss = ctx.call(RuntimeFn::lepton_cross_entropy_sum,
                          {ctx.pointer(buf.logits), ctx.pointer(buf.labels), size,
                           ctx.i64(numOutputs)});
        } else {
          // Weight 1 per real row: eval_loss returns the batch's sum.
          fillWeights(buf.weights, size, ctx.f32(1));
          Value l = func::CallOp::create(b, loc, symbol("eval_loss"), TypeRange{b.getF32Type()},
                                         ValueRange{buf.x, buf.targets, buf.weights})
                        .getResult(0);
          loss = arith::ExtFOp::create(b, loc, b.getF64Type(), l);
        }
        if (targets == Targets::Regression) {
          // Σ |y − t| and Σ (y − t)² over the real rows' outputs, in f64.
          Value sizeIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), size);
          auto rows = ctx.forRange(sizeIdx, ValueRange{absErr, sqErr});
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(rows.getBody());
          auto cols = ctx.forRange(targetWidth, rows.getRegionIterArgs());
          b.setInsertionPointToStart(cols.getBody());
          ValueRange at{rows.getInductionVar(), cols.getInductionVar()};
          Value y = memref::LoadOp::create(b, loc, buf.logits, at);
          Value t = memref::LoadOp::create(b, loc, buf.targets, at);
          Value d = arith::ExtFOp::create(b, loc, b.getF64Type(),
                                          arith::SubFOp::create(b, loc, y, t).getResult());
          Value a = arith::AddFOp::create(b, loc, cols.getRegionIterArg(0),
                                          math::AbsFOp::create(b, loc, d));
          Value q = arith::AddFOp::create(b, loc, cols.getRegionIterArg(1),
                                          arith::MulFOp::create(b, loc, d, d));
          scf::YieldOp::create(b, loc, ValueRange{a, q});
          b.setInsertionPointAfter(cols);
          scf::YieldOp::create(b, loc, cols.getResults());
          b.setInsertionPointAfter(rows);
          absErr = rows.getResult(0);
          sqErr = rows.getResult(1);
        }
        return SmallVector<Value>{arith::AddIOp::create(b, loc, sum[0], right),
                                  arith::AddFOp::create(b, loc, sum[1], loss),
                                  arith::AddFOp::create(b, loc, sum[2], absErr),
                                  arith::AddFOp::create(b, loc, sum[3], sqErr)};
      });
  Value total = arith::SIToFPOp::create(b, loc, b.getF64Type(), count);
  Value hits = arith::SIToFPOp::create(b, loc, b.getF64Type(), sums[0]);
  auto mean = [&](Value v) { return arith::DivFOp::create(b, loc, v, total).getResult(); };
  Value values = ctx.f64(static_cast<double>(std::max<int64_t>(targetWidth, 1)));
  Evaluation result;
  result.accuracy = targets == Targets::Regression ? nan : mean(hits);
  result.loss = mean(sums[1]);
  result.mae = targets == Targets::Regression
                   ? arith::DivFOp::create(b, loc, mean(sums[2]), values).getResult()
                   : nan;
  result.mse = targets == Targets::Regression
                   ? arith::DivFOp::create(b, loc, mean(sums[3]), values).getResult()
                   : nan;
  return result;
}

std::pair<Value, Value> lepton::SupervisedTrainer::trainOneEpoch(Value data, Value order,
                                                                 Value epoch1, Value firstStep,
                                                                 Value lr, Value seed,
                                                                 Value progress,
                                                                 const BatchBuffers &buf) {
  // Returns (sum of per-sample losses, number of correct predictions).
  Value count = ctx.call(RuntimeFn::lepton_dataset_count, {data});
  SmallVector<Value> out = forEachBatch(
      count, ValueRange{ctx.f64(0), firstStep, ctx.i64(0)},
      [&](Value start, Value size, Value batchIndex, ValueRange carried) {
        loadBatch(data, order, start, size, buf, "preprocess", train.augmentation != nullptr);
        if (train.augmentation) // training batches only
          func::CallOp::create(b, loc, symbol("augment"), TypeRange{},
                               ValueRange{buf.raw, buf.x, order, start, size, seed, epoch1});
        // Sample weights: 1/size for real rows, 0 for padding, so the loss is the batch mean.
        Value sizeF = arith::UIToFPOp::create(b, loc, b.getF32Type(), size);
        Value one = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(1.0f));
        fillWeights(buf.weights, size, arith::DivFOp::create(b, loc, one, sizeF));

        Value step = arith::AddIOp::create(b, loc, carried[1], ctx.i64(1));
        // Dropout key: unique per (seed, step), so masks are reproducible and never repeat.
        Value key =
            arith::XOrIOp::create(b, loc, arith::ShLIOp::create(b, loc, seed, ctx.i64(32)), step);
        Value loss = func::CallOp::create(b, loc, symbol("train_step"),
                                          TypeRange{b.getF32Type()},
                                          ValueRange{buf.x, buf.lossTarget(), buf.weights, lr,
                                                     step, key, buf.logits})
                         .getResult(0);
        Value correct = arith::AddIOp::create(b, loc, carried[2], countCorrect(buf, size));
        Value lossD = arith::ExtFOp::create(b, loc, b.getF64Type(), loss);
        ctx.call(RuntimeFn::lepton_check_loss,
                 {lossD, epoch1, arith::AddIOp::create(b, loc, batchIndex, ctx.i64(1))});
        Value sizeD = arith::UIToFPOp::create(b, loc, b.getF64Type(), size);
        Value lossSum = arith::AddFOp::create(b, loc, carried[0],
                                              arith::MulFOp::create(b, loc, lossD, sizeD));
        Value done = arith::AddIOp::create(b, loc, start, size);
        Value doneD = arith::SIToFPOp::create(b, loc, b.getF64Type(), done);
        Value accuracy = targets == Targets::Regression
                             ? ctx.f64(kNaN)
                             : arith::DivFOp::create(
                                   b, loc, arith::SIToFPOp::create(b, loc, b.getF64Type(), correct),
                                   doneD)
                                   .getResult();
        ctx.call(RuntimeFn::lepton_progress_update,
                 {progress, done, arith::DivFOp::create(b, loc, lossSum, doneD), accuracy});
        return SmallVector<Value>{lossSum, step, correct};
      });
  return {out[0], out[2]};
}

