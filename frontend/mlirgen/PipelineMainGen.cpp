// PipelineMainGen.cpp — the program around the train blocks: run, predict and main.
#include "frontend/mlirgen/PipelineGen.h"

#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

namespace {
/// `values` (pointers) in a stack array, for runtime functions that take `T *const *`.
Value pointerArray(lepton::GenContext &ctx, ArrayRef<Value> values) {
  OpBuilder &b = ctx.b;
  auto type = MemRefType::get({static_cast<int64_t>(values.size())}, b.getI64Type());
  Value array = memref::AllocaOp::create(b, ctx.loc, type);
  for (auto [i, v] : llvm::enumerate(values)) {
    Value asInt = LLVM::PtrToIntOp::create(b, ctx.loc, b.getI64Type(), v);
    memref::StoreOp::create(b, ctx.loc, asInt, array, ValueRange{ctx.index(i)});
  }
  return ctx.pointer(array);
}
} // namespace

void lepton::PipelineGen::emitRun() {
  OpBuilder &b = ctx.b;
  ctx.loc = ctx.locOf(ctx.program.pipelineLoc);
  func::FuncOp fn =
      ctx.beginFunction(ctx.symbol("run"), {ctx.ptrType()}, {b.getI32Type()}, /*isPublic=*/false);
  Value cli = fn.getArgument(0);
  Value epochsFlag = ctx.call(RuntimeFn::lepton_cli_int, {cli, ctx.string("epochs")});
  Value seedFlag = ctx.call(RuntimeFn::lepton_cli_int, {cli, ctx.string("seed")});
  Value quiet = ctx.call(RuntimeFn::lepton_cli_flag, {cli, ctx.string("quiet")});
  // --epochs and --seed apply to every block; without them each block uses its own (the
  // flags' defaults are the first block's, so one block needs no choice).
  auto perBlock = [&](Value flag, StringRef name, int64_t own) -> Value {
    if (trainers.size() == 1)
      return flag;
    Value given = ctx.call(RuntimeFn::lepton_cli_given, {cli, ctx.string(name)});
    Value isGiven = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::ne, given, ctx.i32(0));
    return arith::SelectOp::create(b, ctx.loc, isGiven, flag, ctx.i64(own));
  };
  SmallVector<Value> epochs, seeds;
  for (auto &trainer : trainers) {
    epochs.push_back(perBlock(epochsFlag, "epochs", trainer->train.epochs));
    seeds.push_back(perBlock(seedFlag, "seed", trainer->train.seed));
  }

  // Memory first (a heap model that does not fit exits 5 before any work), then parameters
  // initialised from their first block's seed, or (--load) from a checkpoint.
  for (auto &state : states)
    state->emitAllocate();
  for (auto &state : states) {
    size_t block = 0;
    for (size_t i = 0; i < trainers.size(); ++i)
      if (&trainers[i]->state == state.get()) {
        block = i;
        break;
      }
    func::CallOp::create(b, ctx.loc, state->initSymbol(), TypeRange{}, ValueRange{seeds[block]});
  }
  Value tensors = createTensorSet();
  Value loadPath = ctx.cliString(cli, "load");
  ctx.ifNonNull(loadPath, [&] { ctx.call(RuntimeFn::lepton_checkpoint_load, {tensors, loadPath}); });

  // --quiet: results only. --json -: stdout carries the JSON, so progress goes to stderr.
  Value jsonPath = ctx.cliString(cli, "json");
  Value isQuiet = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::ne, quiet, ctx.i32(0));
  Value quietBit = ctx.i32(LEPTON_PROGRESS_QUIET), noBit = ctx.i32(0);
  Value quietFlag = arith::SelectOp::create(b, ctx.loc, isQuiet, quietBit, noBit);
  Value jsonToStdout = ctx.call(RuntimeFn::lepton_is_stdout_path, {jsonPath});
  Value jsonOnStdout = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::ne, jsonToStdout, ctx.i32(0));
  Value stderrBit = ctx.i32(LEPTON_PROGRESS_STDERR);
  Value stderrFlag = arith::SelectOp::create(b, ctx.loc, jsonOnStdout, stderrBit, ctx.i32(0));
  Value flags = arith::OrIOp::create(b, ctx.loc, quietFlag, stderrFlag);

  // The train blocks, in file order.
  SmallVector<Value> progress;
  for (auto [i, trainer] : llvm::enumerate(trainers))
    progress.push_back(func::CallOp::create(b, ctx.loc, trainer->symbol("train"),
                                            TypeRange{ctx.ptrType()},
                                            ValueRange{cli, epochs[i], seeds[i], flags})
                           .getResult(0));
  // Inference's derived weights, from the weights as trained (or loaded): an object hosting this run exports them.
  emitFoldInputs();

  // Outputs: the checkpoint (--save, else the file's first `save:`), then the reports.
  Value savePath = ctx.cliString(cli, "save");
  for (auto &trainer : trainers) {
    if (trainer->train.savePath.empty())
      continue;
    Value isNull = LLVM::ICmpOp::create(b, ctx.loc, LLVM::ICmpPredicate::eq, savePath, ctx.null());
    savePath = arith::SelectOp::create(b, ctx.loc, isNull, ctx.string(trainer->train.savePath),
                                       savePath);
    break;
  }
  ctx.ifNonNull(savePath,
                [&] { ctx.call(RuntimeFn::lepton_checkpoint_save, {tensors, savePath}); });
  SmallVector<Value> settings, titles, layers;
  for (auto [i, trainer] : llvm::enumerate(trainers)) {
    settings.push_back(ctx.call(RuntimeFn::lepton_settings_json,
                                {ctx.string(trainer->settingsFields()), epochs[i], seeds[i]}));
    titles.push_back(ctx.string(trainer->reportTitle()));
    layers.push_back(ctx.string(trainer->state.layersText()));
  }
  Value reportPath = ctx.cliString(cli, "report");
  if (trainers.size() == 1) {
    ctx.ifNonNull(jsonPath, [&] {
      ctx.call(RuntimeFn::lepton_progress_write_json, {progress[0], jsonPath, settings[0]});
    });
    ctx.ifNonNull(reportPath, [&] {
      ctx.call(RuntimeFn::lepton_progress_write_html,
               {progress[0], reportPath, titles[0], settings[0], layers[0]});
    });
  } else {
    Value n = ctx.i64(trainers.size());
    ctx.ifNonNull(jsonPath, [&] {
      ctx.call(RuntimeFn::lepton_progress_write_json_blocks,
               {pointerArray(ctx, progress), pointerArray(ctx, settings), n, jsonPath});
    });
    ctx.ifNonNull(reportPath, [&] {
      ctx.call(RuntimeFn::lepton_progress_write_html_blocks,
               {pointerArray(ctx, progress), pointerArray(ctx, titles),
                pointerArray(ctx, settings), pointerArray(ctx, layers), n, reportPath,
                ctx.string(ctx.program.pipelineName)});
    });
  }
  for (auto [p, s] : llvm::zip(progress, settings)) {
    ctx.call(RuntimeFn::lepton_string_free, {s});
    ctx.call(RuntimeFn::lepton_progress_free, {p});
  }
  ctx.call(RuntimeFn::lepton_tensor_set_free, {tensors});
  func::ReturnOp::create(b, ctx.loc, ctx.i32(0));
}

