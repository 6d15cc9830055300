// SemaRL.cpp — environments and agents: spaces, hyper-parameters, Q-network ↔ env checks.
#include "frontend/Sema.h"

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::sema;

namespace {
const Param kAgentSettings[] = {
    {"gamma", false, false},     {"alpha", false, false},        {"epsilon", false, false},
    {"steps", false, false},     {"episodes", false, false},     {"seed", false, false},
    {"solved_when", false, false}, {"optimizer", false, false},  {"loss", false, false},
    {"replay", false, false},    {"batch", false, false},        {"learning_starts", false, false},
    {"train_every", false, false}, {"target_update", false, false}, {"double", false, false}};
/// Settings only a dqn agent understands.
const llvm::StringRef kDqnOnly[] = {"optimizer", "loss", "replay", "batch", "learning_starts",
                                    "train_every", "target_update", "double"};

/// Observation and action spaces of the built-in environments (Gymnasium's).
struct EnvSpace {
  bool discrete;
  int64_t obsOrStates, actions, maxSteps;
};
EnvSpace builtinSpace(EnvKind kind, llvm::StringRef map) {
  switch (kind) {
  case EnvKind::CartPole: return {false, 4, 2, 500};
  case EnvKind::MountainCar: return {false, 2, 3, 200};
  case EnvKind::Acrobot: return {false, 6, 3, 500};
  case EnvKind::FrozenLake: return map == "8x8" ? EnvSpace{true, 64, 4, 200} : EnvSpace{true, 16, 4, 100};
  case EnvKind::Taxi: return {true, 500, 6, 200};
  case EnvKind::Extern: break;
  }
  return {false, 0, 0, 0};
}

std::string describeEnv(const Env &env) {
  std::string kind = env.isExtern ? "extern" : nameOf(env.kind).str();
  std::string space = env.discrete ? std::to_string(env.numStates) + " discrete states"
                                   : "observations f32" + formatShape(env.observation);
  return "'" + env.name + "' (" + kind + ") has " + space;
}
} // namespace

void Sema::checkEnv(Env &env) {
  if (!env.source)
    return;
  CallView view{env.source->callee, env.source->calleeLoc, env.source.get()};
  bool ok = true;
  if (env.isExtern) {
    env.kind = EnvKind::Extern;
    Bindings b = bindCall(view, {{"obs", false, false}, {"states", false, false},
                                 {"actions", false, true}, {"max_steps", false, false}});
    const Expr *obs = b.get("obs"), *states = b.get("states");
    if (obs && states) {
      diags.report(states->loc, diag::ConflictingArguments)
          << "obs" << "states"
          << "an environment observes vectors ('obs: f32[N]') or discrete states ('states: N')";
      ok = false;
    } else if (states) {
      std::optional<int64_t> n = integerIn(states, "states", 1, 1 << 24);
      ok &= n.has_value();
      env.discrete = true;
      env.numStates = n.value_or(1);
      env.observation = {env.numStates};
    } else if (obs) {
      const auto *type = llvm::dyn_cast<TensorTypeExpr>(obs);
      if (!type) {
        diags.report(obs->loc, diag::TypeMismatch) << "a tensor type like f32[4]" << "obs"
                                                   << describe(*obs);
        ok = false;
      } else if (std::optional<TensorType> t = tensorType(type, "obs")) {
        env.observation = t->shape;
      } else {
        ok = false;
      }
    } else {
      diags.report(view.loc, diag::MissingArgument) << env.name << "obs";
      ok = false;
    }
    std::optional<int64_t> actions = integerIn(b.get("actions"), "actions", 1, 1 << 20);
    ok &= actions.has_value();
    env.numActions = actions.value_or(0);
    if (const Expr *e = b.get("max_steps")) {
      std::optional<int64_t> v = integerIn(e, "max_steps", 1);
      ok &= v.has_value();
      env.maxSteps = v.value_or(0);
    }
    env.valid = ok;
    return;
  }

  std::optional<EnvKind> kind = lookupName<EnvKind>(view.callee);
  if (!kind) {
    std::vector<llvm::StringRef> names = allNames<EnvKind>();
    std::string best = closestMatch(view.callee, names);
    InFlightDiagnostic d = diags.report(view.loc, diag::UnknownEnvKind);
    d << view.callee;
    d.didYouMean(best);
    if (best.empty())
      d.note("built-in environments are " + joinChoices(names) +
             "; declare others with 'extern env NAME(obs: f32[N], actions: K)'");
    return;
  }
  env.kind = *kind;
  Bindings b = *kind == EnvKind::FrozenLake
                   ? bindCall(view, {{"map", false, false}, {"slippery", false, false},
                                     {"max_steps", false, false}})
                   : bindCall(view, {{"max_steps", false, false}});
  if (const Expr *e = b.get("map")) {
    std::optional<std::string> map = string(e, "map");
    if (map && *map != "4x4" && *map != "8x8") {
      (diags.report(e->loc, diag::InvalidChoice) << *map << "map" << "\"4x4\" or \"8x8\"")
          .didYouMean(closestMatch(*map, {"4x4", "8x8"}));
      ok = false;
    }
    ok &= map.has_value();
    env.map = map.value_or("4x4");
  } else if (*kind == EnvKind::FrozenLake) {
    env.map = "4x4";
  }
  if (const Expr *e = b.get("slippery")) {
    std::optional<bool> v = boolean(e, "slippery");
    ok &= v.has_value();
    env.slippery = v.value_or(true);
  }
  EnvSpace space = builtinSpace(*kind, env.map);
  env.discrete = space.discrete;
  env.numActions = space.actions;
  env.maxSteps = space.maxSteps;
  if (space.discrete) {
    env.numStates = space.obsOrStates;
    env.observation = {space.obsOrStates};
  } else {
    env.observation = {space.obsOrStates};
  }
  if (const Expr *e = b.get("max_steps")) {
    std::optional<int64_t> v = integerIn(e, "max_steps", 1);
    ok &= v.has_value();
    env.maxSteps = v.value_or(env.maxSteps);
  }
  env.valid = ok;
}

