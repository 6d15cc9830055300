// AgentGen.cpp — what code generation covers of agents and environments, and the program around a
// tabular agent: environment, ε schedule, checkpoints, run, play, main, exports.
#include "frontend/mlirgen/AgentGen.h"
#include "frontend/mlirgen/ObjectApiGen.h"
#include "runtime/embed/lepton_embed.h"

#include "frontend/Diagnostics.h"
#include "frontend/mlirgen/LoopBuilders.h"
#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>
#include <sstream>

using namespace mlir;

bool lepton::checkAgentsSupported(const ast::Program &program, DiagnosticEngine &diags) {
  bool ok = true;
  auto refuse = [&](const Location &where, const std::string &what) {
    diags.report(where, diag::NotSupportedByCodegen) << what;
    ok = false;
  };
  for (const ast::Agent *agent : program.agents) {
    if (agent != program.agents.front())
      refuse(agent->loc, "a second agent in one pipeline");
    else if (!program.trains.empty())
      refuse(agent->loc, "an agent beside train blocks");
    else if (agent->kind == AgentKind::Dqn && agent->qnet && hasLayerState(*agent->qnet))
      refuse(agent->loc, "a 'dqn' Q-network with batch normalization");
    if (agent->kind == AgentKind::Dqn && agent->qnet)
      ok = checkLayersSupported(*agent->qnet, diags) && ok;
    // On an extern env the object exports <p>_main and <p>_set_env_<env> beside the exports.
    if (agent->env && agent->env->isExtern)
      for (const ast::Export *exp : program.exports)
        if (exp->symbol == "main" || exp->symbol == "set_env_" + agent->env->name)
          refuse(exp->symbolLoc, "an export named '" + exp->symbol + "' beside the extern env's own '" +
                                     program.pipelineName + "_" + exp->symbol + "'");
  }
  return ok;
}

lepton::AgentGen::AgentGen(GenContext &ctx, const ast::Agent &agent)
    : ctx(ctx), b(ctx.b), agent(agent), env(*agent.env) {
  states = env.numStates;
  actions = env.numActions;
  tableType = MemRefType::get({states, actions}, b.getF32Type());
  obsSize = env.discrete ? env.numStates : ast::numElements(env.observation);
}

void lepton::AgentGen::generate(bool withMain) {
  // An executable has the whole program unless its environment needs a host; an object leaves it
  // out unless it does (then the host runs it through <p>_main).
  bool hosted = env.isExtern;
  bool wholeProgram = withMain != hosted;
  ctx.loc = ctx.locOf(agent.loc);
  if (isDqn()) {
    emitNetworks(wholeProgram);
    emitForward("q_one", *online, 1);
    emitGreedyObs();
  } else {
    emitTable();
    emitGreedy();
  }
  for (const ast::Export *exp : ctx.program.exports)
    if (exp->agent == &agent) {
      isDqn() ? emitDqnExport(*exp) : emitExport(*exp);
      ObjectApiGen::checkExport(ctx, ctx.module.lookupSymbol<func::FuncOp>(ctx.exportSymbol(exp->symbol)));
    }
  if (!withMain)
    emitLoadFunctions();
  if (hosted && withMain) {
    ctx.loc = ctx.locOf(agent.loc);
    emitNeedsHost();
    return;
  }
  if (!wholeProgram)
    return;
  if (hosted)
    emitRegistration();
  ctx.loc = ctx.locOf(agent.loc);
  if (isDqn()) {
    emitForward("q_batch", *online, agent.batch);
    emitForward("q_target_batch", *target, agent.batch);
    emitDqnLoss();
    emitDqnTrainStep();
    emitLearn();
    emitDqnAct();
    emitDqnTrain();
    emitDqnPlay();
  } else {
    emitAct();
    emitTrain();
    emitPlay();
  }
  emitRun();
  emitPlayCommand();
  emitMain(/*exported=*/hosted);
}