void lepton::PipelineGen::emitFoldInputs() {
  for (auto &state : states)
    if (firstTrainerOf(*state).inputFold())
      func::CallOp::create(ctx.b, ctx.loc, firstTrainerOf(*state).symbol("fold_input"), TypeRange{}, ValueRange{});
}

void lepton::PipelineGen::emitPredict() {
  // predict(cli): `./model predict --load F --input F --output F [--model NAME]`; with several
  // models, --model chooses (the runtime reports a missing or unknown name, exit 1).
  OpBuilder &b = ctx.b;
  ctx.loc = ctx.locOf(ctx.program.pipelineLoc);
  func::FuncOp fn = ctx.beginFunction(ctx.symbol("predict"), {ctx.ptrType()}, {b.getI32Type()},
                                      /*isPublic=*/false);
  Value cli = fn.getArgument(0);
  for (auto &state : states)
    state->emitAllocate();
  Value set = createTensorSet();
  ctx.call(RuntimeFn::lepton_checkpoint_load, {set, ctx.cliString(cli, "load")});
  // int8 models: a checkpoint without int8 state (an f32 build's) is calibrated and quantized here,
  // from the training data, as after training.
  bool anyQuantized = llvm::any_of(trainers, [](auto &t) { return t->quantized(); });
  if (anyQuantized) {
    Value loaded = ctx.call(RuntimeFn::lepton_tensor_set_derived_loaded, {set});
    Value missing = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, loaded, ctx.i32(0));
    auto branch = scf::IfOp::create(b, ctx.loc, missing, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    for (auto &state : states) {
      SupervisedTrainer &trainer = firstTrainerOf(*state);
      if (trainer.quantized())
        func::CallOp::create(b, ctx.loc, trainer.symbol("quantize_from_training_data"), TypeRange{},
                             ValueRange{});
    }
  }
  emitFoldInputs();
  auto predictWith = [&](ModelState &state) {
    func::CallOp::create(b, ctx.loc, firstTrainerOf(state).symbol("predict_samples"), TypeRange{},
                         ValueRange{cli});
  };
  if (!multiModel()) {
    predictWith(*states.front());
  } else {
    std::string names;
    for (auto &state : states)
      names += (names.empty() ? "" : ",") + state->model.name;
    Value choice = ctx.call(RuntimeFn::lepton_cli_choice, {cli, ctx.string("model"),
                                                           ctx.string(names)});
    for (auto [k, state] : llvm::enumerate(states)) {
      Value isK = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, choice,
                                        ctx.i32(k));
      auto branch = scf::IfOp::create(b, ctx.loc, isK, /*withElseRegion=*/false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      predictWith(*state);
    }
  }
  ctx.call(RuntimeFn::lepton_tensor_set_free, {set});
  func::ReturnOp::create(b, ctx.loc, ctx.i32(0));
}

