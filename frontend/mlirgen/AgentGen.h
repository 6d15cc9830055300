// AgentGen.h — the compiled reinforcement-learning loop: one agent, its environment and program.
#ifndef LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H
#define LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H

#include "frontend/mlirgen/GenContext.h"

namespace lepton {
class DiagnosticEngine;

/// Reports the agents and environments code generation cannot compile yet (`not-supported-yet`
/// at the construct): `dqn` agents, `extern env`, several agents, agents beside train blocks.
bool checkAgentsSupported(const ast::Program &program, DiagnosticEngine &diags);

/// Generates a pipeline whose one block is a tabular agent (`q_table`, `sarsa`). All loop logic
/// is generated code; the runtime supplies the environment (lepton/env.h), progress lines and
/// the return bookkeeping (lepton/agent.h). Functions, named `__lepton_<p>_…`:
///   - the table `q_table` (a global states × actions f32, saved in checkpoints as `q_table`),
///     `init_table()`, `greedy(state) -> action` (the first maximal action),
///   - `act(state, epsilon, key) -> action`: ε-greedy from a counter-based draw keyed by `key`,
///   - `train(steps, episodes, seed, flags) -> progress`: episodes until the budget ends or
///     `solved_when` holds; Q-learning or SARSA updates (a truncated episode still bootstraps
///     from its last state, a terminated one does not),
///   - `play(seed, episodes, each, flags, label)`: greedy episodes, their returns printed,
///   - `run(cli)`, `play_command(cli)`, `main`; per `export`, `<p>_NAME(states, n, actions)`.
/// DQN joins as a second learner beside the table (online and target networks are two
/// ModelState instances of its model) with the same episode loop, progress and program.
class AgentGen {
public:
  AgentGen(GenContext &ctx, const ast::Agent &agent);

  void generate(bool withMain);

private:
  void emitTable();
  void emitGreedy();
  void emitAct();
  void emitTrain();
  void emitPlay();
  void emitExport(const ast::Export &exp);
  void emitRun();
  void emitPlayCommand();
  void emitMain();

  /// ε at `t` (episodes for tabular agents) as f64, from the agent's schedule.
  mlir::Value epsilonAt(mlir::Value t);
  /// A new environment for `seed` (the runtime reports a failure and exits).
  mlir::Value createEnv(mlir::Value seed);
  /// The tensor set of checkpoints: the table under its signature.
  mlir::Value createTensorSet();
  /// The block's settings as a JSON object for --json.
  std::string settingsJson() const;
  std::string solvedText() const;
  mlir::Value tableView();

  GenContext &ctx;
  mlir::OpBuilder &b;
  const ast::Agent &agent;
  const ast::Env &env;
  int64_t states, actions;
  mlir::MemRefType tableType;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H
