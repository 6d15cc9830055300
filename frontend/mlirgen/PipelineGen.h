// PipelineGen.h — a whole pipeline: its model states, train blocks, and the program around them.
#ifndef LEPTON_FRONTEND_MLIRGEN_PIPELINEGEN_H
#define LEPTON_FRONTEND_MLIRGEN_PIPELINEGEN_H

#include "frontend/mlirgen/GenContext.h"
#include "frontend/mlirgen/ModelState.h"
#include "frontend/mlirgen/SupervisedTrainer.h"

#include <memory>

namespace lepton {
class DiagnosticEngine;

/// Owns one ModelState per trained model (file order of their first train block) and one
/// SupervisedTrainer per train block (file order), and generates what ties them together:
///   - `__lepton_<p>_run(cli)`: allocate (heap models), initialise every model from its block's
///     seed, `--load`, run the train blocks in file order (each on its own data), `--save` /
///     `save:`, `--json`, `--report`;
///   - `__lepton_<p>_predict(cli)`: `predict --load F --input F [--model NAME]`;
///   - `main(argc, argv)`: the command line, then `run` or `predict`.
/// The agent loop (AgentGen) will join here as a second kind of block.
class PipelineGen {
public:
  explicit PipelineGen(GenContext &ctx);

  /// Sizes and placement: refuses (at the model) a model whose parameters and optimizer state
  /// pass 64 GiB; past `staticDataLimit` bytes in all, every model lives on the heap. False
  /// after an error.
  bool plan(DiagnosticEngine &diags, bool withMain, int64_t staticDataLimit);

  /// Emits everything (`run`, `predict`, `main` only when `withMain`).
  void generate(bool withMain);

private:
  void emitRun();
  void emitPredict();
  /// Calls each model's `fold_input()` (SupervisedTrainer::inputFold) where it has one.
  void emitFoldInputs();
  /// `main`, or for a host (extern datasets) the exported `int32_t <p>_main(int32_t argc, char **argv)`.
  void emitMain(bool exported);
  mlir::Value createTensorSet();
  std::string checkpointSignature() const;
  /// Objects: `<p>_load`, `<p>_load_memory`, `<p>_last_error` over the checkpoint's tensors (ObjectApiGen).
  void emitLoadFunctions();
  bool multiModel() const { return states.size() > 1; }
  SupervisedTrainer &firstTrainerOf(const ModelState &state);

  GenContext &ctx;
  std::vector<std::unique_ptr<ModelState>> states;
  std::vector<std::unique_ptr<SupervisedTrainer>> trainers;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_PIPELINEGEN_H