/// The stop condition `mean_return(100) >= 475`.
static void readStopCondition(Sema &sema, const Expr *e, StopCondition &stop) {
  const auto *cmp = llvm::dyn_cast<CompareExpr>(e);
  if (!cmp) {
    sema.diags.report(e->loc, diag::TypeMismatch) << "a condition like 'mean_return(100) >= 475'"
                                                  << "solved_when" << describe(*e);
    return;
  }
  std::optional<CallView> view =
      sema.callView(cmp->lhs.get(), "solved_when", "mean_return(100)");
  if (!view)
    return;
  if (!lookupName<StopMetric>(view->callee)) {
    (sema.diags.report(view->loc, diag::InvalidChoice)
     << view->callee << "stop metric" << joinChoices(allNames<StopMetric>()))
        .didYouMean(closestMatch(view->callee, allNames<StopMetric>()));
    return;
  }
  Bindings b = sema.bindCall(*view, {{"episodes", true, false}});
  bool ok = true;
  if (const Expr *w = b.get("episodes")) {
    std::optional<int64_t> v = sema.integerIn(w, "episodes", 1, 1000000);
    ok &= v.has_value();
    stop.window = v.value_or(100);
  }
  std::optional<double> threshold = sema.number(cmp->rhs.get(), "solved_when");
  ok &= threshold.has_value();
  stop.threshold = threshold.value_or(0);
  stop.op = cmp->op;
  stop.loc = e->loc;
  stop.present = ok;
}

