// TrainStepGen.cpp — the tensor side of a train block: loss, train step, batch prediction, preprocess.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "frontend/Diagnostics.h"
#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

bool lepton::checkSupervisedSupported(const ast::Train &train, DiagnosticEngine &diags) {
  bool ok = checkLayersSupported(*train.model, diags);
  auto unsupported = [&](const Location &where, const std::string &what) {
    diags.report(where, diag::NotSupportedByCodegen) << what;
    ok = false;
  };
  auto checkFlow = [&](const ast::DataFlow &flow) {
    for (const ast::FlowStep &step : flow.steps) {
      using K = TransformKind;
      switch (step.transform->kind) {
      case K::Scale:
      case K::Normalize:
      case K::Clip:
      case K::Flatten:
      case K::Reshape:
      case K::OneHot:
      case K::Standardize:
      case K::MinMax:
      case K::FillMissing:
      case K::DropMissing:
        break;
      default:
        unsupported(step.transform->loc, "this preprocessing step");
      }
    }
  };
  checkFlow(train.data);
  if (train.hasValidation) {
    checkFlow(train.validation);
    // Statistics come from the training data: a validation flow may only reuse its steps.
    for (const ast::FlowStep &step : train.validation.steps) {
      TransformKind k = step.transform->kind;
      bool fromData = k == TransformKind::Standardize || k == TransformKind::MinMax ||
                      (k == TransformKind::FillMissing && step.transform->fill == FillMode::Mean);
      bool shared = llvm::any_of(train.data.steps, [&](const ast::FlowStep &s) {
        return s.transform == step.transform;
      });
      if (fromData && !shared)
        unsupported(step.transform->loc,
                    "a statistics step in the validation data that the training data lacks");
    }
  }
  return ok;
}

lepton::SupervisedTrainer::SupervisedTrainer(GenContext &ctx, const ast::Train &train,
                                             ModelState &state, std::string tag)
    : train(train), state(state), ctx(ctx), b(ctx.b), tag(tag), loc(ctx.locOf(train.loc)),
      modelGen(state.model, ctx.b), optimizer(ctx, state, train.optimizer, tag) {
  const ast::Model &model = state.model;
  batch = train.batch;
  sampleSize = ast::numElements(model.input.shape);
  flowSize = ast::numElements(train.data.sampleShape);
  if (train.augmentation) {
    // Only a crop to another size needs the separate buffer (one to the same size is a move).
    ast::Shape shape = train.data.sampleShape;
    for (const ast::Augmentation &a : train.augmentation->steps)
      if (a.kind == AugmentationKind::RandomCrop && (a.size != shape[0] || a.size != shape[1])) {
        crops = true;
        shape[0] = shape[1] = a.size;
      }
  }
  numOutputs = ast::numElements(model.output.shape);
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  inputType = RankedTensorType::get({batch, sampleSize}, f32);
  labelsType = RankedTensorType::get({batch}, i32);
  weightsType = RankedTensorType::get({batch}, f32);
  logitsType = RankedTensorType::get({batch, numOutputs}, f32);
  inputBuffer = MemRefType::get({batch, sampleSize}, f32);
  flowBuffer = MemRefType::get({batch, flowSize}, f32);
  labelsBuffer = MemRefType::get({batch}, i32);
  weightsBuffer = MemRefType::get({batch}, f32);
  logitsBuffer = MemRefType::get({batch, numOutputs}, f32);
  const ast::Dataset &data = *train.data.dataset;
  switch (train.loss) {
  case LossKind::CrossEntropy: targets = Targets::ClassIndex; break;
  case LossKind::BinaryCrossEntropy: targets = Targets::Binary; targetWidth = 1; break;
  case LossKind::Mse:
  case LossKind::Huber:
    targets = data.classes > 0 ? Targets::OneHot : Targets::Regression;
    targetWidth = numOutputs; // the front end checked the targets' width against it
    break;
  }
  if (targets != Targets::ClassIndex) {
    targetType = RankedTensorType::get({batch, targetWidth}, f32);
    targetBuffer = MemRefType::get({batch, targetWidth}, f32);
  }
  for (auto [k, step] : llvm::enumerate(train.data.steps)) {
    const ast::Transform &t = *step.transform;
    std::string base = tag + "preprocess" + std::to_string(k) + "_";
    if (t.kind == TransformKind::Standardize)
      statSteps.push_back({&t, k, base + "mean", base + "std"});
    else if (t.kind == TransformKind::MinMax)
      statSteps.push_back({&t, k, base + "min", base + "max"});
    else if (t.kind == TransformKind::FillMissing && t.fill == FillMode::Mean)
      statSteps.push_back({&t, k, base + "mean", ""});
  }
  for (const StatStep &s : statSteps)
    for (const std::string &name : {s.first, s.second})
      if (!name.empty())
        state.addCheckpointTensor(name, {flowSize});
  if (ctx.program.target && ctx.program.target->quantize)
    state.addInt8State();
}

