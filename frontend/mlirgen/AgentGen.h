// AgentGen.h — where the compiled reinforcement-learning loop lives (agents and environments).
#ifndef LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H
#define LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H

#include "frontend/AST.h"

namespace lepton {
class DiagnosticEngine;

/// Reports every agent and environment: code generation does not compile them yet. The RL loop
/// joins PipelineGen as a second kind of block beside SupervisedTrainer, built from the same
/// parts: a GenContext, one ModelState per network (online and target Q-networks are two
/// instances of one model) with an OptimizerGen for the online one, and runtime functions for
/// environments and the replay buffer declared in RuntimeFunctions.def.
bool checkAgentsSupported(const ast::Program &program, DiagnosticEngine &diags);

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_AGENTGEN_H