void lepton::PipelineGen::emitMain(bool exported) {
  // int main(int argc, char **argv): flags first, then training or `predict`; --help exits 0,
  // bad flags 1 (the runtime's CLI reports them). Exported (a host supplies extern datasets):
  // int32_t p_main(int32_t argc, char **argv), leaving signals and threads to the host.
  OpBuilder &b = ctx.b;
  ctx.loc = ctx.locOf(ctx.program.pipelineLoc);
  func::FuncOp fn = ctx.beginFunction(exported ? ctx.exportSymbol("main") : "main", {b.getI32Type(), ctx.ptrType()},
                                      {b.getI32Type()}, /*isPublic=*/true);
  if (exported) {
    fn->setAttr("lepton.c_doc",
                b.getStringAttr("Runs the program's command line (training, predict, --save, --load, --json, ...; "
                                "docs/abi.md) on the\nregistered datasets, as the executable's main would; argv[0] is "
                                "the program name. Returns the exit code\n(0 after success); a failure is reported "
                                "through the runtime's error handler, whose default prints\nit and exits the process "
                                "(lepton_set_error_handler)."));
    fn.setArgAttr(0, "lepton.c_name", b.getStringAttr("argc"));
    fn.setArgAttr(1, "lepton.c_name", b.getStringAttr("argv"));
    fn.setArgAttr(1, "lepton.c_type", b.getStringAttr("char **"));
  }
  const ast::Train &first = trainers.front()->train;
  std::string summary = "Trains model '" + first.model->name + "' of pipeline '" +
                        ctx.program.pipelineName + "' (compiled by leptonc).";
  std::string models;
  if (multiModel()) {
    for (auto &state : states)
      models += (models.empty() ? "" : ", ") + state->model.name;
    summary = "Trains models " + models + " of pipeline '" + ctx.program.pipelineName +
              "' (compiled by leptonc).";
  }
  if (!exported) // Ctrl-C: exit 130, no half-written file; a host decides about its own signals
    ctx.call(RuntimeFn::lepton_handle_interrupts, {});
  Value cli = ctx.call(RuntimeFn::lepton_cli_create, {ctx.string(summary)});
  ctx.call(RuntimeFn::lepton_cli_add_trainer_options,
           {cli, ctx.i64(first.epochs), ctx.i64(first.seed)});
  if (multiModel())
    ctx.call(RuntimeFn::lepton_cli_add_string,
             {cli, ctx.string("model"), ctx.null(), ctx.string("NAME"),
              ctx.string("predict: the model to use (" + models + ")")});
  if (!exported) // a host's own thread settings are left alone
    ctx.addThreadsOption(cli);
  Value rc = ctx.call(RuntimeFn::lepton_cli_parse, {cli, fn.getArgument(0), fn.getArgument(1)});
  Value parsed = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, rc, ctx.i32(0));
  auto branch = scf::IfOp::create(b, ctx.loc, TypeRange{b.getI32Type()}, parsed, /*else=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    if (!exported)
      ctx.applyThreadsOption(cli);
    // The only command is `predict`; without one, the program trains.
    Value command = ctx.call(RuntimeFn::lepton_cli_command, {cli});
    Value isPredict =
        LLVM::ICmpOp::create(b, ctx.loc, LLVM::ICmpPredicate::ne, command, ctx.null());
    auto mode = scf::IfOp::create(b, ctx.loc, TypeRange{b.getI32Type()}, isPredict, /*else=*/true);
    for (auto [block, name] : {std::pair{mode.thenBlock(), "predict"},
                               std::pair{mode.elseBlock(), "run"}}) {
      b.setInsertionPointToStart(block);
      Value code = func::CallOp::create(b, ctx.loc, ctx.symbol(name), TypeRange{b.getI32Type()},
                                        ValueRange{cli})
                       .getResult(0);
      scf::YieldOp::create(b, ctx.loc, code);
    }
    b.setInsertionPointAfter(mode);
    scf::YieldOp::create(b, ctx.loc, mode.getResult(0));
    b.setInsertionPointToStart(branch.elseBlock());
    Value help = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, rc, ctx.i32(-1));
    scf::YieldOp::create(b, ctx.loc,
                         Value(arith::SelectOp::create(b, ctx.loc, help, ctx.i32(0), rc)));
  }
  ctx.call(RuntimeFn::lepton_cli_free, {cli});
  func::ReturnOp::create(b, ctx.loc, branch.getResult(0));
}
