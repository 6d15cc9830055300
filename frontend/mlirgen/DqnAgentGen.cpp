// DqnAgentGen.cpp — dqn(model) as generated code: online and target networks, the TD step through
// lepton.grad, the step-based loop with replay and target sync, greedy play and the exported policy.
#include "frontend/mlirgen/AgentGen.h"
#include "frontend/mlirgen/LoopBuilders.h"
#include "frontend/mlirgen/ScalarEmitter.h"
#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"

#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

void lepton::AgentGen::emitNetworks(bool withMain) {
  // Storage for both networks (the optimizer's state belongs to the online one); with a main,
  // init(seed) for the online network and sync_target(): the target network := the online one.
  online = std::make_unique<ModelState>(ctx, *agent.qnet, "");
  target = std::make_unique<ModelState>(ctx, *agent.qnet, "target_");
  optimizer = std::make_unique<OptimizerGen>(ctx, *online, agent.optimizer, "");
  modelGen = std::make_unique<ModelGen>(*agent.qnet, b);
  online->emitStorage(/*onHeap=*/false);
  target->emitStorage(/*onHeap=*/false);
  if (!withMain) // an object's exported policy reads the weights only
    return;
  online->emitInit();
  ctx.loc = ctx.locOf(agent.loc);
  ctx.beginFunction(ctx.symbol("sync_target"), {}, {}, /*isPublic=*/false);
  for (const Parameter &p : online->parameters()) {
    Value from = online->buffer(p.name), to = target->buffer(p.name);
    memref::CopyOp::create(b, ctx.loc, from, to);
  }
  func::ReturnOp::create(b, ctx.loc);
}

void lepton::AgentGen::emitForward(StringRef name, ModelState &net, int64_t rows) {
  // name(obs, q): rows × obsSize observations → rows × actions values, the network in
  // evaluation mode.
  mlir::Location loc = ctx.loc;
  auto obsType = MemRefType::get({rows, obsSize}, b.getF32Type());
  auto qType = MemRefType::get({rows, actions}, b.getF32Type());
  func::FuncOp fn = ctx.beginFunction(ctx.symbol(name), {obsType, qType}, {}, /*isPublic=*/false);
  if (rows == 1) // the acting and exported policy's per-row pass: nothing allocated per call
    fn->setAttr(kStackScratchAttr, b.getUnitAttr());
  SmallVector<Value> params = net.parameterTensors(/*writable=*/false);
  Value x = bufferization::ToTensorOp::create(b, loc, RankedTensorType::get({rows, obsSize}, b.getF32Type()),
                                              fn.getArgument(0), b.getUnitAttr(), UnitAttr());
  Value q = modelGen->forward(x, params, /*training=*/false, Value());
  auto store = bufferization::MaterializeInDestinationOp::create(b, loc, q, fn.getArgument(1));
  store.setRestrict(true);
  store.setWritable(true);
  func::ReturnOp::create(b, loc);
}

void lepton::AgentGen::emitDqnLoss() {
  // dqn_loss(params…, obs, targets, weights, key): mse or huber between the online values and
  // `targets`, which equal them except at each row's action (its TD target); with row weights
  // actions/batch this is the batch mean of (Q(s, a) − y)² (CleanRL's F.mse_loss).
  mlir::Location loc = ctx.loc;
  int64_t batchRows = agent.batch;
  SmallVector<Type> args;
  for (const Parameter &param : online->parameters())
    args.push_back(RankedTensorType::get(param.shape(), b.getF32Type()));
  args.append({RankedTensorType::get({batchRows, obsSize}, b.getF32Type()),
               RankedTensorType::get({batchRows, actions}, b.getF32Type()),
               RankedTensorType::get({batchRows}, b.getF32Type()), b.getI64Type()});
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("dqn_loss"), args, {scalar}, /*isPublic=*/false);
  unsigned n = online->parameters().size();
  ValueRange params = fn.getArguments().take_front(n);
  Value q = modelGen->forward(fn.getArgument(n), params, /*training=*/true, fn.getArgument(n + 3));
  Value loss = agent.loss == LossKind::Huber
                   ? HuberOp::create(b, loc, scalar, q, fn.getArgument(n + 1), fn.getArgument(n + 2),
                                     b.getF32FloatAttr(1.0f))
                         .getResult()
                   : MseOp::create(b, loc, scalar, q, fn.getArgument(n + 1), fn.getArgument(n + 2)).getResult();
  func::ReturnOp::create(b, loc, modelGen->addRegularizers(loss, params));
}

