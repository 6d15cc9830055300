// TabularAgentGen.cpp — q_table and sarsa as generated code: the table, ε-greedy acting, the episode
// loop with its update, and greedy play.
#include "frontend/mlirgen/AgentGen.h"
#include "frontend/mlirgen/ObjectApiGen.h"
#include "frontend/mlirgen/LoopBuilders.h"
#include "frontend/mlirgen/ScalarEmitter.h"

#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;


Value lepton::AgentGen::tableView() {
  return memref::GetGlobalOp::create(b, ctx.loc, tableType, ctx.symbol("q_table"));
}

void lepton::AgentGen::emitTable() {
  // The table starts at `init:` (q_table(init: v)); init_table() restores that before training.
  b.setInsertionPointToEnd(ctx.module.getBody());
  auto zeros = DenseElementsAttr::get(RankedTensorType::get({states, actions}, b.getF32Type()), 0.0f);
  memref::GlobalOp::create(b, ctx.loc, b.getStringAttr(ctx.symbol("q_table")),
                           b.getStringAttr("private"), TypeAttr::get(tableType), zeros,
                           /*constant=*/nullptr, b.getI64IntegerAttr(64));
  ctx.beginFunction(ctx.symbol("init_table"), {}, {}, /*isPublic=*/false);
  Value initial = ctx.f32(agent.initialQ);
  linalg::FillOp::create(b, ctx.loc, initial, tableView());
  ObjectApiGen::markLoaded(ctx); // the exported policy may run from here on
  func::ReturnOp::create(b, ctx.loc);
}

void lepton::AgentGen::emitGreedy() {
  // greedy(state) -> action: the first action with the largest value (ties go to the lowest).
  mlir::Location loc = ctx.loc;
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("greedy"), {b.getIndexType()},
                                      {b.getI32Type()}, /*isPublic=*/false);
  Value table = tableView(), s = fn.getArgument(0);
  Value best = firstArgmax(b, loc, actions, [&](Value a) {
    return memref::LoadOp::create(b, loc, table, ValueRange{s, a}).getResult();
  });
  func::ReturnOp::create(b, loc, ValueRange{arith::IndexCastOp::create(b, loc, b.getI32Type(), best)});
}

void lepton::AgentGen::emitAct() {
  // act(state, epsilon, key) -> action: with probability ε a uniform action, else greedy; both
  // draws come from `key` (the seed and the step number), so a run is reproducible.
  mlir::Location loc = ctx.loc;
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("act"), {b.getIndexType(), b.getF64Type(), b.getI64Type()},
                                      {b.getI32Type()}, /*isPublic=*/false);
  ScalarEmitter e{b, loc};
  Value key = fn.getArgument(2);
  Value u = arith::ExtFOp::create(b, loc, b.getF64Type(), e.uniform(e.mix(key)));
  Value explore = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, u, fn.getArgument(1));
  Value randomAction = arith::TruncIOp::create(
      b, loc, b.getI32Type(),
      e.between(e.mix(arith::XOrIOp::create(b, loc, key, e.i64(0x5851F42D4C957F2Dull))), 0, actions - 1));
  Value greedy = func::CallOp::create(b, loc, ctx.symbol("greedy"), TypeRange{b.getI32Type()},
                                      ValueRange{fn.getArgument(0)})
                     .getResult(0);
  func::ReturnOp::create(b, loc, ValueRange{arith::SelectOp::create(b, loc, explore, randomAction, greedy)});
}

std::tuple<Value, Value, Value> lepton::AgentGen::stepBuffers() {
  mlir::Location loc = ctx.loc;
  Value stateBuf = memref::AllocaOp::create(b, loc, MemRefType::get({1}, b.getI32Type()));
  Value rewardBuf = memref::AllocaOp::create(b, loc, MemRefType::get({1}, b.getF64Type()));
  Value flagsBuf = memref::AllocaOp::create(b, loc, MemRefType::get({1}, b.getI32Type()));
  Value zero = ctx.index(0), noState = ctx.i32(0), noReward = ctx.f64(0), noFlags = ctx.i32(0);
  memref::StoreOp::create(b, loc, noState, stateBuf, ValueRange{zero});
  memref::StoreOp::create(b, loc, noReward, rewardBuf, ValueRange{zero});
  memref::StoreOp::create(b, loc, noFlags, flagsBuf, ValueRange{zero});
  return {stateBuf, rewardBuf, flagsBuf};
}

Value lepton::AgentGen::resetState(Value envHandle, Value episode, Value stateBuf) {
  Value status = ctx.call(RuntimeFn::lepton_env_reset, {envHandle, episode, ctx.null(), ctx.pointer(stateBuf)});
  return arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, status, ctx.i32(LEPTON_OK));
}

