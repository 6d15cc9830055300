// TrainerGen.cpp — the tensor side of a train block: state globals, init, loss, train step, predict.
#include "frontend/mlirgen/TrainerGen.h"

#include "frontend/Diagnostics.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;

lepton::TrainerGen::TrainerGen(const ast::Program &program, const ast::Train &train,
                               ModuleOp module, OpBuilder &builder)
    : program(program), train(train), model(*train.model), module(module), b(builder),
      loc(toMLIR(builder.getContext(), train.loc)), modelGen(model, builder),
      runtime(module, builder) {
  params = modelGen.parameters();
  batch = train.batch;
  sampleSize = ast::numElements(model.input.shape);
  outputs = ast::numElements(model.output.shape);
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  inputType = RankedTensorType::get({batch, sampleSize}, f32);
  labelsType = RankedTensorType::get({batch}, i32);
  weightsType = RankedTensorType::get({batch}, f32);
  logitsType = RankedTensorType::get({batch, outputs}, f32);
  inputBuffer = MemRefType::get({batch, sampleSize}, f32);
  labelsBuffer = MemRefType::get({batch}, i32);
  weightsBuffer = MemRefType::get({batch}, f32);
  logitsBuffer = MemRefType::get({batch, outputs}, f32);
}

bool lepton::TrainerGen::checkSupported(DiagnosticEngine &diags) const {
  bool ok = modelGen.checkSupported(diags);
  auto unsupported = [&](const Location &where, const std::string &what) {
    diags.report(where, diag::NotSupportedByCodegen) << what;
    ok = false;
  };
  if (train.loss != LossKind::CrossEntropy)
    unsupported(train.loc, "a loss other than 'cross_entropy'");
  if (train.augmentation)
    unsupported(train.augmentation->loc, "augmentation");
  if (train.schedule.warmup > 0)
    unsupported(train.loc, "learning-rate warm-up");
  if (train.earlyStop.enabled)
    unsupported(train.earlyStop.loc, "'early_stop'");
  auto checkFlow = [&](const ast::DataFlow &flow) {
    if (flow.dataset && flow.dataset->sourceKind != SourceKind::Idx &&
        flow.dataset->sourceKind != SourceKind::Csv)
      unsupported(flow.loc, "a dataset that is not 'idx' or 'csv'");
    if (flow.labelWidth != 0)
      unsupported(flow.loc, "one-hot or regression labels");
    for (const ast::FlowStep &step : flow.steps) {
      using K = TransformKind;
      switch (step.transform->kind) {
      case K::Scale:
      case K::Normalize:
      case K::Clip:
      case K::Flatten:
      case K::Reshape:
        break;
      default:
        unsupported(step.transform->loc, "this preprocessing step");
      }
    }
  };
  checkFlow(train.data);
  if (train.hasValidation)
    checkFlow(train.validation);
  return ok;
}

std::string lepton::TrainerGen::symbol(StringRef suffix) const {
  // Internal symbols live apart from exports (`PIPELINE_NAME`), which users name freely.
  return "__lepton_" + program.pipelineName + "_" + suffix.str();
}

std::string lepton::TrainerGen::exportSymbol(StringRef name) const {
  return program.pipelineName + "_" + name.str();
}

Value lepton::TrainerGen::index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
Value lepton::TrainerGen::i64(int64_t v) {
  return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
}
Value lepton::TrainerGen::i32(int64_t v) {
  return arith::ConstantIntOp::create(b, loc, b.getI32Type(), v);
}
Value lepton::TrainerGen::f64(double v) {
  return arith::ConstantFloatOp::create(b, loc, b.getF64Type(), APFloat(v));
}

func::FuncOp lepton::TrainerGen::beginFunction(StringRef name, TypeRange args, TypeRange results,
                                               bool isPublic) {
  b.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(b, loc, name, b.getFunctionType(args, results));
  if (!isPublic)
    fn.setPrivate();
  b.setInsertionPointToStart(fn.addEntryBlock());
  return fn;
}