void lepton::AgentGen::emitDqnTrainStep() {
  // dqn_train_step(obs, targets, weights, step, key) -> loss: lepton.grad of dqn_loss and the
  // optimizer's update (step = the update's number, from 1) written back into the online network.
  mlir::Location loc = ctx.loc;
  int64_t batchRows = agent.batch;
  SmallVector<Type> dataTypes{RankedTensorType::get({batchRows, obsSize}, b.getF32Type()),
                              RankedTensorType::get({batchRows, actions}, b.getF32Type()),
                              RankedTensorType::get({batchRows}, b.getF32Type())};
  SmallVector<Type> argTypes;
  for (Type t : dataTypes) {
    auto rt = cast<RankedTensorType>(t);
    argTypes.push_back(MemRefType::get(rt.getShape(), rt.getElementType()));
  }
  argTypes.append({b.getI64Type(), b.getI64Type()});
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("dqn_train_step"), argTypes, {b.getF32Type()},
                                      /*isPublic=*/false);
  size_t n = online->parameters().size();
  SmallVector<Value> operands = online->parameterTensors(/*writable=*/true);
  for (auto [arg, type] : llvm::zip(fn.getArguments().take_front(3), dataTypes))
    operands.push_back(bufferization::ToTensorOp::create(b, loc, type, arg, b.getUnitAttr(), UnitAttr()));
  operands.push_back(fn.getArgument(4));
  SmallVector<Type> resultTypes{RankedTensorType::get({}, b.getF32Type())};
  SmallVector<int64_t> wrt;
  for (size_t i = 0; i < n; ++i) {
    resultTypes.push_back(operands[i].getType());
    wrt.push_back(static_cast<int64_t>(i));
  }
  auto grad = GradOp::create(b, loc, resultTypes, FlatSymbolRefAttr::get(b.getContext(), ctx.symbol("dqn_loss")),
                             operands, b.getDenseI64ArrayAttr(wrt));
  optimizer->emitUpdate(ValueRange(operands).take_front(n), grad.getGrads(), ctx.f32(agent.optimizer.lr),
                        fn.getArgument(3));
  func::ReturnOp::create(b, loc, tensor::ExtractOp::create(b, loc, grad.getValue(), ValueRange{}).getResult());
}