const lepton::SupervisedTrainer::StatStep *
lepton::SupervisedTrainer::statStepFor(const ast::Transform *t) const {
  for (const StatStep &s : statSteps)
    if (s.transform == t)
      return &s;
  return nullptr;
}

Value lepton::SupervisedTrainer::lossOp(Value outputs, Value target, Value weights) {
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  switch (train.loss) {
  case LossKind::CrossEntropy:
    return SoftmaxCrossEntropyOp::create(b, loc, scalar, outputs, target, weights);
  case LossKind::Mse: return MseOp::create(b, loc, scalar, outputs, target, weights);
  case LossKind::Huber:
    return HuberOp::create(b, loc, scalar, outputs, target, weights, b.getF32FloatAttr(1.0f));
  case LossKind::BinaryCrossEntropy:
    return BinaryCrossEntropyOp::create(b, loc, scalar, outputs, target, weights);
  }
  return Value();
}

void lepton::SupervisedTrainer::emitStepFunctions() {
  ctx.loc = loc;
  emitLossFunction();
  emitTrainStep();
  emitPredictBatch();
  if (targets == Targets::OneHot || targets == Targets::Binary)
    emitMakeTargets();
  if (targets != Targets::ClassIndex)
    emitEvalLoss();
  emitPreprocess("preprocess", train.data);
  emitPreprocess("preprocess_bytes", train.data, SIZE_MAX, 0, /*fromBytes=*/true);
  if (train.augmentation)
    emitAugment();
  if (crops)
    emitCenterCrop();
  if (train.hasValidation) {
    emitPreprocess("preprocess_validation", train.validation);
    emitPreprocess("preprocess_validation_bytes", train.validation, SIZE_MAX, 0, /*fromBytes=*/true);
  }
  if (!statSteps.empty())
    emitStatistics();
  if (quantized())
    emitQuantizeFunctions();
  if (fold)
    emitFoldInput();
}

void lepton::SupervisedTrainer::emitLossFunction() {
  SmallVector<Type> args;
  for (const Parameter &param : state.parameters())
    args.push_back(RankedTensorType::get(param.shape(), b.getF32Type()));
  args.append({inputType, targets == Targets::ClassIndex ? labelsType : targetType, weightsType,
               b.getI64Type()});
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  func::FuncOp fn = ctx.beginFunction(symbol("loss"), args, {scalar}, /*isPublic=*/false);
  unsigned n = state.parameters().size();
  ValueRange paramArgs = fn.getArguments().take_front(n);
  ForwardExtras extras;
  extras.rowWeights = fn.getArgument(n + 2);
  Value logits = modelGen.forward(fn.getArgument(n), paramArgs, /*training=*/true,
                                  fn.getArgument(n + 3), extras);
  Value loss = lossOp(logits, fn.getArgument(n + 1), fn.getArgument(n + 2));
  loss = modelGen.addRegularizers(loss, paramArgs);
  func::ReturnOp::create(b, loc, loss);
}