lepton::AgentGen::StateStep lepton::AgentGen::stepState(Value envHandle, Value action, Value stateBuf,
                                                        Value rewardBuf, Value flagsBuf) {
  mlir::Location loc = ctx.loc;
  Value status = ctx.call(RuntimeFn::lepton_env_step, {envHandle, action, ctx.null(), ctx.pointer(stateBuf),
                                                       ctx.pointer(rewardBuf), ctx.pointer(flagsBuf)});
  Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, status, ctx.i32(LEPTON_OK));
  Value next = memref::LoadOp::create(b, loc, stateBuf, ValueRange{ctx.index(0)});
  Value reward = memref::LoadOp::create(b, loc, rewardBuf, ValueRange{ctx.index(0)});
  Value flags = memref::LoadOp::create(b, loc, flagsBuf, ValueRange{ctx.index(0)});
  return {next, arith::SelectOp::create(b, loc, ok, reward, ctx.f64(0)),
          arith::SelectOp::create(b, loc, ok, flags, ctx.i32(0)), ok};
}

void lepton::AgentGen::emitTrain() {
  // train(max_steps, max_episodes, seed, flags) -> progress. Episodes run until the budget (steps
  // and/or episodes; 0 = no limit on that one; both 0 = nothing) ends or solved_when holds. An
  // episode cut by the step budget is not recorded.
  mlir::Location loc = ctx.loc;
  Type i1 = b.getI1Type(), i32 = b.getI32Type(), i64 = b.getI64Type(), f64 = b.getF64Type();
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("train"), {i64, i64, i64, i32, i1}, {ctx.ptrType()},
                                      /*isPublic=*/false);
  Value maxSteps = fn.getArgument(0), maxEpisodes = fn.getArgument(1), seed = fn.getArgument(2);
  ScalarEmitter e{b, loc};
  Value envHandle = createEnv(seed);
  int64_t window = agent.solvedWhen.present ? agent.solvedWhen.window : 100;
  Value progress = ctx.call(RuntimeFn::lepton_agent_progress_create,
                            {maxSteps, maxEpisodes, ctx.i64(window), fn.getArgument(3)});
  auto [stateBuf, rewardBuf, flagsBuf] = stepBuffers();
  Value table = tableView();
  Value seedKey = e.mix(seed);
  auto keyAt = [&](Value step) {
    return e.mix(arith::XOrIOp::create(b, loc, seedKey, arith::MulIOp::create(b, loc, step, e.i64(0xD1B54A32D192ED03ull))));
  };
  auto isZero = [&](Value v) { return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, v, ctx.i64(0)); };
  auto below = [&](Value v, Value limit) {
    Value unlimited = isZero(limit);
    return arith::OrIOp::create(b, loc, unlimited, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, limit));
  };
  Value noStepLimit = isZero(maxSteps), noEpisodeLimit = isZero(maxEpisodes);
  Value anyBudget = notI1(b, loc, arith::AndIOp::create(b, loc, noStepLimit, noEpisodeLimit));
  auto index = [&](Value v) { return arith::IndexCastOp::create(b, loc, b.getIndexType(), v); };
  auto act = [&](Value s, Value eps, Value step) {
    return func::CallOp::create(b, loc, ctx.symbol("act"), TypeRange{i32},
                                ValueRange{index(s), eps, keyAt(step)})
        .getResult(0);
  };
  bool sarsa = agent.kind == AgentKind::Sarsa;
  Value falseV = arith::ConstantIntOp::create(b, loc, i1, 0);

  ValueRange done = whileLoop(
      b, loc, ValueRange{ctx.i64(0), ctx.i64(0), falseV},
      [&](ValueRange a) {
        Value episodesLeft = below(a[0], maxEpisodes), stepsLeft = below(a[1], maxSteps);
        Value go = arith::AndIOp::create(b, loc, episodesLeft, stepsLeft);
        go = arith::AndIOp::create(b, loc, go, arith::AndIOp::create(b, loc, anyBudget, noErrorYet()));
        Value stop = arith::AndIOp::create(b, loc, a[2], fn.getArgument(4));
        return arith::AndIOp::create(b, loc, go, notI1(b, loc, stop)).getResult();
      },
      [&](ValueRange a) -> SmallVector<Value> {
        Value episode = a[0], stepsSoFar = a[1];
        Value eps = epsilonAt(episode);
        Value resetOk = resetState(envHandle, episode, stateBuf);
        Value s0 = memref::LoadOp::create(b, loc, stateBuf, ValueRange{ctx.index(0)});
        Value a0 = sarsa ? act(s0, eps, stepsSoFar) : ctx.i32(0);
        // Carried: state, (SARSA's) next action, return, steps so far, episode ended, env failed.
        ValueRange ep = whileLoop(
            b, loc, ValueRange{s0, a0, ctx.f64(0), stepsSoFar, falseV, notI1(b, loc, resetOk)},
            [&](ValueRange v) {
              Value going = notI1(b, loc, arith::OrIOp::create(b, loc, v[4], v[5]));
              return arith::AndIOp::create(b, loc, going, below(v[3], maxSteps)).getResult();
            },
            [&](ValueRange v) -> SmallVector<Value> {
              Value s = v[0], step = v[3];
              Value action = sarsa ? v[1] : act(s, eps, step);
              auto [next, reward, flags, ok] = stepState(envHandle, action, stateBuf, rewardBuf, flagsBuf);
              Value terminatedBit = arith::AndIOp::create(b, loc, flags, ctx.i32(LEPTON_ENV_TERMINATED));
              Value terminated = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, terminatedBit, ctx.i32(0));
              Value ended = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, flags, ctx.i32(0));
              Value step1 = arith::AddIOp::create(b, loc, step, ctx.i64(1));
              // The value of the next state: SARSA's next action's, Q-learning's best.
              Value nextAction = sarsa ? act(next, eps, step1) : Value();
              Value nextValue;
              if (sarsa) {
                nextValue = memref::LoadOp::create(b, loc, table, ValueRange{index(next), index(nextAction)});
              } else {
                Value best = func::CallOp::create(b, loc, ctx.symbol("greedy"), TypeRange{i32},
                                                  ValueRange{index(next)})
                                 .getResult(0);
                nextValue = memref::LoadOp::create(b, loc, table, ValueRange{index(next), index(best)});
              }
              nextValue = arith::ExtFOp::create(b, loc, f64, nextValue);
              Value none = ctx.f64(0);
              Value bootstrap = arith::SelectOp::create(
                  b, loc, terminated, none, arith::MulFOp::create(b, loc, ctx.f64(agent.gamma), nextValue));
              Value target = arith::AddFOp::create(b, loc, reward, bootstrap);
              SmallVector<Value> at{index(s), index(action)};
              Value old = arith::ExtFOp::create(b, loc, f64, memref::LoadOp::create(b, loc, table, at).getResult());
              Value alpha = ctx.f64(agent.alpha);
              Value updated = arith::AddFOp::create(
                  b, loc, old, arith::MulFOp::create(b, loc, alpha, arith::SubFOp::create(b, loc, target, old)));
              updated = arith::SelectOp::create(b, loc, ok, updated, old); // no update from a failed step
              memref::StoreOp::create(b, loc, arith::TruncFOp::create(b, loc, b.getF32Type(), updated), table, at);
              return {next, sarsa ? nextAction : action, arith::AddFOp::create(b, loc, v[2], reward), step1, ended,
                      notI1(b, loc, ok)};
            });
        Value episodeEnded = ep[4], steps = ep[3];
        Value solved = falseV;
        auto recorded = scf::IfOp::create(b, loc, TypeRange{i1}, episodeEnded, /*withElse=*/true);
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(recorded.thenBlock());
          ctx.call(RuntimeFn::lepton_agent_progress_episode, {progress, steps, ep[2], eps});
          Value isSolved = solvedNow(progress);
          scf::YieldOp::create(b, loc, isSolved);
          b.setInsertionPointToStart(recorded.elseBlock());
          scf::YieldOp::create(b, loc, falseV);
        }
        solved = arith::OrIOp::create(b, loc, recorded.getResult(0), a[2]); // once solved, reported as solved
        return {arith::AddIOp::create(b, loc, episode, ctx.i64(1)), steps, solved};
      });
  Value solvedI32 = arith::ExtUIOp::create(b, loc, i32, arith::AndIOp::create(b, loc, done[2], fn.getArgument(4)));
  unlessFailed([&] {
    ctx.call(RuntimeFn::lepton_agent_progress_finish, {progress, solvedI32, ctx.string(solvedText())});
  });
  ctx.call(RuntimeFn::lepton_env_free, {envHandle});
  func::ReturnOp::create(b, loc, progress);
}

