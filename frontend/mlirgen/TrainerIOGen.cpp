// TrainerIOGen.cpp — what a train block contributes to reports and to the `predict` command.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <charconv>

using namespace mlir;

std::string lepton::SupervisedTrainer::settingsFields() const {
  // Names are identifiers (no characters JSON would need to escape).
  const char *optimizerName = "adam";
  switch (train.optimizer.kind) {
  case OptimizerKind::Sgd: optimizerName = "sgd"; break;
  case OptimizerKind::Adam: optimizerName = "adam"; break;
  case OptimizerKind::AdamW: optimizerName = "adamw"; break;
  case OptimizerKind::RmsProp: optimizerName = "rmsprop"; break;
  }
  auto str = [](const std::string &s) { return "\"" + s + "\""; };
  const char *lossName = "cross_entropy";
  switch (train.loss) {
  case LossKind::CrossEntropy: break;
  case LossKind::Mse: lossName = "mse"; break;
  case LossKind::Huber: lossName = "huber"; break;
  case LossKind::BinaryCrossEntropy: lossName = "binary_cross_entropy"; break;
  }
  // The learning rate as written (0.001, 2.5e-4): the shortest text that reads back as the same
  // double, not std::to_string's fixed six decimals (0.001000, and 0.000000 for 1e-7).
  char lr[32];
  std::string lrText(lr, std::to_chars(lr, lr + sizeof lr, train.optimizer.lr).ptr);
  const ast::Model &model = state.model;
  std::string fields = "\"pipeline\": " + str(ctx.program.pipelineName) +
                       ", \"model\": " + str(model.name) +
                       ", \"parameters\": " + std::to_string(model.numParams) +
                       ", \"loss\": " + str(lossName) + ", \"optimizer\": " + str(optimizerName) +
                       ", \"learning_rate\": " + lrText +
                       ", \"batch\": " + std::to_string(batch) +
                       ", \"train_data\": " + str(train.data.dataset->name);
  if (train.hasValidation)
    fields += ", \"validation_data\": " + str(train.validation.dataset->name);
  return fields;
}

std::string lepton::SupervisedTrainer::reportTitle() const {
  return ctx.program.pipelineName + ": training " + state.model.name;
}

void lepton::SupervisedTrainer::emitPredictSamples() {
  // predict_samples(cli): `predict --input F`'s samples go through the training data's
  // preprocessing, then the model; the runtime writes class and probabilities to --output. The
  // caller has loaded the checkpoint. The output is opened only once the input has been read.
  ctx.loc = loc;
  // The last batch's rows, one at a time; with int8, both paths are the int8 model's.
  // With the preprocessing folded into the first layer (inputFold()), the raw values go in.
  std::string batchFn = quantized() ? "predict_batch_int8" : fold ? "predict_batch_folded" : "predict_batch";
  std::string rowFn = quantized() ? "predict_row_int8" : fold ? "predict_row_folded" : "predict_row";
  emitInference(rowFn, 1, /*stackScratch=*/true, quantized(), fold.has_value());
  if (fold)
    emitInference(batchFn, batch, /*stackScratch=*/false, /*int8=*/false, /*foldedInput=*/true);
  func::FuncOp fn = ctx.beginFunction(symbol("predict_samples"), {ctx.ptrType()}, {},
                                      /*isPublic=*/false);
  Value cli = fn.getArgument(0);
  const ast::Dataset &data = *train.data.dataset;
  Value shape = ctx.shapeArray(data.sampleShape);
  // Missing values are read as such when the training flow fills them (predict runs that flow).
  bool fills = llvm::any_of(train.data.steps, [](const ast::FlowStep &s) {
    return s.transform->kind == TransformKind::FillMissing;
  });
  Value samples = ctx.call(RuntimeFn::lepton_dataset_load_samples_as,
                           {ctx.cliString(cli, "input"), ctx.pointer(shape),
                            ctx.i32(data.sampleShape.size()),
                            ctx.i32(fills ? LEPTON_CSV_ALLOW_MISSING : 0)});
  int32_t kind = targets == Targets::Regression ? LEPTON_PREDICT_VALUES
                 : targets == Targets::Binary   ? LEPTON_PREDICT_BINARY
                                                : LEPTON_PREDICT_CLASSES;
  Value writer = ctx.call(RuntimeFn::lepton_predictions_open_as,
                          {ctx.cliString(cli, "output"), ctx.i64(numOutputs), ctx.i32(kind)});
  BatchBuffers buf;
  buf.x = ctx.zeroedBuffer(inputBuffer);
  buf.raw = crops ? ctx.zeroedBuffer(flowBuffer) : buf.x;
  if (!fold) // the folded model reads raw floats
    buf.bytes = ctx.zeroedBuffer(MemRefType::get(flowBuffer.getShape(), b.getI8Type()));
  buf.logits = ctx.zeroedBuffer(logitsBuffer);
  Type f32 = b.getF32Type();
  Value rowX = ctx.zeroedBuffer(MemRefType::get({1, sampleSize}, f32));
  Value rowY = ctx.zeroedBuffer(MemRefType::get({1, numOutputs}, f32));
  Value count = ctx.call(RuntimeFn::lepton_dataset_count, {samples});
  forEachBatch(count, [&](Value start, Value size) {
    loadBatch(samples, ctx.null(), start, size, buf, fold ? "" : "preprocess");
    // A full batch through the batch-sized model; the last, shorter one row by row (results equal
    // the batch path's bit for bit: every output sums in the same order), so the model computes
    // exactly the input's samples, not the padding of a whole batch.
    wholeOrRowByRow(
        size, [&] { func::CallOp::create(b, loc, symbol(batchFn), TypeRange{}, ValueRange{buf.x, buf.logits}); },
        [&](Value i) {
          memref::CopyOp::create(b, loc, rowOf(buf.x, i, sampleSize), rowX);
          func::CallOp::create(b, loc, symbol(rowFn), TypeRange{}, ValueRange{rowX, rowY});
          memref::CopyOp::create(b, loc, rowY, rowOf(buf.logits, i, numOutputs));
        });
    ctx.call(RuntimeFn::lepton_predictions_write,
             {writer, ctx.pointer(buf.logits), size, ctx.i64(numOutputs)});
  });
  ctx.call(RuntimeFn::lepton_predictions_close, {writer});
  ctx.call(RuntimeFn::lepton_dataset_free, {samples});
  func::ReturnOp::create(b, loc);
}