void lepton::AgentGen::emitLearn() {
  // learn(replay, seed, draw, update, obs, actions, rewards, next, terminated, qnext, qnext_online,
  // targets, weights) -> loss: one replay batch; y = r + γ (1 − terminated) · v(next) with v
  // the target network's best value (double: its value of the online network's best action);
  // targets := the online values with y at each row's action; one train step.
  mlir::Location loc = ctx.loc;
  int64_t batchRows = agent.batch;
  Type f32 = b.getF32Type(), i64 = b.getI64Type();
  auto matrix = [&](int64_t cols) { return MemRefType::get({batchRows, cols}, f32); };
  auto vec = [&](Type t) { return MemRefType::get({batchRows}, t); };
  func::FuncOp fn = ctx.beginFunction(
      ctx.symbol("learn"),
      {ctx.ptrType(), i64, i64, i64, matrix(obsSize), vec(b.getI32Type()), vec(f32), matrix(obsSize), vec(f32),
       matrix(actions), matrix(actions), matrix(actions), vec(f32)},
      {f32}, /*isPublic=*/false);
  auto arg = [&](unsigned i) { return fn.getArgument(i); };
  Value obs = arg(4), acts = arg(5), rewards = arg(6), next = arg(7), term = arg(8);
  Value qnext = arg(9), qnextOnline = arg(10), targets = arg(11), weights = arg(12);
  ctx.call(RuntimeFn::lepton_replay_sample,
           {arg(0), ctx.i64(batchRows), arg(1), arg(2), ctx.pointer(obs), ctx.pointer(acts), ctx.pointer(rewards),
            ctx.pointer(next), ctx.pointer(term)});
  func::CallOp::create(b, loc, ctx.symbol("q_target_batch"), TypeRange{}, ValueRange{next, qnext});
  if (agent.doubleQ)
    func::CallOp::create(b, loc, ctx.symbol("q_batch"), TypeRange{}, ValueRange{next, qnextOnline});
  func::CallOp::create(b, loc, ctx.symbol("q_batch"), TypeRange{}, ValueRange{obs, targets});
  auto rows = ctx.forRange(batchRows);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    Value r = rows.getInductionVar();
    // v(next): the best target value, or (double) the target value of the online best action.
    Value chooser = agent.doubleQ ? qnextOnline : qnext;
    Value choice = firstArgmax(b, loc, actions, [&](Value a) {
      return memref::LoadOp::create(b, loc, chooser, ValueRange{r, a}).getResult();
    });
    Value best = memref::LoadOp::create(b, loc, qnext, ValueRange{r, choice});
    Value one = ctx.f32(1);
    Value alive = arith::SubFOp::create(b, loc, one, memref::LoadOp::create(b, loc, term, ValueRange{r}));
    Value reward = memref::LoadOp::create(b, loc, rewards, ValueRange{r});
    Value discounted = arith::MulFOp::create(b, loc, ctx.f32(agent.gamma), alive);
    Value y = arith::AddFOp::create(b, loc, reward, arith::MulFOp::create(b, loc, discounted, best));
    Value a = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                         memref::LoadOp::create(b, loc, acts, ValueRange{r}));
    memref::StoreOp::create(b, loc, y, targets, ValueRange{r, a});
  }
  ScalarEmitter e{b, loc};
  Value stepKey = e.mix(arg(1));
  Value key = e.mix(arith::XOrIOp::create(b, loc, stepKey, arg(3)));
  Value loss = func::CallOp::create(b, loc, ctx.symbol("dqn_train_step"), TypeRange{f32},
                                    ValueRange{obs, targets, weights, arg(3), key})
                   .getResult(0);
  func::ReturnOp::create(b, loc, loss);
}