Value lepton::AgentGen::createEnv(Value seed) {
  int32_t kind = 0;
  switch (env.kind) {
  case EnvKind::CartPole: kind = LEPTON_ENV_CARTPOLE; break;
  case EnvKind::MountainCar: kind = LEPTON_ENV_MOUNTAIN_CAR; break;
  case EnvKind::Acrobot: kind = LEPTON_ENV_ACROBOT; break;
  case EnvKind::FrozenLake: kind = LEPTON_ENV_FROZEN_LAKE; break;
  case EnvKind::Taxi: kind = LEPTON_ENV_TAXI; break;
  case EnvKind::Extern: return createExternEnv();
  }
  int32_t mapSize = env.map == "8x8" ? 8 : 4;
  return ctx.call(RuntimeFn::lepton_env_create,
                  {ctx.i32(kind), ctx.i32(mapSize), ctx.i32(env.slippery ? 1 : 0), ctx.i64(env.maxSteps), seed});
}

Value lepton::AgentGen::noErrorYet() {
  Value code = ctx.call(RuntimeFn::lepton_last_error_code, {});
  return arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, code, ctx.i32(LEPTON_OK));
}

void lepton::AgentGen::unlessFailed(llvm::function_ref<void()> body) {
  auto guard = scf::IfOp::create(b, ctx.loc, noErrorYet(), /*withElseRegion=*/false);
  OpBuilder::InsertionGuard insertion(b);
  b.setInsertionPointToStart(guard.thenBlock());
  body();
}

void lepton::AgentGen::playEpisodes(Value count, Value returns, function_ref<Value(Value)> reset,
                                    function_ref<PlayStep()> step) {
  mlir::Location loc = ctx.loc;
  Value falseV = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 0);
  whileLoop(
      b, loc, ValueRange{ctx.i64(0)},
      [&](ValueRange a) {
        Value more = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, a[0], count);
        return arith::AndIOp::create(b, loc, more, noErrorYet()).getResult();
      },
      [&](ValueRange a) -> SmallVector<Value> {
        Value resetOk = reset(arith::AddIOp::create(b, loc, ctx.i64(kPlayEpisodeBase), a[0]));
        // Carried: return, steps, ended, env failed.
        ValueRange ep = whileLoop(
            b, loc, ValueRange{ctx.f64(0), ctx.i64(0), falseV, notI1(b, loc, resetOk)},
            [&](ValueRange v) { return notI1(b, loc, arith::OrIOp::create(b, loc, v[2], v[3])); },
            [&](ValueRange v) -> SmallVector<Value> {
              PlayStep s = step();
              return {arith::AddFOp::create(b, loc, v[0], s.reward), arith::AddIOp::create(b, loc, v[1], ctx.i64(1)),
                      s.ended, notI1(b, loc, s.ok)};
            });
        auto record = scf::IfOp::create(b, loc, notI1(b, loc, ep[3]), /*withElseRegion=*/false);
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(record.thenBlock());
          ctx.call(RuntimeFn::lepton_agent_returns_add, {returns, ep[0], ep[1]});
        }
        return {arith::AddIOp::create(b, loc, a[0], ctx.i64(1))};
      });
}