void lepton::AgentGen::emitPlay() {
  // play(seed, episodes, each, flags, label) -> mean return: greedy episodes (numbered from
  // 2^40, so their starts are not training's) with the returns collected by the runtime; the
  // first failure of the environment ends them (NaN, nothing printed).
  mlir::Location loc = ctx.loc;
  Type i32 = b.getI32Type(), i64 = b.getI64Type(), f64 = b.getF64Type();
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("play"), {i64, i64, i32, i32, ctx.ptrType()}, {f64},
                                      /*isPublic=*/false);
  Value envHandle = createEnv(fn.getArgument(0));
  Value returns = ctx.call(RuntimeFn::lepton_agent_returns_create, {fn.getArgument(2), fn.getArgument(3)});
  auto [stateBuf, rewardBuf, flagsBuf] = stepBuffers();
  playEpisodes(
      fn.getArgument(1), returns, [&](Value number) { return resetState(envHandle, number, stateBuf); },
      [&]() -> PlayStep {
        Value s = memref::LoadOp::create(b, loc, stateBuf, ValueRange{ctx.index(0)}); // the current state
        Value action = func::CallOp::create(b, loc, ctx.symbol("greedy"), TypeRange{i32},
                                            ValueRange{arith::IndexCastOp::create(b, loc, b.getIndexType(), s)})
                           .getResult(0);
        StateStep step = stepState(envHandle, action, stateBuf, rewardBuf, flagsBuf);
        return {step.reward, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, step.flags, ctx.i32(0)), step.ok};
      });
  Value mean = finishReturns(returns, fn.getArgument(4));
  ctx.call(RuntimeFn::lepton_env_free, {envHandle});
  func::ReturnOp::create(b, loc, mean);
}
