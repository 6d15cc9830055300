// AgentGen.cpp — agents and environments: refused until the RL loop is generated (see AgentGen.h).
#include "frontend/mlirgen/AgentGen.h"

#include "frontend/Diagnostics.h"

bool lepton::checkAgentsSupported(const ast::Program &program, DiagnosticEngine &diags) {
  for (const ast::Agent *agent : program.agents)
    diags.report(agent->loc, diag::NotSupportedByCodegen) << "an agent";
  for (const ast::Env *env : program.envs)
    diags.report(env->loc, diag::NotSupportedByCodegen) << "an environment";
  return program.agents.empty() && program.envs.empty();
}