Value lepton::AgentGen::finishReturns(Value returns, Value label) {
  auto finished = scf::IfOp::create(b, ctx.loc, TypeRange{b.getF64Type()}, noErrorYet(), /*withElse=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(finished.thenBlock());
    scf::YieldOp::create(b, ctx.loc, ctx.call(RuntimeFn::lepton_agent_returns_finish, {returns, label}));
    b.setInsertionPointToStart(finished.elseBlock());
    scf::YieldOp::create(b, ctx.loc, ctx.f64(std::numeric_limits<double>::quiet_NaN()));
  }
  ctx.call(RuntimeFn::lepton_agent_returns_free, {returns});
  return finished.getResult(0);
}

Value lepton::AgentGen::epsilonAt(Value t) {
  // ε after `t` episodes: constant; linear from → to over `steps`, then `to`; exponential
  // from · decay^t, never below `to`.
  mlir::Location loc = ctx.loc;
  const ast::EpsilonSpec &spec = agent.epsilon;
  Value tf = arith::UIToFPOp::create(b, loc, b.getF64Type(), t);
  switch (spec.kind) {
  case EpsilonKind::Constant:
    return ctx.f64(spec.from);
  case EpsilonKind::Linear: {
    Value fraction =
        arith::DivFOp::create(b, loc, tf, ctx.f64(static_cast<double>(std::max<int64_t>(spec.steps, 1))));
    Value share = arith::MinimumFOp::create(b, loc, fraction, ctx.f64(1));
    Value from = ctx.f64(spec.from);
    return arith::AddFOp::create(b, loc, from, arith::MulFOp::create(b, loc, ctx.f64(spec.to - spec.from), share));
  }
  case EpsilonKind::Exponential: {
    Value from = ctx.f64(spec.from);
    Value decayed = arith::MulFOp::create(b, loc, from, math::PowFOp::create(b, loc, ctx.f64(spec.decay), tf));
    return arith::MaximumFOp::create(b, loc, decayed, ctx.f64(spec.to));
  }
  }
  return ctx.f64(spec.from);
}

std::string lepton::AgentGen::checkpointSignature() const {
  // The signature names everything that decides what the checkpoint means: a checkpoint of
  // another agent kind, environment, size or network is refused when loaded.
  std::string where = " on " + env.source->callee + "(states " + std::to_string(states) + ", actions " +
                      std::to_string(actions) + ")";
  if (isDqn())
    return "dqn" + where + "; " + online->signature();
  return std::string(agent.kind == AgentKind::Sarsa ? "sarsa" : "q_table") + where;
}

void lepton::AgentGen::emitLoadFunctions() {
  // An object reads the checkpoint that the executable's --save writes (createTensorSet).
  std::vector<CheckpointTensor> tensors;
  if (isDqn())
    online->appendCheckpointTensors(tensors, "", /*derivedRequired=*/false);
  else
    tensors.push_back({"q_table", ctx.symbol("q_table"), 0, [this] { return tableView(); }, LEPTON_EMBED_F32, {states, actions}, true});
  ctx.loc = ctx.locOf(agent.loc);
  ObjectApiGen(ctx, checkpointSignature(), std::move(tensors)).emitLoadFunctions();
}

Value lepton::AgentGen::createTensorSet() {
  if (isDqn()) {
    Value set = ctx.call(RuntimeFn::lepton_tensor_set_create, {ctx.string(checkpointSignature())});
    online->addToTensorSet(set, "");
    return set;
  }
  Value set = ctx.call(RuntimeFn::lepton_tensor_set_create, {ctx.string(checkpointSignature())});
  Value dims = ctx.shapeArray({states, actions});
  ctx.call(RuntimeFn::lepton_tensor_set_add,
           {set, ctx.string("q_table"), ctx.pointer(tableView()), ctx.i32(2), ctx.pointer(dims)});
  return set;
}

Value lepton::AgentGen::solvedNow(Value progress) {
  // solved_when: the window's mean return compared with the threshold (false while the window is
  // not full: the mean is NaN and every ordered comparison fails).
  if (!agent.solvedWhen.present)
    return arith::ConstantIntOp::create(b, ctx.loc, b.getI1Type(), 0);
  static const arith::CmpFPredicate predicates[] = {
      arith::CmpFPredicate::OLT, arith::CmpFPredicate::OLE, arith::CmpFPredicate::OGT,
      arith::CmpFPredicate::OGE, arith::CmpFPredicate::OEQ, arith::CmpFPredicate::ONE};
  Value mean = ctx.call(RuntimeFn::lepton_agent_progress_mean_return, {progress});
  return arith::CmpFOp::create(b, ctx.loc, predicates[static_cast<int>(agent.solvedWhen.op)], mean,
                               ctx.f64(agent.solvedWhen.threshold));
}

std::string lepton::AgentGen::solvedText() const {
  if (!agent.solvedWhen.present)
    return "";
  static const char *ops[] = {"<", "<=", ">", ">=", "==", "!="};
  std::ostringstream os;
  os << "mean_return(" << agent.solvedWhen.window << ") " << ops[static_cast<int>(agent.solvedWhen.op)] << " "
     << agent.solvedWhen.threshold;
  return os.str();
}

std::string lepton::AgentGen::settingsJson() const {
  // Names are identifiers (nothing JSON would need to escape).
  auto str = [](const std::string &s) { return "\"" + s + "\""; };
  std::ostringstream os;
  const char *kind = isDqn() ? "dqn" : agent.kind == AgentKind::Sarsa ? "sarsa" : "q_table";
  os << "{\"pipeline\": " << str(ctx.program.pipelineName) << ", \"agent\": " << str(agent.name)
     << ", \"kind\": " << str(kind)
     << ", \"env\": " << str(env.name) << ", \"alpha\": " << agent.alpha << ", \"gamma\": " << agent.gamma
     << ", \"solved_when\": " << str(solvedText()) << "}";
  return os.str();
}

