// AgentGen.h — the compiled reinforcement-learning loop: one agent, its environment and program.
#ifndef LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H
#define LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H

#include "frontend/mlirgen/GenContext.h"
#include "frontend/mlirgen/ModelGen.h"
#include "frontend/mlirgen/ModelState.h"
#include "frontend/mlirgen/OptimizerGen.h"

#include <memory>

namespace lepton {
class DiagnosticEngine;

/// Reports the agents and environments code generation cannot compile yet (`not-supported-yet`
/// at the construct): several agents, agents beside train blocks, a Q-network with layer state
/// (batchnorm), an export that takes the name of an extern env object's `main` or `set_env_<env>`.
bool checkAgentsSupported(const ast::Program &program, DiagnosticEngine &diags);

/// Generates a pipeline whose one block is an agent. All loop logic is generated code; the
/// runtime supplies the environment (lepton/env.h), progress lines, the return bookkeeping and
/// the replay buffer (lepton/agent.h). Tabular agents (`q_table`, `sarsa`;
/// TabularAgentGen.cpp), functions named `__lepton_<p>_…`:
///   - the table `q_table` (a global states × actions f32, saved in checkpoints as `q_table`),
///     `init_table()`, `greedy(state) -> action` (the first maximal action),
///   - `act(state, epsilon, key) -> action`: ε-greedy from a counter-based draw keyed by `key`,
///   - `train(steps, episodes, seed, flags) -> progress`: episodes until the budget ends or
///     `solved_when` holds; Q-learning or SARSA updates (a truncated episode still bootstraps
///     from its last state, a terminated one does not),
///   - `play(seed, episodes, each, flags, label)`: greedy episodes, their returns printed,
///   - `run(cli)`, `play_command(cli)`, `main`; per `export`, `<p>_NAME(states, n, actions)`.
/// On an `extern env` (ExternEnvGen.cpp) an object (`-c`) holds the whole program: the host's
/// callbacks live in private globals that `<p>_set_env_NAME(reset, step, user)` stores, and
/// `main` is exported as `<p>_main(argc, argv)`; an executable's `main` only says that it needs
/// a host (code 1).
/// `dqn(model)` (DqnAgentGen.cpp): the online network (a ModelState with its OptimizerGen) and
/// the target network (a second ModelState of the same model, prefix `target_`); `q_one(obs, q)`
/// and `q_batch`/`q_target_batch` forward passes, `dqn_loss` and `dqn_train_step` (lepton.grad
/// and the optimizer), `learn(…)` (a replay batch, the TD targets, one step), `sync_target()`,
/// and a step-based `train` and `play` with the same signatures as the tabular ones.
class AgentGen {
public:
  AgentGen(GenContext &ctx, const ast::Agent &agent);