/// The exploration schedule: a number (constant), `linear(from:, to:, steps:)`,
/// `exponential(from:, to:, decay:)` or `constant(0.1)`.
static std::optional<EpsilonSpec> readEpsilon(Sema &sema, const Expr *e) {
  EpsilonSpec spec;
  if (llvm::isa<NumberExpr>(e) || llvm::isa<BinaryExpr>(e)) {
    std::optional<double> v = sema.numberIn(e, "epsilon", 0, 1, Interval::Closed);
    if (!v)
      return std::nullopt;
    spec.from = spec.to = *v;
    return spec;
  }
  std::optional<CallView> view =
      sema.callView(e, "epsilon", "linear(from: 1.0, to: 0.05, steps: 10000)");
  if (!view)
    return std::nullopt;
  std::optional<EpsilonKind> kind = lookupName<EpsilonKind>(view->callee);
  if (!kind) {
    std::vector<llvm::StringRef> names = allNames<EpsilonKind>();
    (sema.diags.report(view->loc, diag::InvalidChoice)
     << view->callee << "epsilon schedule" << joinChoices(names))
        .didYouMean(closestMatch(view->callee, names));
    return std::nullopt;
  }
  spec.kind = *kind;
  Bindings b;
  bool ok = true;
  switch (*kind) {
  case EpsilonKind::Constant:
    b = sema.bindCall(*view, {{"value", true, true}});
    if (std::optional<double> v = sema.numberIn(b.get("value"), "value", 0, 1, Interval::Closed))
      spec.from = spec.to = *v;
    else
      ok = false;
    return ok ? std::optional<EpsilonSpec>(spec) : std::nullopt;
  case EpsilonKind::Linear:
    b = sema.bindCall(*view, {{"from", false, true}, {"to", false, true}, {"steps", false, true}});
    if (std::optional<int64_t> v = sema.integerIn(b.get("steps"), "steps", 1))
      spec.steps = *v;
    else
      ok = false;
    break;
  case EpsilonKind::Exponential:
    b = sema.bindCall(*view, {{"from", false, true}, {"to", false, true}, {"decay", false, true}});
    if (std::optional<double> v = sema.numberIn(b.get("decay"), "decay", 0, 1, Interval::Open))
      spec.decay = *v;
    else
      ok = false;
    break;
  }
  std::optional<double> from = sema.numberIn(b.get("from"), "from", 0, 1, Interval::Closed);
  std::optional<double> to = sema.numberIn(b.get("to"), "to", 0, 1, Interval::Closed);
  if (!ok || !from || !to)
    return std::nullopt;
  spec.from = *from;
  spec.to = *to;
  return spec;
}