void lepton::AgentGen::emitDqnAct() {
  // act(obs, q, epsilon, key) -> action: with probability ε a uniform action, else the first
  // action of largest online value for obs (1 × obsSize).
  mlir::Location loc = ctx.loc;
  auto obsType = MemRefType::get({1, obsSize}, b.getF32Type());
  auto qType = MemRefType::get({1, actions}, b.getF32Type());
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("act"), {obsType, qType, b.getF64Type(), b.getI64Type()},
                                      {b.getI32Type()}, /*isPublic=*/false);
  ScalarEmitter e{b, loc};
  Value key = fn.getArgument(3);
  Value u = arith::ExtFOp::create(b, loc, b.getF64Type(), e.uniform(e.mix(key)));
  Value explore = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, u, fn.getArgument(2));
  auto choice = scf::IfOp::create(b, loc, TypeRange{b.getI32Type()}, explore, /*withElse=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(choice.thenBlock());
    Value random = arith::TruncIOp::create(
        b, loc, b.getI32Type(),
        e.between(e.mix(arith::XOrIOp::create(b, loc, key, e.i64(0x5851F42D4C957F2Dull))), 0, actions - 1));
    scf::YieldOp::create(b, loc, random);
    b.setInsertionPointToStart(choice.elseBlock());
    Value greedy = func::CallOp::create(b, loc, ctx.symbol("greedy_obs"), TypeRange{b.getI32Type()},
                                        ValueRange{fn.getArgument(0), fn.getArgument(1)})
                       .getResult(0);
    scf::YieldOp::create(b, loc, greedy);
  }
  func::ReturnOp::create(b, loc, choice.getResult(0));
}

void lepton::AgentGen::observe(Value obs, Value state) {
  // A discrete state becomes its one-hot row; an observation vector is already in obs.
  if (!env.discrete)
    return;
  mlir::Location loc = ctx.loc;
  linalg::FillOp::create(b, loc, ctx.f32(0), obs);
  Value s = memref::LoadOp::create(b, loc, state, ValueRange{ctx.index(0)});
  Value one = ctx.f32(1);
  memref::StoreOp::create(b, loc, one, obs,
                          ValueRange{ctx.index(0), arith::IndexCastOp::create(b, loc, b.getIndexType(), s)});
}

Value lepton::AgentGen::resetInto(Value envHandle, Value episode, Value obs, Value state) {
  Value status = ctx.call(RuntimeFn::lepton_env_reset, {envHandle, episode, env.discrete ? ctx.null() : ctx.pointer(obs),
                                                        env.discrete ? ctx.pointer(state) : ctx.null()});
  Value ok = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, status, ctx.i32(LEPTON_OK));
  auto observed = scf::IfOp::create(b, ctx.loc, ok, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(observed.thenBlock());
  observe(obs, state);
  return ok;
}

lepton::AgentGen::Step lepton::AgentGen::stepInto(Value envHandle, Value action, Value obs, Value state,
                                                  Value reward, Value flags) {
  mlir::Location loc = ctx.loc;
  Value status = ctx.call(RuntimeFn::lepton_env_step,
                          {envHandle, action, env.discrete ? ctx.null() : ctx.pointer(obs),
                           env.discrete ? ctx.pointer(state) : ctx.null(), ctx.pointer(reward), ctx.pointer(flags)});
  Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, status, ctx.i32(LEPTON_OK));
  {
    auto observed = scf::IfOp::create(b, loc, ok, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(observed.thenBlock());
    observe(obs, state);
  }
  Value r = memref::LoadOp::create(b, loc, reward, ValueRange{ctx.index(0)});
  Value f = memref::LoadOp::create(b, loc, flags, ValueRange{ctx.index(0)});
  return {arith::SelectOp::create(b, loc, ok, r, ctx.f64(0)), arith::SelectOp::create(b, loc, ok, f, ctx.i32(0)), ok};
}

void lepton::AgentGen::emitDqnTrain() {
  // train(max_steps, max_episodes, seed, flags) -> progress: CleanRL's loop. Each step: ε-greedy
  // action (ε by step), the transition stored, the episode's end recorded (then a reset); after
  // `learning_starts` steps, a learning step every `train_every` and a target sync every
  // `target_update` steps (counted from 0, as CleanRL's global_step).
  mlir::Location loc = ctx.loc;
  Type i1 = b.getI1Type(), i32 = b.getI32Type(), i64 = b.getI64Type(), f32 = b.getF32Type(), f64 = b.getF64Type();
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("train"), {i64, i64, i64, i32, i1}, {ctx.ptrType()},
                                      /*isPublic=*/false);
  Value maxSteps = fn.getArgument(0), maxEpisodes = fn.getArgument(1), seed = fn.getArgument(2);
  ScalarEmitter e{b, loc};
  Value envHandle = createEnv(seed);
  int64_t window = agent.solvedWhen.present ? agent.solvedWhen.window : 100;
  Value progress = ctx.call(RuntimeFn::lepton_agent_progress_create,
                            {maxSteps, maxEpisodes, ctx.i64(window), fn.getArgument(3)});
  Value replay = ctx.call(RuntimeFn::lepton_replay_create, {ctx.i64(agent.replay), ctx.i32(obsSize)});
  auto alloc = [&](ArrayRef<int64_t> shape, Type t) { return ctx.zeroedBuffer(MemRefType::get(shape, t)); };
  int64_t rows = agent.batch;
  Value cur = alloc({1, obsSize}, f32), next = alloc({1, obsSize}, f32), q1 = alloc({1, actions}, f32);
  Value stateBuf = alloc({1}, i32), rewardBuf = alloc({1}, f64), flagsBuf = alloc({1}, i32);
  SmallVector<Value> batchBufs{alloc({rows, obsSize}, f32), alloc({rows}, i32),        alloc({rows}, f32),
                               alloc({rows, obsSize}, f32), alloc({rows}, f32),        alloc({rows, actions}, f32),
                               alloc({rows, actions}, f32), alloc({rows, actions}, f32), alloc({rows}, f32)};
  linalg::FillOp::create(b, loc, ctx.f32(static_cast<double>(actions) / rows), batchBufs[8]);
  Value seedKey = e.mix(seed);
  auto isZero = [&](Value v) { return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, v, ctx.i64(0)); };
  auto below = [&](Value v, Value limit) {
    Value unlimited = isZero(limit);
    return arith::OrIOp::create(b, loc, unlimited, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, limit));
  };
  Value noStepLimit = isZero(maxSteps), noEpisodeLimit = isZero(maxEpisodes);
  Value anyBudget = notI1(b, loc, arith::AndIOp::create(b, loc, noStepLimit, noEpisodeLimit));
  auto every = [&](Value step, int64_t n, int64_t after) {
    Value started = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, step, ctx.i64(after));
    Value hit = isZero(arith::RemSIOp::create(b, loc, step, ctx.i64(std::max<int64_t>(n, 1))));
    return arith::AndIOp::create(b, loc, started, hit).getResult();
  };
  Value falseV = arith::ConstantIntOp::create(b, loc, i1, 0);
  ctx.ifNonNull(envHandle, [&] { resetInto(envHandle, ctx.i64(0), cur, stateBuf); });

  // Carried: step, episode, the episode's return, solved, updates so far.
  ValueRange done = whileLoop(
      b, loc, ValueRange{ctx.i64(0), ctx.i64(0), ctx.f64(0), falseV, ctx.i64(0)},
      [&](ValueRange v) {
        Value stepsLeft = below(v[0], maxSteps), episodesLeft = below(v[1], maxEpisodes);
        Value go = arith::AndIOp::create(b, loc, stepsLeft, episodesLeft);
        go = arith::AndIOp::create(b, loc, go, arith::AndIOp::create(b, loc, anyBudget, noErrorYet()));
        return arith::AndIOp::create(b, loc, go, notI1(b, loc, arith::AndIOp::create(b, loc, v[3], fn.getArgument(4))))
            .getResult();
      },
      [&](ValueRange v) -> SmallVector<Value> {
        Value step = v[0], episode = v[1];
        Value eps = epsilonAt(step);
        Value key = e.mix(arith::XOrIOp::create(b, loc, seedKey,
                                                arith::MulIOp::create(b, loc, step, e.i64(0xD1B54A32D192ED03ull))));
        Value action = func::CallOp::create(b, loc, ctx.symbol("act"), TypeRange{i32}, ValueRange{cur, q1, eps, key})
                           .getResult(0);
        // A failed step (flags 0: not an episode's end) stops the loop at its next test.
        auto [reward, flags, ok] = stepInto(envHandle, action, next, stateBuf, rewardBuf, flagsBuf);
        Value terminatedBit = arith::AndIOp::create(b, loc, flags, ctx.i32(LEPTON_ENV_TERMINATED));
        Value terminated = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, terminatedBit, ctx.i32(0));
        ctx.call(RuntimeFn::lepton_replay_add,
                 {replay, ctx.pointer(cur), action, arith::TruncFOp::create(b, loc, f32, reward), ctx.pointer(next),
                  arith::ExtUIOp::create(b, loc, i32, terminated)});
        memref::CopyOp::create(b, loc, next, cur);
        Value ret = arith::AddFOp::create(b, loc, v[2], reward);
        Value step1 = arith::AddIOp::create(b, loc, step, ctx.i64(1));
        Value ended = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, flags, ctx.i32(0));
        // The episode's end: record it, check solved_when, start the next one.
        auto endIf = scf::IfOp::create(b, loc, TypeRange{i64, f64, i1}, ended, /*withElse=*/true);
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(endIf.thenBlock());
          ctx.call(RuntimeFn::lepton_agent_progress_episode, {progress, step1, ret, eps});
          Value isSolved = solvedNow(progress);
          Value episode1 = arith::AddIOp::create(b, loc, episode, ctx.i64(1));
          resetInto(envHandle, episode1, cur, stateBuf);
          scf::YieldOp::create(b, loc, ValueRange{episode1, ctx.f64(0), arith::OrIOp::create(b, loc, isSolved, v[3])});
          b.setInsertionPointToStart(endIf.elseBlock());
          scf::YieldOp::create(b, loc, ValueRange{episode, ret, v[3]});
        }
        // Learning and target sync, CleanRL's schedule (global_step = step).
        Value learnNow = every(step, agent.trainEvery, agent.learningStarts);
        auto learnIf = scf::IfOp::create(b, loc, TypeRange{i64}, learnNow, /*withElse=*/true);
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(learnIf.thenBlock());
          Value update = arith::AddIOp::create(b, loc, v[4], ctx.i64(1));
          SmallVector<Value> args{replay, seed, update, update};
          args.append(batchBufs.begin(), batchBufs.end());
          func::CallOp::create(b, loc, ctx.symbol("learn"), TypeRange{f32}, args);
          scf::YieldOp::create(b, loc, update);
          b.setInsertionPointToStart(learnIf.elseBlock());
          scf::YieldOp::create(b, loc, v[4]);
        }
        auto syncIf = scf::IfOp::create(b, loc, every(step, agent.targetUpdate, agent.learningStarts),
                                        /*withElseRegion=*/false);
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(syncIf.thenBlock());
          func::CallOp::create(b, loc, ctx.symbol("sync_target"), TypeRange{}, ValueRange{});
        }
        return {step1, endIf.getResult(0), endIf.getResult(1), endIf.getResult(2), learnIf.getResult(0)};
      });
  Value solvedI32 = arith::ExtUIOp::create(b, loc, i32, arith::AndIOp::create(b, loc, done[3], fn.getArgument(4)));
  unlessFailed([&] {
    ctx.call(RuntimeFn::lepton_agent_progress_finish, {progress, solvedI32, ctx.string(solvedText())});
  });
  ctx.call(RuntimeFn::lepton_replay_free, {replay});
  ctx.call(RuntimeFn::lepton_env_free, {envHandle});
  func::ReturnOp::create(b, loc, progress);
}