  void generate(bool withMain);

private:
  bool isDqn() const { return agent.kind == AgentKind::Dqn; }
  // TabularAgentGen.cpp
  void emitTable();
  void emitGreedy();
  void emitAct();
  void emitTrain();
  void emitPlay();
  void emitExport(const ast::Export &exp);
  /// One-element buffers for a tabular step's state, reward and flags, zeroed (so they hold valid
  /// values even when the first reset fails).
  std::tuple<mlir::Value, mlir::Value, mlir::Value> stepBuffers();
  /// Resets the environment for `episode` into stateBuf; whether it succeeded (i1).
  mlir::Value resetState(mlir::Value env, mlir::Value episode, mlir::Value stateBuf);
  /// Steps the environment: the next state (the previous one after a failure), reward and flags
  /// (0 after a failure), and whether it succeeded.
  struct StateStep {
    mlir::Value next, reward, flags, ok;
  };
  StateStep stepState(mlir::Value env, mlir::Value action, mlir::Value stateBuf, mlir::Value rewardBuf,
                      mlir::Value flagsBuf);
  // DqnAgentGen.cpp
  void emitNetworks(bool withMain);
  void emitForward(llvm::StringRef name, ModelState &net, int64_t rows);
  void emitDqnLoss();
  void emitDqnTrainStep();
  void emitLearn();
  void emitDqnAct();
  void emitDqnTrain();
  void emitGreedyObs();
  void emitDqnPlay();
  void emitDqnExport(const ast::Export &exp);
  /// Writes the environment's observation after reset/step into `obs` (1 × obsSize): the
  /// vector itself, or the one-hot row of a discrete state held in `state`.
  void observe(mlir::Value obs, mlir::Value state);
  /// Resets (`episode`) or steps (`action`) the environment into obs; each returns whether the
  /// runtime call succeeded (i1; on failure obs is left as it was), step also (reward, flags),
  /// which are 0 after a failure.
  mlir::Value resetInto(mlir::Value env, mlir::Value episode, mlir::Value obs, mlir::Value state);
  struct Step {
    mlir::Value reward, flags, ok;
  };
  Step stepInto(mlir::Value env, mlir::Value action, mlir::Value obs, mlir::Value state, mlir::Value reward,
                mlir::Value flags);
  // AgentGen.cpp
  void emitRun();
  void emitPlayCommand();
  /// `main` (an executable) or `<p>_main` (an object whose environment a host registers).
  void emitMain(bool exported);
  // ExternEnvGen.cpp
  std::string registrationSymbol() const;
  std::string callbackGlobal(llvm::StringRef slot) const;
  void emitRegistration();
  mlir::Value createExternEnv();
  void emitNeedsHost();

  /// ε at `t` (episodes for tabular agents) as f64, from the agent's schedule.
  mlir::Value epsilonAt(mlir::Value t);
  /// A new environment for `seed` (NULL after the runtime reported why).
  mlir::Value createEnv(mlir::Value seed);
  /// Failures: every runtime failure is reported to the error handler, which exits unless a host
  /// installed one that returns. So the generated program stops at the first failure itself: its
  /// loops test `noErrorYet()` (the thread's last error code, cleared when `run` starts) or a
  /// call's status, later stages run `unlessFailed`, and `main` returns that code.
  mlir::Value noErrorYet();
  void unlessFailed(llvm::function_ref<void()> body);
  /// Play's loop, both learners: greedy episodes 0 .. count-1 (numbered from kPlayEpisodeBase)
  /// while no error is recorded; `reset(number)` starts one (i1: it succeeded), `step()` takes one
  /// greedy step and returns (reward f64, episode ended i1, succeeded i1). A completed episode's
  /// return and length go to `returns`; a failed one is not recorded and stops the loop.
  struct PlayStep {
    mlir::Value reward, ended, ok;
  };
  void playEpisodes(mlir::Value count, mlir::Value returns, llvm::function_ref<mlir::Value(mlir::Value)> reset,
                    llvm::function_ref<PlayStep()> step);
  /// Play's end: the mean return printed under `label` (NaN and nothing printed after a
  /// failure); frees `returns`.
  mlir::Value finishReturns(mlir::Value returns, mlir::Value label);
  std::string checkpointSignature() const;
  /// Objects: `<p>_load`, `<p>_load_memory`, `<p>_last_error` over the checkpoint's tensors (ObjectApiGen).
  void emitLoadFunctions();
  /// The tensor set of checkpoints: the table under its signature.
  mlir::Value createTensorSet();
  /// The block's settings as a JSON object for --json.
  std::string settingsJson() const;
  std::string solvedText() const;
  /// After an episode was recorded: does `solved_when` hold now (false without one)?
  mlir::Value solvedNow(mlir::Value progress);
  mlir::Value tableView();

  GenContext &ctx;
  mlir::OpBuilder &b;
  const ast::Agent &agent;
  const ast::Env &env;
  int64_t states, actions;
  mlir::MemRefType tableType;
  // dqn
  int64_t obsSize = 0;
  std::unique_ptr<ModelState> online, target;
  std::unique_ptr<OptimizerGen> optimizer;
  std::unique_ptr<ModelGen> modelGen;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H