SmallVector<std::string> lepton::TrainerGen::optimizerStateNames(const Parameter &param) const {
  using K = OptimizerKind;
  const ast::OptimizerSpec &opt = train.optimizer;
  switch (opt.kind) {
  case K::Adam:
  case K::AdamW: return {param.name + "_m", param.name + "_v"};
  case K::Sgd: return {param.name + "_velocity"};
  case K::RmsProp:
    if (opt.momentum > 0)
      return {param.name + "_square_avg", param.name + "_buffer"};
    return {param.name + "_square_avg"};
  }
  return {};
}

void lepton::TrainerGen::emitGlobals() {
  b.setInsertionPointToEnd(module.getBody());
  auto addGlobal = [&](StringRef name, ArrayRef<int64_t> shape) {
    auto type = MemRefType::get(shape, b.getF32Type());
    auto zeros = DenseElementsAttr::get(RankedTensorType::get(shape, b.getF32Type()), 0.0f);
    memref::GlobalOp::create(b, loc, b.getStringAttr(symbol(name)), b.getStringAttr("private"),
                             TypeAttr::get(type), zeros, /*constant=*/nullptr,
                             b.getI64IntegerAttr(64));
  };
  for (const Parameter &param : params) {
    addGlobal(param.name, param.shape);
    for (const std::string &state : optimizerStateNames(param))
      addGlobal(state, param.shape);
  }
}

Value lepton::TrainerGen::globalBuffer(StringRef name) {
  auto global = module.lookupSymbol<memref::GlobalOp>(symbol(name));
  return memref::GetGlobalOp::create(b, loc, global.getType(), global.getSymName());
}

Value lepton::TrainerGen::globalTensor(StringRef name, bool writable) {
  Value buffer = globalBuffer(name);
  auto type = cast<MemRefType>(buffer.getType());
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(type.getShape(), type.getElementType()), buffer,
      b.getUnitAttr(), writable ? b.getUnitAttr() : UnitAttr());
}

void lepton::TrainerGen::emitInit() {
  // p_init(seed): parameter i draws from RNG stream i + 1 of the seed (stream 0 is shuffling).
  func::FuncOp fn = beginFunction(symbol("init"), {b.getI64Type()}, {}, /*isPublic=*/true);
  Value seed = fn.getArgument(0);
  for (auto [i, param] : llvm::enumerate(params)) {
    double bound = 1.0 / std::sqrt(static_cast<double>(param.fanIn)); // nn.Linear
    Initializer init = param.layer->init != Initializer::Default ? param.layer->init
                                                                          : model.init;
    if (param.isBias && init != Initializer::Default)
      bound = 0;
    else if (init == Initializer::He)
      bound = std::sqrt(6.0 / param.fanIn);
    else if (init == Initializer::Glorot)
      bound = std::sqrt(6.0 / (param.fanIn + param.fanOut));
    else if (init == Initializer::Zeros)
      bound = 0;
    int64_t count = 1;
    for (int64_t d : param.shape)
      count *= d;
    Value buffer = globalBuffer(param.name);
    Value lo = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(float(-bound)));
    Value hi = arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(float(bound)));
    runtime.call(loc, "lepton_rng_fill_uniform", b.getI32Type(),
                 {runtime.pointer(loc, buffer), i64(count), seed, i64(i + 1), i64(0), lo, hi});
  }
  func::ReturnOp::create(b, loc);
}

void lepton::TrainerGen::emitLossFunction() {
  SmallVector<Type> args;
  for (const Parameter &param : params)
    args.push_back(RankedTensorType::get(param.shape, b.getF32Type()));
  args.append({inputType, labelsType, weightsType, b.getI64Type()});
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  func::FuncOp fn = beginFunction(symbol("loss"), args, {scalar}, /*isPublic=*/false);
  ValueRange paramArgs = fn.getArguments().take_front(params.size());
  unsigned n = params.size();
  Value logits = modelGen.forward(fn.getArgument(n), paramArgs, /*training=*/true,
                                  fn.getArgument(n + 3));
  Value loss = SoftmaxCrossEntropyOp::create(b, loc, scalar, logits, fn.getArgument(n + 1),
                                             fn.getArgument(n + 2));
  loss = modelGen.addRegularizers(loss, paramArgs);
  func::ReturnOp::create(b, loc, loss);
}