void lepton::AgentGen::emitGreedyObs() {
  // greedy_obs(obs, q) -> action: the first action of largest online value (q receives them).
  mlir::Location loc = ctx.loc;
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  {
    auto obsType = MemRefType::get({1, obsSize}, f32);
    auto qType = MemRefType::get({1, actions}, f32);
    func::FuncOp fn = ctx.beginFunction(ctx.symbol("greedy_obs"), {obsType, qType}, {i32}, /*isPublic=*/false);
    func::CallOp::create(b, loc, ctx.symbol("q_one"), TypeRange{}, ValueRange{fn.getArgument(0), fn.getArgument(1)});
    Value best = firstArgmax(b, loc, actions, [&](Value a) {
      return memref::LoadOp::create(b, loc, fn.getArgument(1), ValueRange{ctx.index(0), a}).getResult();
    });
    func::ReturnOp::create(b, loc, ValueRange{arith::IndexCastOp::create(b, loc, i32, best)});
  }
}

void lepton::AgentGen::emitDqnPlay() {
  // play(seed, episodes, each, flags, label) -> mean return, as for tables, the action from the
  // online network.
  mlir::Location loc = ctx.loc;
  Type i32 = b.getI32Type(), i64 = b.getI64Type(), f64 = b.getF64Type(), f32 = b.getF32Type();
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("play"), {i64, i64, i32, i32, ctx.ptrType()}, {f64},
                                      /*isPublic=*/false);
  Value envHandle = createEnv(fn.getArgument(0));
  Value returns = ctx.call(RuntimeFn::lepton_agent_returns_create, {fn.getArgument(2), fn.getArgument(3)});
  auto alloc = [&](ArrayRef<int64_t> shape, Type t) { return ctx.zeroedBuffer(MemRefType::get(shape, t)); };
  Value obs = alloc({1, obsSize}, f32), q1 = alloc({1, actions}, f32);
  Value stateBuf = alloc({1}, i32), rewardBuf = alloc({1}, f64), flagsBuf = alloc({1}, i32);
  playEpisodes(
      fn.getArgument(1), returns, [&](Value number) { return resetInto(envHandle, number, obs, stateBuf); },
      [&]() -> PlayStep {
        Value action =
            func::CallOp::create(b, loc, ctx.symbol("greedy_obs"), TypeRange{i32}, ValueRange{obs, q1}).getResult(0);
        Step step = stepInto(envHandle, action, obs, stateBuf, rewardBuf, flagsBuf);
        return {step.reward, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, step.flags, ctx.i32(0)), step.ok};
      });
  Value mean = finishReturns(returns, fn.getArgument(4));
  ctx.call(RuntimeFn::lepton_env_free, {envHandle});
  func::ReturnOp::create(b, loc, mean);
}

