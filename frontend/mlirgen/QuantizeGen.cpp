// QuantizeGen.cpp — a train block's int8 inference: calibration, weight quantization, int8 forward functions.
//
// With `quantize: int8(calibrate: N)` in the target, the trained model gets an int8 twin that evaluation,
// `predict` and the exported functions use. The quantization itself is lepton-quantize-int8's (ir/Transforms):
// this file marks the functions it rewrites and generates the code that fills its run-time buffers.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

bool lepton::SupervisedTrainer::quantized() const {
  return ctx.program.target && ctx.program.target->quantize && !state.quantizedWeights().empty();
}

RankedTensorType lepton::SupervisedTrainer::rangesType() const {
  return RankedTensorType::get({static_cast<int64_t>(state.quantizedWeights().size())}, b.getF32Type());
}

void lepton::SupervisedTrainer::emitInt8Inference(StringRef name, int64_t rows, bool stackScratch) {
  // `name_body(x, ranges, q0, scale0, sums0, …) -> y`, marked for lepton-quantize-int8, which turns its dense
  // layers into int8 ones reading the quantized weights from its arguments; `name(x, y)` passes it the
  // model state's int8 buffers.
  Type f32 = b.getF32Type();
  auto xType = RankedTensorType::get({rows, sampleSize}, f32);
  auto yType = RankedTensorType::get({rows, numOutputs}, f32);
  SmallVector<Type> args{xType, rangesType()};
  for (const Parameter *weight : state.quantizedWeights()) {
    int64_t columns = ModelState::int8Shape(*weight)[1];
    args.push_back(RankedTensorType::get(ModelState::int8PackedShape(*weight), b.getI8Type()));
    args.push_back(RankedTensorType::get({columns}, f32));
    args.push_back(RankedTensorType::get({columns}, b.getI32Type()));
  }
  std::string bodyName = symbol((name + "_body").str());
  func::FuncOp body = ctx.beginFunction(bodyName, args, {yType}, /*isPublic=*/false);
  body->setAttr(kQuantizeInt8Attr, b.getUnitAttr());
  if (stackScratch)
    body->setAttr(kStackScratchAttr, b.getUnitAttr());
  SmallVector<Value> weights = state.parameterTensors(/*writable=*/false);
  Value y = modelGen.forward(body.getArgument(0), weights, /*training=*/false, Value(), inferenceExtras());
  func::ReturnOp::create(b, loc, y);

  func::FuncOp fn = ctx.beginFunction(
      symbol(name), {MemRefType::get({rows, sampleSize}, f32), MemRefType::get({rows, numOutputs}, f32)}, {},
      /*isPublic=*/true);
  if (stackScratch)
    fn->setAttr(kStackScratchAttr, b.getUnitAttr());
  SmallVector<Value> operands{
      bufferization::ToTensorOp::create(b, loc, xType, fn.getArgument(0), b.getUnitAttr(), UnitAttr()),
      state.tensor(ModelState::kInt8Ranges, /*writable=*/false)};
  for (const Parameter *weight : state.quantizedWeights()) {
    operands.push_back(state.tensor(ModelState::int8Name(*weight), /*writable=*/false));
    operands.push_back(state.tensor(ModelState::int8ScaleName(*weight), /*writable=*/false));
    operands.push_back(state.tensor(ModelState::int8SumsName(*weight), /*writable=*/false));
  }
  Value outputs = func::CallOp::create(b, loc, bodyName, TypeRange{yType}, operands).getResult(0);
  auto store = bufferization::MaterializeInDestinationOp::create(b, loc, outputs, fn.getArgument(1));
  store.setRestrict(true);
  store.setWritable(true);
  func::ReturnOp::create(b, loc);
}

void lepton::SupervisedTrainer::emitCalibration(StringRef name, int64_t rows) {
  // `name_body(x, ranges) -> (y, ranges)`, marked lepton.calibrate_int8: the pass raises each range to
  // the largest |x| entering its dense layer (y is returned so that the forward pass stays until then);
  // `name(x)` updates the model state's int8_ranges.
  Type f32 = b.getF32Type();
  auto xType = RankedTensorType::get({rows, sampleSize}, f32);
  auto yType = RankedTensorType::get({rows, numOutputs}, f32);
  std::string bodyName = symbol((name + "_body").str());
  func::FuncOp body = ctx.beginFunction(bodyName, {xType, rangesType()}, {yType, rangesType()}, /*isPublic=*/false);
  body->setAttr(kCalibrateInt8Attr, b.getUnitAttr());
  SmallVector<Value> weights = state.parameterTensors(/*writable=*/false);
  Value y = modelGen.forward(body.getArgument(0), weights, /*training=*/false, Value(), inferenceExtras());
  func::ReturnOp::create(b, loc, ValueRange{y, body.getArgument(1)});

  func::FuncOp fn =
      ctx.beginFunction(symbol(name), {MemRefType::get({rows, sampleSize}, f32)}, {}, /*isPublic=*/true);
  Value x = bufferization::ToTensorOp::create(b, loc, xType, fn.getArgument(0), b.getUnitAttr(), UnitAttr());
  Value ranges = state.tensor(ModelState::kInt8Ranges, /*writable=*/true);
  auto call = func::CallOp::create(b, loc, bodyName, TypeRange{yType, rangesType()}, ValueRange{x, ranges});
  state.writeBack(call.getResult(1), ModelState::kInt8Ranges);
  func::ReturnOp::create(b, loc);
}