void lepton::AgentGen::emitExport(const ast::Export &exp) {
  // int32_t p_NAME(const int32_t *states, int64_t n, int32_t *actions): the greedy action of each
  // state; a state outside [0, states) gets -1 and makes the call return 1 (else 0).
  mlir::Location loc = ctx.locOf(exp.loc);
  ctx.loc = loc;
  Type ptr = ctx.ptrType(), i32 = b.getI32Type(), i64 = b.getI64Type();
  func::FuncOp fn = ctx.beginFunction(ctx.exportSymbol(exp.symbol), {ptr, i64, ptr}, {i32}, /*isPublic=*/true);
  fn->setAttr("lepton.c_doc",
              b.getStringAttr("The greedy action of agent " + agent.name + " for each of n states (0.." +
                              std::to_string(states - 1) + "): actions[i] in 0.." +
                              std::to_string(actions - 1) + ", or -1 for a state out of range.\n"
                              "Returns 0, or 1 when some state was out of range."));
  const char *names[] = {"states", "n", "actions"};
  const char *pointees[] = {"const int32_t", nullptr, "int32_t"};
  for (unsigned i = 0; i < 3; ++i) {
    fn.setArgAttr(i, "lepton.c_name", b.getStringAttr(names[i]));
    if (pointees[i])
      fn.setArgAttr(i, "lepton.c_pointee", b.getStringAttr(pointees[i]));
  }
  Value in = fn.getArgument(0), out = fn.getArgument(2);
  Value zero = ctx.index(0);
  Value count = arith::IndexCastOp::create(b, loc, b.getIndexType(), fn.getArgument(1));
  Value one = ctx.index(1), noErrors = ctx.i32(0);
  auto rows = scf::ForOp::create(b, loc, zero, count, one, ValueRange{noErrors});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    Value i = arith::IndexCastOp::create(b, loc, i64, rows.getInductionVar());
    Value s = LLVM::LoadOp::create(b, loc, i32, LLVM::GEPOp::create(b, loc, ptr, i32, in, ValueRange{i}));
    Value notNegative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, s, ctx.i32(0));
    Value belowStates = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, s, ctx.i32(states));
    Value valid = arith::AndIOp::create(b, loc, notNegative, belowStates);
    auto choice = scf::IfOp::create(b, loc, TypeRange{i32}, valid, /*withElse=*/true);
    b.setInsertionPointToStart(choice.thenBlock());
    Value greedy = func::CallOp::create(b, loc, ctx.symbol("greedy"), TypeRange{i32},
                                        ValueRange{arith::IndexCastOp::create(b, loc, b.getIndexType(), s)})
                       .getResult(0);
    scf::YieldOp::create(b, loc, greedy);
    b.setInsertionPointToStart(choice.elseBlock());
    scf::YieldOp::create(b, loc, ValueRange{ctx.i32(-1)});
    b.setInsertionPointAfter(choice);
    LLVM::StoreOp::create(b, loc, choice.getResult(0), LLVM::GEPOp::create(b, loc, ptr, i32, out, ValueRange{i}));
    Value bad = arith::SelectOp::create(b, loc, valid, rows.getRegionIterArg(0), ctx.i32(1));
    scf::YieldOp::create(b, loc, bad);
  }
  func::ReturnOp::create(b, loc, rows.getResult(0));
}

namespace {
/// The progress flags of --quiet and of `--json -` (stdout then carries the JSON).
Value progressFlags(lepton::GenContext &ctx, Value cli) {
  OpBuilder &b = ctx.b;
  Value quiet = ctx.call(lepton::RuntimeFn::lepton_cli_flag, {cli, ctx.string("quiet")});
  Value isQuiet = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::ne, quiet, ctx.i32(0));
  Value quietBit = ctx.i32(LEPTON_PROGRESS_QUIET), noBit = ctx.i32(0);
  Value quietFlag = arith::SelectOp::create(b, ctx.loc, isQuiet, quietBit, noBit);
  Value toStdout = ctx.call(lepton::RuntimeFn::lepton_is_stdout_path, {ctx.cliString(cli, "json")});
  Value jsonOnStdout = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::ne, toStdout, ctx.i32(0));
  Value stderrBit = ctx.i32(LEPTON_PROGRESS_STDERR);
  Value stderrFlag = arith::SelectOp::create(b, ctx.loc, jsonOnStdout, stderrBit, ctx.i32(0));
  return arith::OrIOp::create(b, ctx.loc, quietFlag, stderrFlag);
}
} // namespace

