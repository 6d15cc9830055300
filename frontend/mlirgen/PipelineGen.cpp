// PipelineGen.cpp — model states and train blocks of a pipeline, sized and placed; run and main.
#include "frontend/mlirgen/PipelineGen.h"

#include "frontend/mlirgen/ExternDatasetGen.h"

#include "frontend/Diagnostics.h"
#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <map>

using namespace mlir;

namespace {
/// A model whose parameters and optimizer state pass this is refused at compile time.
constexpr int64_t kModelLimit = int64_t(64) << 30;
} // namespace

lepton::PipelineGen::PipelineGen(GenContext &ctx) : ctx(ctx) {
  const ast::Program &program = ctx.program;
  std::map<const ast::Model *, ModelState *> byModel;
  bool oneModel = true;
  for (const ast::Train *train : program.trains)
    oneModel = oneModel && train->model == program.trains.front()->model;
  for (const ast::Train *train : program.trains) {
    ModelState *&state = byModel[train->model];
    if (!state) {
      std::string prefix = oneModel ? "" : train->model->name + "_";
      states.push_back(
          std::make_unique<ModelState>(ctx, *train->model, prefix));
      state = states.back().get();
    }
  }
  // Symbols of a block: none extra for the only block, else the model's name (and the block's
  // number among that model's blocks after the first).
  std::map<const ast::Model *, unsigned> blocksOf;
  for (const ast::Train *train : program.trains) {
    std::string tag;
    if (program.trains.size() > 1) {
      unsigned k = blocksOf[train->model]++;
      tag = train->model->name + "_" + (k ? std::to_string(k + 1) + "_" : "");
    }
    trainers.push_back(
        std::make_unique<SupervisedTrainer>(ctx, *train, *byModel[train->model], tag));
  }
  for (auto &state : states) // before storage is laid out: the folded weights are state
    firstTrainerOf(*state).planInputFold();
}

lepton::SupervisedTrainer &lepton::PipelineGen::firstTrainerOf(const ModelState &state) {
  for (auto &trainer : trainers)
    if (&trainer->state == &state)
      return *trainer;
  llvm::report_fatal_error("internal error: a model state without a train block");
}

bool lepton::PipelineGen::plan(DiagnosticEngine &diags, bool withMain,
                               int64_t staticDataLimit) {
  bool ok = true;
  int64_t total = 0;
  for (auto &state : states) {
    int64_t bytes = state->bytes();
    total = ast::saturatingAdd(total, bytes);
    if (bytes > kModelLimit) {
      diags.report(state->model.loc, diag::ModelTooLarge)
          << state->model.name << std::to_string(state->model.numParams)
          << std::to_string(bytes);
      ok = false;
    }
  }
  if (!ok)
    return false;
  bool heap = total > staticDataLimit;
  if (heap && !withMain) {
    // An object has no `run` to allocate the block; loading weights into objects is the
    // embedding work's.
    for (const ast::Export *exp : ctx.program.exports)
      diags.report(exp->loc, diag::NotSupportedByCodegen)
          << "exporting a model whose parameters and optimizer state pass the static data limit (1 GiB)";
    if (!ctx.program.exports.empty())
      return false;
  }
  for (auto &state : states)
    state->emitStorage(heap);
  return true;
}

std::string lepton::PipelineGen::checkpointSignature() const {
  std::string signature;
  for (auto &state : states)
    signature += (signature.empty() ? "" : ";") + state->signature();
  return signature;
}

void lepton::PipelineGen::emitLoadFunctions() {
  // An object reads the checkpoint the executable writes (createTensorSet); int8 state is required where the
  // exports compute with it.
  std::vector<CheckpointTensor> tensors;
  for (auto &state : states)
    state->appendCheckpointTensors(tensors, multiModel() ? state->model.name + "." : "",
                                   firstTrainerOf(*state).quantized());
  // Derived weights the object computes after a load, and leptonc for --weights (InputFoldGen.cpp).
  std::vector<InputFoldTensors> folds;
  for (auto &state : states)
    if (const auto &fold = firstTrainerOf(*state).inputFold()) {
      std::string namePrefix = multiModel() ? state->model.name + "." : "";
      InputFoldTensors f{firstTrainerOf(*state).symbol("fold_input"),
                         namePrefix + fold->weight->name,
                         fold->bias ? namePrefix + fold->bias->name : "",
                         state->globalOf(fold->weightName()),
                         fold->foldsBias ? state->globalOf(fold->biasName()) : "",
                         fold->rows,
                         fold->cols,
                         fold->scale,
                         fold->shift};
      folds.push_back(std::move(f));
    }
  ctx.loc = ctx.locOf(ctx.program.pipelineLoc);
  ObjectApiGen(ctx, checkpointSignature(), std::move(tensors), std::move(folds)).emitLoadFunctions();
}

mlir::Value lepton::PipelineGen::createTensorSet() {
  // The checkpoint holds every model; with several, each tensor's name starts `<model>.` and
  // the signature lists every model's (a one-model checkpoint is unchanged).
  Value set = ctx.call(RuntimeFn::lepton_tensor_set_create, {ctx.string(checkpointSignature())});
  for (auto &state : states)
    state->addToTensorSet(set, multiModel() ? state->model.name + "." : "");
  return set;
}

void lepton::PipelineGen::generate(bool withMain) {
  // An executable has the whole program unless its data needs a host; an object leaves it out unless it does
  // (then the host runs it through <p>_main), as for agents on an extern env.
  std::vector<const ast::Dataset *> hostData;
  for (auto &trainer : trainers)
    for (const ast::DataFlow *flow : {&trainer->train.data, &trainer->train.validation})
      if (const ast::Dataset *root = externRoot(flow->dataset))
        if (!llvm::is_contained(hostData, root))
          hostData.push_back(root);
  bool hosted = !hostData.empty();
  for (auto &state : states)
    state->emitInit();
  for (auto &trainer : trainers)
    trainer->emitStepFunctions();
  for (const ast::Export *exp : ctx.program.exports)
    for (auto &state : states)
      if (&state->model == exp->model) {
        firstTrainerOf(*state).emitExport(*exp);
        break;
      }
  if (!withMain)
    emitLoadFunctions();
  if (hosted && withMain) {
    ctx.loc = ctx.locOf(hostData.front()->loc);
    emitDatasetNeedsHost(ctx, *hostData.front());
    return;
  }
  if (!withMain && !hosted)
    return;
  for (const ast::Dataset *data : hostData)
    emitExternDatasetRegistration(ctx, *data);
  for (auto &trainer : trainers) {
    trainer->emitTrain();
    trainer->emitPredictSamples();
  }
  for (auto &state : states)
    if (firstTrainerOf(*state).quantized())
      firstTrainerOf(*state).emitQuantizeFromTrainingData();
  emitRun();
  emitPredict();
  emitMain(/*exported=*/hosted);
}