void lepton::SupervisedTrainer::emitQuantizeFunctions() {
  ctx.loc = loc;
  emitCalibration("calibrate_batch", batch);
  emitCalibration("calibrate_row", 1);
  emitInt8Inference("predict_batch_int8", batch, /*stackScratch=*/false);

  // quantize_weights(): every quantized weight's s8 copy, column scales and column sums
  // (lepton.quantize_weights: symmetric per output channel), from the trained f32 weights.
  Type f32 = b.getF32Type();
  ctx.beginFunction(symbol("quantize_weights"), {}, {}, /*isPublic=*/false);
  for (const Parameter *weight : state.quantizedWeights()) {
    SmallVector<int64_t, 2> matrix = ModelState::int8Shape(*weight);
    Value w = state.tensor(weight->name, /*writable=*/false);
    if (weight->shape().size() != 2)
      w = ReshapeOp::create(b, loc, RankedTensorType::get(matrix, f32), w);
    auto packedType = RankedTensorType::get(ModelState::int8PackedShape(*weight), b.getI8Type());
    auto q = QuantizeWeightsOp::create(b, loc, packedType, RankedTensorType::get({matrix[1]}, f32),
                                       RankedTensorType::get({matrix[1]}, b.getI32Type()), w);
    state.writeBack(q.getQuantized(), ModelState::int8Name(*weight));
    state.writeBack(q.getScale(), ModelState::int8ScaleName(*weight));
    state.writeBack(q.getSums(), ModelState::int8SumsName(*weight));
  }
  func::ReturnOp::create(b, loc);

  // quantize(dataset): min/max calibration over the data set's first N samples (file order, the
  // evaluation preprocessing: no augmentation), whole batches through calibrate_batch and the rest row
  // by row, so exactly N samples count; then the weights.
  func::FuncOp fn = ctx.beginFunction(symbol("quantize"), {ctx.ptrType()}, {}, /*isPublic=*/false);
  Value dataset = fn.getArgument(0);
  Value zero = ctx.f32(0), ranges = state.buffer(ModelState::kInt8Ranges);
  linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{ranges});
  Value count = ctx.call(RuntimeFn::lepton_dataset_count, {dataset});
  count = arith::MinSIOp::create(b, loc, count, ctx.i64(ctx.program.target->calibrate));
  BatchBuffers buf;
  buf.x = ctx.zeroedBuffer(inputBuffer);
  buf.raw = crops ? ctx.zeroedBuffer(flowBuffer) : buf.x;
  Value rowX = ctx.zeroedBuffer(MemRefType::get({1, sampleSize}, f32));
  forEachBatch(count, [&](Value start, Value size) {
    loadBatch(dataset, ctx.null(), start, size, buf, "preprocess");
    wholeOrRowByRow(
        size, [&] { func::CallOp::create(b, loc, symbol("calibrate_batch"), TypeRange{}, ValueRange{buf.x}); },
        [&](Value i) {
          memref::CopyOp::create(b, loc, rowOf(buf.x, i, sampleSize), rowX);
          func::CallOp::create(b, loc, symbol("calibrate_row"), TypeRange{}, ValueRange{rowX});
        });
  });
  func::CallOp::create(b, loc, symbol("quantize_weights"), TypeRange{}, ValueRange{});
  func::ReturnOp::create(b, loc);
}

void lepton::SupervisedTrainer::emitQuantizeFromTrainingData() {
  // quantize_from_training_data(): `predict` after loading a checkpoint without int8 state (saved by an
  // f32 build): the training data's first N samples calibrate again, as after training.
  ctx.loc = loc;
  ctx.beginFunction(symbol("quantize_from_training_data"), {}, {}, /*isPublic=*/false);
  Value data = loadDataset(train.data);
  func::CallOp::create(b, loc, symbol("quantize"), TypeRange{}, ValueRange{data});
  ctx.call(RuntimeFn::lepton_dataset_free, {data});
  func::ReturnOp::create(b, loc);
}