void lepton::AgentGen::emitRun() {
  // run(cli): the table from `init:` or --load, training, --save, --json, then greedy play.
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("run"), {ctx.ptrType()}, {b.getI32Type()}, /*isPublic=*/false);
  Value cli = fn.getArgument(0);
  ctx.call(RuntimeFn::lepton_clear_error, {});
  Value seed = ctx.call(RuntimeFn::lepton_cli_int, {cli, ctx.string("seed")});
  Value flags = progressFlags(ctx, cli);
  if (isDqn())
    func::CallOp::create(b, ctx.loc, online->initSymbol(), TypeRange{}, ValueRange{seed});
  else
    func::CallOp::create(b, ctx.loc, ctx.symbol("init_table"), TypeRange{}, ValueRange{});
  Value tensors = createTensorSet();
  Value loadPath = ctx.cliString(cli, "load");
  ctx.ifNonNull(loadPath, [&] { ctx.call(RuntimeFn::lepton_checkpoint_load, {tensors, loadPath}); });
  // A failed load leaves the training loop with nothing to do (it tests noErrorYet).
  if (isDqn()) // the target network starts as the online one (initialised or loaded)
    func::CallOp::create(b, ctx.loc, ctx.symbol("sync_target"), TypeRange{}, ValueRange{});
  Value ignoreSolved = ctx.call(RuntimeFn::lepton_cli_flag, {cli, ctx.string("ignore-solved")});
  Value stopWhenSolved = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, ignoreSolved, ctx.i32(0));
  Value progress = func::CallOp::create(
                       b, ctx.loc, ctx.symbol("train"), TypeRange{ctx.ptrType()},
                       ValueRange{ctx.call(RuntimeFn::lepton_cli_int, {cli, ctx.string("steps")}),
                                  ctx.call(RuntimeFn::lepton_cli_int, {cli, ctx.string("episodes")}), seed, flags,
                                  stopWhenSolved})
                       .getResult(0);
  // After a failure nothing more is written or run: no checkpoint of a half-trained agent.
  Value savePath = ctx.cliString(cli, "save");
  unlessFailed([&] {
    ctx.ifNonNull(savePath, [&] { ctx.call(RuntimeFn::lepton_checkpoint_save, {tensors, savePath}); });
  });
  Value jsonPath = ctx.cliString(cli, "json");
  unlessFailed([&] {
    ctx.ifNonNull(jsonPath, [&] {
      ctx.call(RuntimeFn::lepton_agent_progress_write_json, {progress, jsonPath, ctx.string(settingsJson())});
    });
  });
  Value reportPath = ctx.cliString(cli, "report");
  unlessFailed([&] {
    ctx.ifNonNull(reportPath, [&] {
      ctx.call(RuntimeFn::lepton_agent_progress_write_html,
               {progress, reportPath, ctx.string(ctx.program.pipelineName + ": agent " + agent.name),
                ctx.string(settingsJson())});
    });
  });
  unlessFailed([&] {
    func::CallOp::create(b, ctx.loc, ctx.symbol("play"), TypeRange{b.getF64Type()},
                         ValueRange{seed, ctx.call(RuntimeFn::lepton_cli_int, {cli, ctx.string("play-episodes")}),
                                    ctx.i32(0), flags, ctx.string("greedy evaluation")});
  });
  ctx.call(RuntimeFn::lepton_agent_progress_free, {progress});
  ctx.call(RuntimeFn::lepton_tensor_set_free, {tensors});
  func::ReturnOp::create(b, ctx.loc, ctx.call(RuntimeFn::lepton_last_error_code, {}));
}