void lepton::AgentGen::emitDqnExport(const ast::Export &exp) {
  // int32_t p_NAME(const float *obs, int64_t n, int32_t *actions) — or, for discrete states,
  // (const int32_t *states, …) one-hot encoded here: the greedy action per row. Returns 0 (1 when
  // a discrete state was out of range; its action is then -1).
  mlir::Location loc = ctx.locOf(exp.loc);
  ctx.loc = loc;
  Type ptr = ctx.ptrType(), i32 = b.getI32Type(), i64 = b.getI64Type(), f32 = b.getF32Type();
  func::FuncOp fn = ctx.beginFunction(ctx.exportSymbol(exp.symbol), {ptr, i64, ptr}, {i32}, /*isPublic=*/true);
  std::string what = env.discrete ? "n states (0.." + std::to_string(states - 1) + ")"
                                  : "n observations of " + std::to_string(obsSize) + " floats";
  fn->setAttr("lepton.c_doc", b.getStringAttr("The greedy action of agent " + agent.name + " for each of " + what +
                                              ": actions[i] in 0.." + std::to_string(actions - 1) +
                                              (env.discrete ? ", or -1 for a state out of range.\nReturns 0, or 1 "
                                                              "when some state was out of range."
                                                            : ".\nReturns 0.")));
  const char *names[] = {env.discrete ? "states" : "obs", "n", "actions"};
  const char *pointees[] = {env.discrete ? "const int32_t" : "const float", nullptr, "int32_t"};
  for (unsigned i = 0; i < 3; ++i) {
    fn.setArgAttr(i, "lepton.c_name", b.getStringAttr(names[i]));
    if (pointees[i])
      fn.setArgAttr(i, "lepton.c_pointee", b.getStringAttr(pointees[i]));
  }
  Value obs = memref::AllocaOp::create(b, loc, MemRefType::get({1, obsSize}, f32));
  Value q1 = memref::AllocaOp::create(b, loc, MemRefType::get({1, actions}, f32));
  Value zero = ctx.index(0);
  Value count = arith::IndexCastOp::create(b, loc, b.getIndexType(), fn.getArgument(1));
  Value one = ctx.index(1), noErrors = ctx.i32(0);
  auto rows = scf::ForOp::create(b, loc, zero, count, one, ValueRange{noErrors});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    Value i = arith::IndexCastOp::create(b, loc, i64, rows.getInductionVar());
    Value valid = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1);
    if (env.discrete) {
      Value s = LLVM::LoadOp::create(b, loc, i32, LLVM::GEPOp::create(b, loc, ptr, i32, fn.getArgument(0), ValueRange{i}));
      Value notNegative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, s, ctx.i32(0));
      Value belowStates = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, s, ctx.i32(states));
      valid = arith::AndIOp::create(b, loc, notNegative, belowStates);
      linalg::FillOp::create(b, loc, ctx.f32(0), obs);
      Value clamped = arith::SelectOp::create(b, loc, valid, s, ctx.i32(0));
      Value hot = ctx.f32(1);
      memref::StoreOp::create(b, loc, hot, obs,
                              ValueRange{ctx.index(0), arith::IndexCastOp::create(b, loc, b.getIndexType(), clamped)});
    } else {
      Value rowStart = arith::MulIOp::create(b, loc, i, ctx.i64(obsSize));
      for (int64_t k = 0; k < obsSize; ++k) {
        Value at = arith::AddIOp::create(b, loc, rowStart, ctx.i64(k));
        Value v = LLVM::LoadOp::create(b, loc, f32, LLVM::GEPOp::create(b, loc, ptr, f32, fn.getArgument(0), ValueRange{at}));
        memref::StoreOp::create(b, loc, v, obs, ValueRange{ctx.index(0), ctx.index(k)});
      }
    }
    Value greedy =
        func::CallOp::create(b, loc, ctx.symbol("greedy_obs"), TypeRange{i32}, ValueRange{obs, q1}).getResult(0);
    Value action = arith::SelectOp::create(b, loc, valid, greedy, ctx.i32(-1));
    LLVM::StoreOp::create(b, loc, action, LLVM::GEPOp::create(b, loc, ptr, i32, fn.getArgument(2), ValueRange{i}));
    scf::YieldOp::create(b, loc, ValueRange{arith::SelectOp::create(b, loc, valid, rows.getRegionIterArg(0), ctx.i32(1))});
  }
  func::ReturnOp::create(b, loc, rows.getResult(0));
}
