// TrainerIOGen.cpp — what surrounds training in a generated trainer: checkpoints, reports, predict.
#include "frontend/mlirgen/TrainerGen.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <algorithm>

using namespace mlir;

namespace {
/// A layer as the checkpoint signature and the report name it: `dense(128,relu)[128]`.
std::string describeLayer(const lepton::ast::Layer &layer, bool forSignature) {
  std::string text = layer.call ? layer.call->callee : "layer";
  if (layer.kind == lepton::LayerKind::Dense) {
    text += "(" + std::to_string(layer.units);
    if (layer.activation != lepton::Activation::Linear)
      text += forSignature ? "," : ", ";
    switch (layer.activation) {
    case lepton::Activation::Linear: break;
    case lepton::Activation::Relu: text += "relu"; break;
    case lepton::Activation::Sigmoid: text += "sigmoid"; break;
    case lepton::Activation::Tanh: text += "tanh"; break;
    case lepton::Activation::LeakyRelu: text += "leaky_relu"; break;
    case lepton::Activation::Softmax: text += "softmax"; break;
    }
    if (!layer.bias)
      text += forSignature ? ",nobias" : ", bias: false";
    text += ")";
  } else if (layer.kind == lepton::LayerKind::Dropout) {
    text += "(" + std::to_string(layer.rate).substr(0, 6) + ")";
  }
  return text;
}
} // namespace

std::string lepton::TrainerGen::architectureSignature() const {
  // Everything that decides which tensors a checkpoint holds and what they mean.
  std::string sig = program.pipelineName + ":" + model.name + ":f32" +
                    ast::formatShape(model.input.shape);
  for (const ast::Layer &layer : model.layers)
    sig += ">" + describeLayer(layer, /*forSignature=*/true);
  sig.erase(std::remove(sig.begin(), sig.end(), ' '), sig.end());
  return sig;
}

std::string lepton::TrainerGen::layersText() const {
  std::string text;
  for (const ast::Layer &layer : model.layers)
    text += describeLayer(layer, /*forSignature=*/false) + "  " +
            ast::formatShape(layer.inputShape) + " -> " + ast::formatShape(layer.outputShape) +
            "  " + std::to_string(layer.numParams) + " parameters\n";
  text += "total: " + std::to_string(model.numParams) + " trainable parameters";
  return text;
}

std::string lepton::TrainerGen::settingsFields() const {
  // Names are identifiers (no characters JSON would need to escape).
  const char *optimizer = "adam";
  switch (train.optimizer.kind) {
  case OptimizerKind::Sgd: optimizer = "sgd"; break;
  case OptimizerKind::Adam: optimizer = "adam"; break;
  case OptimizerKind::AdamW: optimizer = "adamw"; break;
  case OptimizerKind::RmsProp: optimizer = "rmsprop"; break;
  }
  auto str = [](const std::string &s) { return "\"" + s + "\""; };
  std::string fields = "\"pipeline\": " + str(program.pipelineName) +
                       ", \"model\": " + str(model.name) +
                       ", \"parameters\": " + std::to_string(model.numParams) +
                       ", \"loss\": \"cross_entropy\", \"optimizer\": " + str(optimizer) +
                       ", \"learning_rate\": " + std::to_string(train.optimizer.lr) +
                       ", \"batch\": " + std::to_string(batch) +
                       ", \"train_data\": " + str(train.data.dataset->name);
  if (train.hasValidation)
    fields += ", \"validation_data\": " + str(train.validation.dataset->name);
  return fields;
}

void lepton::TrainerGen::ifNonNull(Value pointer, function_ref<void()> body) {
  Value given = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, pointer, runtime.null(loc));
  auto branch = scf::IfOp::create(b, loc, given, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(branch.thenBlock());
  body();
}

Value lepton::TrainerGen::cliString(Value cli, StringRef name) {
  return runtime.call(loc, "lepton_cli_string", runtime.ptrType(),
                      {cli, runtime.string(loc, name)});
}

Value lepton::TrainerGen::shapeArray(ArrayRef<int64_t> shape) {
  auto type = MemRefType::get({static_cast<int64_t>(shape.size())}, b.getI64Type());
  Value array = memref::AllocaOp::create(b, loc, type);
  for (auto [i, d] : llvm::enumerate(shape))
    memref::StoreOp::create(b, loc, i64(d), array, ValueRange{index(i)});
  return array;
}

Value lepton::TrainerGen::createTensorSet() {
  Value set = runtime.call(loc, "lepton_tensor_set_create", runtime.ptrType(),
                           {runtime.string(loc, architectureSignature())});
  for (const Parameter &param : params) {
    Value dims = shapeArray(param.shape);
    runtime.call(loc, "lepton_tensor_set_add", b.getI32Type(),
                 {set, runtime.string(loc, param.name),
                  runtime.pointer(loc, globalBuffer(param.name)), i32(param.shape.size()),
                  runtime.pointer(loc, dims)});
  }
  return set;
}

void lepton::TrainerGen::emitPredict() {
  // p_predict(cli): `./model predict --load F --input F --output F`. Samples go through the
  // training data's preprocessing, then the model; the runtime writes class and probabilities.
  func::FuncOp fn =
      beginFunction(symbol("predict"), {runtime.ptrType()}, {b.getI32Type()}, /*isPublic=*/false);
  Value cli = fn.getArgument(0);
  Value set = createTensorSet();
  runtime.call(loc, "lepton_checkpoint_load", b.getI32Type(), {set, cliString(cli, "load")});
  const ast::Dataset &data = *train.data.dataset;
  Value shape = shapeArray(data.sampleShape);
  Value samples = runtime.call(loc, "lepton_dataset_load_samples", runtime.ptrType(),
                               {cliString(cli, "input"), runtime.pointer(loc, shape),
                                i32(data.sampleShape.size())});
  Value writer = runtime.call(loc, "lepton_predictions_open", runtime.ptrType(),
                              {cliString(cli, "output"), i64(outputs)});
  Value x = zeroedBuffer(inputBuffer);
  Value logits = zeroedBuffer(logitsBuffer);
  Value count = runtime.call(loc, "lepton_dataset_count", b.getI64Type(), {samples});
  forEachBatch(count, [&](Value start, Value size) {
    loadBatch(samples, runtime.null(loc), start, size, x, runtime.null(loc), "preprocess");
    func::CallOp::create(b, loc, symbol("predict_batch"), TypeRange{}, ValueRange{x, logits});
    runtime.call(loc, "lepton_predictions_write", b.getI32Type(),
                 {writer, runtime.pointer(loc, logits), size, i64(outputs)});
  });
  runtime.call(loc, "lepton_predictions_close", b.getI32Type(), {writer});
  runtime.call(loc, "lepton_dataset_free", Type(), {samples});
  runtime.call(loc, "lepton_tensor_set_free", Type(), {set});
  func::ReturnOp::create(b, loc, i32(0));
}
