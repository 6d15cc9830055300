// EarlyStopGen.cpp — early_stop(patience, min_delta:): the best epoch's weights, kept and restored.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;

lepton::SupervisedTrainer::EarlyStop::EarlyStop(SupervisedTrainer &trainer, bool watchesValidation)
    : t(trainer), validation(watchesValidation) {}

bool lepton::SupervisedTrainer::EarlyStop::enabled() const { return t.train.earlyStop.enabled; }

SmallVector<Value> lepton::SupervisedTrainer::EarlyStop::initial() {
  if (!enabled())
    return {};
  OpBuilder &b = t.b;
  for (const Parameter &param : t.state.parameters())
    best.push_back(memref::AllocOp::create(b, t.loc, MemRefType::get(param.shape(), b.getF32Type()),
                                           b.getI64IntegerAttr(64)));
  return {t.ctx.f64(std::numeric_limits<double>::infinity()), t.ctx.i64(0),
          arith::ConstantIntOp::create(b, t.loc, b.getI1Type(), 0), t.ctx.i64(0)};
}

Value lepton::SupervisedTrainer::EarlyStop::running(ValueRange carried) {
  Value yes = arith::ConstantIntOp::create(t.b, t.loc, t.b.getI1Type(), 1);
  return arith::XOrIOp::create(t.b, t.loc, carried[2], yes);
}

void lepton::SupervisedTrainer::EarlyStop::copyParameters(bool toBest) {
  for (auto [param, copy] : llvm::zip(t.state.parameters(), best)) {
    Value live = t.state.buffer(param.name);
    memref::CopyOp::create(t.b, t.loc, toBest ? live : copy, toBest ? copy : live);
  }
}

SmallVector<Value> lepton::SupervisedTrainer::EarlyStop::update(Value loss, Value epoch1,
                                                                ValueRange carried,
                                                                Value progress) {
  if (!enabled())
    return {};
  OpBuilder &b = t.b;
  mlir::Location loc = t.loc;
  const ast::EarlyStop &spec = t.train.earlyStop;
  // An improvement is a loss below the best by more than min_delta (NaN never improves).
  Value threshold = arith::SubFOp::create(b, loc, carried[0], t.ctx.f64(spec.minDelta));
  Value improved = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, loss, threshold);
  auto keep = scf::IfOp::create(b, loc, improved, /*withElseRegion=*/false);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(keep.thenBlock());
    copyParameters(/*toBest=*/true);
  }
  Value bestLoss = arith::SelectOp::create(b, loc, improved, loss, carried[0]);
  Value reset = t.ctx.i64(0);
  Value since = arith::SelectOp::create(b, loc, improved, reset, arith::AddIOp::create(b, loc, carried[1], t.ctx.i64(1)));
  Value bestEpoch = arith::SelectOp::create(b, loc, improved, epoch1, carried[3]);
  Value stopNow = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, since,
                                        t.ctx.i64(spec.patience));
  auto say = scf::IfOp::create(b, loc, stopNow, /*withElseRegion=*/false);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(say.thenBlock());
    t.ctx.loc = loc;
    t.ctx.call(RuntimeFn::lepton_progress_early_stop,
               {progress, epoch1, bestEpoch, t.ctx.i64(spec.patience),
                t.ctx.string(validation ? "val_loss" : "loss")});
  }
  return {bestLoss, since, stopNow, bestEpoch};
}

void lepton::SupervisedTrainer::EarlyStop::restoreBest(ValueRange carried) {
  if (!enabled())
    return;
  // Only when some epoch improved (not after --epochs 0).
  Value some = arith::CmpIOp::create(t.b, t.loc, arith::CmpIPredicate::sgt, carried[3],
                                     t.ctx.i64(0));
  auto restore = scf::IfOp::create(t.b, t.loc, some, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(t.b);
  t.b.setInsertionPointToStart(restore.thenBlock());
  copyParameters(/*toBest=*/false);
}