void lepton::TrainerGen::emitTrainStep() {
  func::FuncOp fn = beginFunction(symbol("train_step"),
      {inputBuffer, labelsBuffer, weightsBuffer, b.getF32Type(), b.getI64Type(), b.getI64Type(),
       logitsBuffer},
      {b.getF32Type()}, /*isPublic=*/true);
  Value lr = fn.getArgument(3), step = fn.getArgument(4), key = fn.getArgument(5);

  SmallVector<Value> operands;
  for (const Parameter &param : params)
    operands.push_back(globalTensor(param.name, /*writable=*/true));
  SmallVector<Type> dataTypes{inputType, labelsType, weightsType};
  for (auto [arg, type] : llvm::zip(fn.getArguments().take_front(3), dataTypes))
    operands.push_back(
        bufferization::ToTensorOp::create(b, loc, type, arg, b.getUnitAttr(), UnitAttr()));
  operands.push_back(key);

  SmallVector<Type> resultTypes{RankedTensorType::get({}, b.getF32Type())};
  SmallVector<int64_t> wrt;
  for (auto [i, param] : llvm::enumerate(params)) {
    resultTypes.push_back(operands[i].getType());
    wrt.push_back(i);
  }
  auto grad = GradOp::create(b, loc, resultTypes,
                             FlatSymbolRefAttr::get(b.getContext(), symbol("loss")), operands,
                             b.getDenseI64ArrayAttr(wrt));

  // The batch's logits (before the update) for the training accuracy. Without dropout this
  // forward pass is the one lepton-autodiff inlines for the loss, and CSE merges the two.
  Value logits = modelGen.forward(operands[params.size()],
                                  ValueRange(operands).take_front(params.size()),
                                  /*training=*/false, Value());
  auto keepLogits =
      bufferization::MaterializeInDestinationOp::create(b, loc, logits, fn.getArgument(6));
  keepLogits.setRestrict(true);
  keepLogits.setWritable(true);

  // Optimizer: new values are written back into the parameter and state globals in place.
  const ast::OptimizerSpec &opt = train.optimizer;
  auto f64Attr = [&](double v) { return b.getF64FloatAttr(v); };
  mlir::Location optLoc = toMLIR(b.getContext(), opt.loc);
  auto writeBack = [&](Value value, StringRef name) {
    auto store = bufferization::MaterializeInDestinationOp::create(b, optLoc, value,
                                                                   globalBuffer(name));
    store.setRestrict(true);
    store.setWritable(true);
  };
  for (auto [i, param] : llvm::enumerate(params)) {
    Value p = operands[i], g = grad.getGrads()[i];
    SmallVector<std::string> stateNames = optimizerStateNames(param);
    SmallVector<Value> state;
    for (const std::string &name : stateNames)
      state.push_back(globalTensor(name, /*writable=*/true));
    SmallVector<Value> updated;
    switch (opt.kind) {
    case OptimizerKind::Adam:
    case OptimizerKind::AdamW: {
      bool decoupled = opt.kind == OptimizerKind::AdamW;
      auto op = AdamUpdateOp::create(b, optLoc, p, g, state[0], state[1], lr, step,
                                     f64Attr(opt.beta1), f64Attr(opt.beta2), f64Attr(opt.eps),
                                     f64Attr(opt.weightDecay), b.getBoolAttr(decoupled));
      updated.append(op->result_begin(), op->result_end());
      break;
    }
    case OptimizerKind::Sgd: {
      auto op = SgdUpdateOp::create(b, optLoc, p, g, state[0], lr, f64Attr(opt.momentum),
                                    b.getBoolAttr(opt.nesterov), f64Attr(opt.weightDecay));
      updated.append(op->result_begin(), op->result_end());
      break;
    }
    case OptimizerKind::RmsProp: {
      Value buffer = state.size() > 1 ? state[1] : Value();
      auto op = RmspropUpdateOp::create(b, optLoc, p, g, state[0], lr, buffer, f64Attr(opt.rho),
                                        f64Attr(opt.eps), f64Attr(opt.momentum),
                                        f64Attr(opt.weightDecay));
      updated.append(op->result_begin(), op->result_end());
      break;
    }
    }
    writeBack(updated[0], param.name);
    for (auto [value, name] : llvm::zip(ArrayRef<Value>(updated).drop_front(), stateNames))
      writeBack(value, name);
  }
  Value loss = tensor::ExtractOp::create(b, loc, grad.getValue(), ValueRange{});
  func::ReturnOp::create(b, loc, loss);
}