void lepton::AgentGen::emitPlayCommand() {
  // play_command(cli): `./agent play --load F [--play-episodes N] [--seed S]`, each return printed.
  func::FuncOp fn =
      ctx.beginFunction(ctx.symbol("play_command"), {ctx.ptrType()}, {b.getI32Type()}, /*isPublic=*/false);
  Value cli = fn.getArgument(0);
  ctx.call(RuntimeFn::lepton_clear_error, {});
  Value tensors = createTensorSet();
  ctx.call(RuntimeFn::lepton_checkpoint_load, {tensors, ctx.cliString(cli, "load")});
  unlessFailed([&] {
    func::CallOp::create(b, ctx.loc, ctx.symbol("play"), TypeRange{b.getF64Type()},
                         ValueRange{ctx.call(RuntimeFn::lepton_cli_int, {cli, ctx.string("seed")}),
                                    ctx.call(RuntimeFn::lepton_cli_int, {cli, ctx.string("play-episodes")}),
                                    ctx.i32(1), progressFlags(ctx, cli), ctx.string("play")});
  });
  ctx.call(RuntimeFn::lepton_tensor_set_free, {tensors});
  func::ReturnOp::create(b, ctx.loc, ctx.call(RuntimeFn::lepton_last_error_code, {}));
}

void lepton::AgentGen::emitMain(bool exported) {
  // int main(int argc, char **argv): the agent's options, then training or `play`; --help exits
  // 0, bad flags 1. Exported (int32_t p_main(int32_t argc, char **argv)) for a host to call.
  mlir::Location loc = ctx.loc;
  func::FuncOp fn = ctx.beginFunction(exported ? ctx.exportSymbol("main") : "main", {b.getI32Type(), ctx.ptrType()},
                                      {b.getI32Type()}, /*isPublic=*/true);
  if (exported) {
    fn->setAttr("lepton.c_doc",
                b.getStringAttr("Runs the program's command line (train, play, --save, --load, ...; docs/abi.md) "
                                "against the registered\nenvironment, as the executable's main would; argv[0] is the "
                                "program name. Returns the exit code (0, or the code of the first failure, which\nstops the "
                                "run: nothing more is written); the runtime's default error handler exits the\nprocess "
                                "instead (lepton_set_error_handler)."));
    fn.setArgAttr(0, "lepton.c_name", b.getStringAttr("argc"));
    fn.setArgAttr(1, "lepton.c_name", b.getStringAttr("argv"));
    fn.setArgAttr(1, "lepton.c_type", b.getStringAttr("char **"));
  }
  std::string summary = "Trains agent '" + agent.name + "' of pipeline '" + ctx.program.pipelineName +
                        "' on environment '" + env.name + "' (compiled by leptonc).";
  if (!exported) // a host decides about its own signals
    ctx.call(RuntimeFn::lepton_handle_interrupts, {});
  Value cli = ctx.call(RuntimeFn::lepton_cli_create, {ctx.string(summary)});
  ctx.call(RuntimeFn::lepton_cli_add_agent_options,
           {cli, ctx.i64(agent.steps), ctx.i64(agent.episodes), ctx.i64(agent.seed), ctx.i64(isDqn() ? 100 : 1000)});
  if (!exported) // a host's own thread settings are left alone
    ctx.addThreadsOption(cli);
  Value rc = ctx.call(RuntimeFn::lepton_cli_parse, {cli, fn.getArgument(0), fn.getArgument(1)});
  Value parsed = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rc, ctx.i32(0));
  auto branch = scf::IfOp::create(b, loc, TypeRange{b.getI32Type()}, parsed, /*else=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    if (!exported)
      ctx.applyThreadsOption(cli);
    Value command = ctx.call(RuntimeFn::lepton_cli_command, {cli});
    Value isPlay = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, command, ctx.null());
    auto mode = scf::IfOp::create(b, loc, TypeRange{b.getI32Type()}, isPlay, /*else=*/true);
    for (auto [block, name] : {std::pair{mode.thenBlock(), "play_command"}, std::pair{mode.elseBlock(), "run"}}) {
      b.setInsertionPointToStart(block);
      Value code =
          func::CallOp::create(b, loc, ctx.symbol(name), TypeRange{b.getI32Type()}, ValueRange{cli}).getResult(0);
      scf::YieldOp::create(b, loc, code);
    }
    b.setInsertionPointAfter(mode);
    scf::YieldOp::create(b, loc, mode.getResult(0));
    b.setInsertionPointToStart(branch.elseBlock());
    Value help = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rc, ctx.i32(-1));
    scf::YieldOp::create(b, loc, Value(arith::SelectOp::create(b, loc, help, ctx.i32(0), rc)));
  }
  ctx.call(RuntimeFn::lepton_cli_free, {cli});
  func::ReturnOp::create(b, loc, branch.getResult(0));
}