void lepton::SupervisedTrainer::emitTrainStep() {
  bool classIndex = targets == Targets::ClassIndex;
  func::FuncOp fn = ctx.beginFunction(
      symbol("train_step"),
      {inputBuffer, classIndex ? labelsBuffer : targetBuffer, weightsBuffer, b.getF32Type(),
       b.getI64Type(), b.getI64Type(), logitsBuffer},
      {b.getF32Type()}, /*isPublic=*/true);
  Value lr = fn.getArgument(3), step = fn.getArgument(4), key = fn.getArgument(5);
  size_t n = state.parameters().size();

  SmallVector<Value> operands = state.parameterTensors(/*writable=*/true);
  SmallVector<Type> dataTypes{inputType, classIndex ? labelsType : targetType, weightsType};
  for (auto [arg, type] : llvm::zip(fn.getArguments().take_front(3), dataTypes))
    operands.push_back(
        bufferization::ToTensorOp::create(b, loc, type, arg, b.getUnitAttr(), UnitAttr()));
  operands.push_back(key);

  SmallVector<Type> resultTypes{RankedTensorType::get({}, b.getF32Type())};
  SmallVector<int64_t> wrt;
  for (size_t i = 0; i < n; ++i) {
    resultTypes.push_back(operands[i].getType());
    wrt.push_back(i);
  }
  auto grad = GradOp::create(b, loc, resultTypes,
                             FlatSymbolRefAttr::get(b.getContext(), symbol("loss")), operands,
                             b.getDenseI64ArrayAttr(wrt));

  // The batch's logits (before the update) for the training accuracy. Without dropout this
  // forward pass is the one lepton-autodiff inlines for the loss, and CSE merges the two. A model
  // with layer state (batchnorm) takes it in training mode, exactly the loss's forward pass, and
  // folds the batch statistics into the running ones.
  ValueRange params = ValueRange(operands).take_front(n);
  Value logits;
  if (!state.hasLayerState()) {
    logits = modelGen.forward(operands[n], params, /*training=*/false, Value());
  } else {
    SmallVector<BatchStatistics> stats;
    ForwardExtras extras;
    extras.rowWeights = operands[n + 2];
    extras.batchStatistics = &stats;
    logits = modelGen.forward(operands[n], params, /*training=*/true, key, extras);
    for (const BatchStatistics &s : stats) {
      SmallVector<std::string> names = state.layerStateNames(*s.layer);
      for (auto [name, batchValue] : llvm::zip(names, std::array<Value, 2>{s.mean, s.variance}))
        state.writeBack(runningAverage(state.tensor(name, /*writable=*/true), batchValue,
                                       s.layer->momentum),
                        name);
    }
  }
  auto keepLogits =
      bufferization::MaterializeInDestinationOp::create(b, loc, logits, fn.getArgument(6));
  keepLogits.setRestrict(true);
  keepLogits.setWritable(true);

  // The optimizer: new values are written back into the model state in place.
  optimizer.emitUpdate(params, grad.getGrads(), lr, step);
  Value loss = tensor::ExtractOp::create(b, loc, grad.getValue(), ValueRange{});
  func::ReturnOp::create(b, loc, loss);
}

Value lepton::SupervisedTrainer::runningAverage(Value running, Value batchValue, double momentum) {
  // momentum · running + (1 − momentum) · batch, per channel.
  auto type = cast<RankedTensorType>(running.getType());
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), b.getF32Type());
  AffineMap id = AffineMap::getMultiDimIdentityMap(1, b.getContext());
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{running, batchValue}, ValueRange{init},
      ArrayRef<AffineMap>{id, id, id}, ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &nb, mlir::Location l, ValueRange args) {
        auto c = [&](double v) {
          return arith::ConstantFloatOp::create(nb, l, nb.getF32Type(), APFloat(float(v)));
        };
        Value kept = arith::MulFOp::create(nb, l, args[0], c(momentum));
        Value fresh = arith::MulFOp::create(nb, l, args[1], c(1.0 - momentum));
        linalg::YieldOp::create(nb, l, ValueRange{arith::AddFOp::create(nb, l, kept, fresh)});
      });
  return op.getResult(0);
}

lepton::ForwardExtras lepton::SupervisedTrainer::inferenceExtras() {
  ForwardExtras extras;
  extras.layerState = [this](const ast::Layer &layer) {
    return state.layerState(layer, /*writable=*/false);
  };
  return extras;
}

void lepton::SupervisedTrainer::emitPredictBatch() { emitInference("predict_batch", batch, /*stackScratch=*/false); }