void Sema::checkAgent(Agent &agent) {
  if (!agent.kindCall)
    return;
  CallView view{agent.kindCall->callee, agent.kindCall->calleeLoc, agent.kindCall.get()};
  std::optional<AgentKind> kind = lookupName<AgentKind>(view.callee);
  if (!kind) {
    std::vector<llvm::StringRef> names = allNames<AgentKind>();
    std::string best = closestMatch(view.callee, names);
    InFlightDiagnostic d = diags.report(view.loc, diag::UnknownAgentKind);
    d << view.callee;
    d.didYouMean(best);
    if (best.empty())
      d.note("agent kinds are " + joinChoices(names));
  }
  agent.env = lookupAs<Env>(agent.envName, agent.envLoc, diag::UnknownEnv);
  if (!kind)
    return;
  agent.kind = *kind;
  bool tabular = *kind != AgentKind::Dqn;
  std::string owner = "a '" + view.callee.str() + "' agent";

  // Arguments of the kind: dqn(MODEL), q_table(init: 0), sarsa(init: 0).
  const Expr *modelArg = nullptr;
  if (tabular) {
    Bindings b = bindCall(view, {{"init", false, false}});
    if (const Expr *e = b.get("init"))
      agent.initialQ = number(e, "init").value_or(0);
  } else {
    Bindings b = bindCall(view, {{"model", true, true}});
    if ((modelArg = b.get("model"))) {
      if (const auto *name = llvm::dyn_cast<NameExpr>(modelArg))
        agent.qnet = lookupAs<Model>(name->name, modelArg->loc, diag::UnknownModel);
      else
        diags.report(modelArg->loc, diag::TypeMismatch) << "the name of a model" << "model"
                                                        << describe(*modelArg);
    }
  }

  // Settings; those of the other family of agents are reported as unknown here.
  Bindings s = bindSettings(agent.body, kAgentSettings, owner, agent.nameLoc);
  for (const BlockItem &item : agent.body.items) {
    if (item.isStep)
      continue;
    bool dqnOnly = std::find(std::begin(kDqnOnly), std::end(kDqnOnly), item.name) !=
                   std::end(kDqnOnly);
    if ((tabular && dqnOnly) || (!tabular && item.name == "alpha"))
      (diags.report(item.loc, diag::UnknownSetting) << item.name << owner)
          .note(tabular ? "'" + item.name + "' applies to dqn agents, which learn a network"
                        : "'alpha' is the learning rate of tabular agents; a dqn agent takes "
                          "'optimizer: adam(lr: …)'");
  }
  auto readInt = [&](llvm::StringRef name, int64_t &out, int64_t min) {
    if (const Expr *e = s.get(name))
      out = integerIn(e, name, min).value_or(out);
  };
  if (const Expr *e = s.get("gamma"))
    agent.gamma = numberIn(e, "gamma", 0, 1, Interval::Closed).value_or(agent.gamma);
  if (const Expr *e = s.get("alpha"))
    agent.alpha = numberIn(e, "alpha", 0, 1, Interval::LeftOpen).value_or(agent.alpha);
  if (const Expr *e = s.get("epsilon"))
    if (std::optional<EpsilonSpec> eps = readEpsilon(*this, e))
      agent.epsilon = *eps;
  readInt("steps", agent.steps, 1);
  readInt("episodes", agent.episodes, 1);
  readInt("seed", agent.seed, 0);
  if (!s.has("steps") && !s.has("episodes"))
    diags.report(agent.nameLoc, diag::MissingSetting)
        << "agent '" + agent.name + "'" << (tabular ? "episodes" : "steps");
  if (const Expr *e = s.get("solved_when"))
    readStopCondition(*this, e, agent.solvedWhen);
  if (!tabular) {
    if (const Expr *e = s.get("optimizer"))
      agent.optimizer = optimizer(e).value_or(agent.optimizer);
    if (const Expr *e = s.get("loss")) {
      std::optional<LossKind> loss = choice<LossKind>(e, "loss", diag::UnknownLoss, "loss");
      if (loss && *loss != LossKind::Mse && *loss != LossKind::Huber)
        diags.report(e->loc, diag::InvalidChoice) << nameOf(*loss) << "Q-learning loss"
                                                  << "'mse' or 'huber'";
      else if (loss)
        agent.loss = *loss;
    }
    readInt("replay", agent.replay, 1);
    readInt("batch", agent.batch, 1);
    readInt("learning_starts", agent.learningStarts, 0);
    readInt("train_every", agent.trainEvery, 1);
    readInt("target_update", agent.targetUpdate, 1);
    if (const Expr *e = s.get("double"))
      agent.doubleQ = boolean(e, "double").value_or(false);
    if (s.has("replay") && agent.replay < agent.batch)
      checkRange(false, s.get("replay"), "replay",
                 "at least the batch size (" + std::to_string(agent.batch) + ")",
                 static_cast<double>(agent.replay));
  }

  // The agent must fit its environment.
  Env *env = agent.env;
  if (!env || !env->valid)
    return;
  if (tabular && !env->discrete) {
    (diags.report(agent.envLoc, diag::AgentEnvMismatch)
     << view.callee.str() + " learns a table over discrete states, but " + describeEnv(*env) +
            "; use dqn(MODEL) for it")
        .note(env->nameLoc, "'" + env->name + "' is declared here");
    return;
  }
  if (tabular || !agent.qnet || !agent.qnet->validSignature)
    return;
  const Model &qnet = *agent.qnet;
  if (qnet.input.shape != env->observation) {
    InFlightDiagnostic d = diags.report(modelArg->loc, diag::QnetInputMismatch);
    d << qnet.name << formatShape(qnet.input.shape) << env->name << formatShape(env->observation);
    d.note(qnet.input.loc, "'" + qnet.name + "' declares its input here");
    if (env->discrete)
      d.note("the " + std::to_string(env->numStates) +
             " discrete states reach the network one-hot encoded");
  }
  int64_t outputs = qnet.output.shape.empty() ? 0 : qnet.output.shape[0];
  if (outputs != env->numActions)
    (diags.report(modelArg->loc, diag::QnetOutputMismatch)
     << qnet.name << outputs << env->name << env->numActions)
        .note(qnet.output.loc, "'" + qnet.name + "' declares its output here");
}