void lepton::TrainerGen::emitPredictBatch() {
  func::FuncOp fn =
      beginFunction(symbol("predict_batch"), {inputBuffer, logitsBuffer}, {}, /*isPublic=*/true);
  SmallVector<Value> weights;
  for (const Parameter &param : params)
    weights.push_back(globalTensor(param.name, /*writable=*/false));
  Value x = bufferization::ToTensorOp::create(b, loc, inputType, fn.getArgument(0),
                                              b.getUnitAttr(), UnitAttr());
  Value logits = modelGen.forward(x, weights, /*training=*/false, Value());
  auto store =
      bufferization::MaterializeInDestinationOp::create(b, loc, logits, fn.getArgument(1));
  store.setRestrict(true);
  store.setWritable(true);
  func::ReturnOp::create(b, loc);
}

void lepton::TrainerGen::emitPreprocess(StringRef name, const ast::DataFlow &flow) {
  // p_preprocess(x): the data flow's per-sample transforms, in place on a (batch, features)
  // buffer. Values are per element; `normalize` with per-channel statistics uses the last
  // (channel) dimension of the height-width-channel layout.
  func::FuncOp fn = beginFunction(symbol(name), {inputBuffer}, {}, /*isPublic=*/true);
  Value x = fn.getArgument(0);
  for (const ast::FlowStep &step : flow.steps) {
    const ast::Transform &t = *step.transform;
    using K = TransformKind;
    if (t.kind == K::Flatten || t.kind == K::Reshape)
      continue;
    mlir::Location stepLoc = toMLIR(b.getContext(), t.loc);
    auto rows = scf::ForOp::create(b, stepLoc, index(0), index(batch), index(1));
    OpBuilder::InsertionGuard rowGuard(b);
    b.setInsertionPointToStart(rows.getBody());
    auto cols = scf::ForOp::create(b, stepLoc, index(0), index(sampleSize), index(1));
    b.setInsertionPointToStart(cols.getBody());
    Value r = rows.getInductionVar(), c = cols.getInductionVar();
    Value v = memref::LoadOp::create(b, stepLoc, x, ValueRange{r, c});
    auto f32 = [&](double d) {
      return arith::ConstantFloatOp::create(b, stepLoc, b.getF32Type(), APFloat(float(d)));
    };
    if (t.kind == K::Scale) {
      v = arith::MulFOp::create(b, stepLoc, v, f32(t.factor));
    } else if (t.kind == K::Clip) {
      v = arith::MaximumFOp::create(b, stepLoc, v, f32(t.low));
      v = arith::MinimumFOp::create(b, stepLoc, v, f32(t.high));
    } else if (t.kind == K::Normalize) {
      // One statistic, or one per channel: select by c mod channels.
      int64_t channels = t.mean.size();
      Value channel = arith::RemUIOp::create(b, stepLoc, c, index(channels));
      auto stdOf = [&](int64_t k) {
        return t.std.empty() ? 1.0 : t.std[std::min<size_t>(k, t.std.size() - 1)];
      };
      Value mean = f32(t.mean[0]), stddev = f32(stdOf(0));
      for (int64_t k = 1; k < channels; ++k) {
        Value isK = arith::CmpIOp::create(b, stepLoc, arith::CmpIPredicate::eq, channel, index(k));
        mean = arith::SelectOp::create(b, stepLoc, isK, f32(t.mean[k]), mean);
        stddev = arith::SelectOp::create(b, stepLoc, isK, f32(stdOf(k)), stddev);
      }
      v = arith::SubFOp::create(b, stepLoc, v, mean);
      v = arith::DivFOp::create(b, stepLoc, v, stddev);
    }
    memref::StoreOp::create(b, stepLoc, v, x, ValueRange{r, c});
  }
  func::ReturnOp::create(b, loc);
}

void lepton::TrainerGen::generate(bool withMain) {
  emitGlobals();
  emitInit();
  emitLossFunction();
  emitTrainStep();
  emitPredictBatch();
  emitPreprocess("preprocess", train.data);
  if (train.hasValidation)
    emitPreprocess("preprocess_validation", train.validation);
  for (const ast::Export *exp : program.exports)
    emitExport(*exp);
  if (!withMain)
    return;
  emitRun();
  emitPredict();
  emitMain();
}