void lepton::SupervisedTrainer::emitInference(llvm::StringRef name, int64_t rows, bool stackScratch,
                                              bool int8, bool foldedInput) {
  // name(x, y): the model in evaluation mode on `rows` samples; y receives their outputs. With `foldedInput`,
  // x holds raw values and the first layer reads the weights with the preprocessing folded in (fold_input()).
  if (int8)
    return emitInt8Inference(name, rows, stackScratch);
  Type f32 = b.getF32Type();
  func::FuncOp fn = ctx.beginFunction(
      symbol(name), {MemRefType::get({rows, sampleSize}, f32), MemRefType::get({rows, numOutputs}, f32)}, {},
      /*isPublic=*/true);
  if (stackScratch) // codegen keeps its intermediate buffers on the stack (LoweringPipeline.cpp)
    fn->setAttr(lepton::kStackScratchAttr, b.getUnitAttr());
  SmallVector<Value> weights = state.parameterTensors(/*writable=*/false);
  if (foldedInput)
    for (auto [param, weight] : llvm::zip(state.parameters(), weights)) {
      if (&param == fold->weight)
        weight = state.tensor(fold->weightName(), /*writable=*/false);
      else if (&param == fold->bias && fold->foldsBias)
        weight = state.tensor(fold->biasName(), /*writable=*/false);
    }
  Value x = bufferization::ToTensorOp::create(b, loc, RankedTensorType::get({rows, sampleSize}, f32),
                                              fn.getArgument(0), b.getUnitAttr(), UnitAttr());
  Value outputs = modelGen.forward(x, weights, /*training=*/false, Value(), inferenceExtras());
  auto store = bufferization::MaterializeInDestinationOp::create(b, loc, outputs, fn.getArgument(1));
  store.setRestrict(true);
  store.setWritable(true);
  func::ReturnOp::create(b, loc);
}

void lepton::SupervisedTrainer::emitEvalLoss() {
  // eval_loss(x, targets, weights) -> Σ weights · per-sample loss, the model in evaluation mode.
  func::FuncOp fn = ctx.beginFunction(symbol("eval_loss"),
                                      {inputBuffer, targetBuffer, weightsBuffer},
                                      {b.getF32Type()}, /*isPublic=*/true);
  SmallVector<Value> params = state.parameterTensors(/*writable=*/false);
  SmallVector<Type> types{inputType, targetType, weightsType};
  SmallVector<Value> args;
  for (auto [arg, type] : llvm::zip(fn.getArguments(), types))
    args.push_back(
        bufferization::ToTensorOp::create(b, loc, type, arg, b.getUnitAttr(), UnitAttr()));
  Value outputs = modelGen.forward(args[0], params, /*training=*/false, Value(), inferenceExtras());
  Value loss = lossOp(outputs, args[1], args[2]);
  func::ReturnOp::create(b, loc, tensor::ExtractOp::create(b, loc, loss, ValueRange{}).getResult());
}

void lepton::SupervisedTrainer::emitMakeTargets() {
  // make_targets(labels, targets): one-hot rows of the class (mse/huber on class data), or the
  // class as 0.0/1.0 (binary_cross_entropy).
  func::FuncOp fn = ctx.beginFunction(symbol("make_targets"), {labelsBuffer, targetBuffer}, {},
                                      /*isPublic=*/false);
  Value labels = fn.getArgument(0), out = fn.getArgument(1);
  auto rows = ctx.forRange(batch);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rows.getBody());
  Value r = rows.getInductionVar();
  Value label = memref::LoadOp::create(b, loc, labels, ValueRange{r});
  if (targets == Targets::Binary) {
    Value t = arith::SIToFPOp::create(b, loc, b.getF32Type(), label);
    memref::StoreOp::create(b, loc, t, out, ValueRange{r, ctx.index(0)});
  } else {
    auto cols = ctx.forRange(targetWidth);
    b.setInsertionPointToStart(cols.getBody());
    Value c = arith::IndexCastOp::create(b, loc, b.getI32Type(), cols.getInductionVar());
    Value hit = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, label, c);
    Value one = ctx.f32(1), zero = ctx.f32(0);
    Value t = arith::SelectOp::create(b, loc, hit, one, zero);
    memref::StoreOp::create(b, loc, t, out, ValueRange{r, cols.getInductionVar()});
  }
  b.setInsertionPointAfter(rows);
  func::ReturnOp::create(b, loc);
}
