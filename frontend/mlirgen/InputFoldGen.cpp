// InputFoldGen.cpp — the training flow's scale/normalize folded into the first layer's weights, for inference.
//
// A flow of `scale` and `normalize` steps maps each raw value to raw · a + c (a and c per channel). The first
// layer computes x·W + b, so inference can feed it the raw values with W' = a∘W (row r scaled by its channel's a)
// and b' = b + c·W: the per-element preprocessing pass disappears from `predict` and the raw exports. W' and b'
// are model state computed by `fold_input()` after training or a load (runtime/embed/input_fold.c, the same code
// leptonc runs for --weights), not per call: folding per call would cost a pass over W for every sample.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

void lepton::SupervisedTrainer::planInputFold() {
  // Before storage is laid out (PipelineGen), once per model: the first train block's flow is the one `predict`
  // and the exports apply. A centre crop (`crops`) keeps whole pixels, so it commutes with a per-channel map.
  if (!ctx.foldPreprocessing || quantized())
    return;
  std::vector<float> scale{1.0f}, shift{0.0f};
  bool any = false;
  for (const ast::FlowStep &step : train.data.steps) {
    const ast::Transform &t = *step.transform;
    switch (t.kind) {
    case TransformKind::Flatten: // free: samples are flat
    case TransformKind::Reshape:
    case TransformKind::OneHot:      // a label transform
    case TransformKind::DropMissing: // done as the data set is read
      continue;
    case TransformKind::Scale:
      for (size_t k = 0; k < scale.size(); ++k) {
        scale[k] = scale[k] * static_cast<float>(t.factor);
        shift[k] = shift[k] * static_cast<float>(t.factor);
      }
      any = true;
      continue;
    case TransformKind::Normalize: {
      // As emitPreprocess applies it: channel = feature mod (number of means), (v − mean) / std in f32.
      size_t channels = t.mean.size();
      if (scale.size() == 1 && channels > 1) {
        scale.assign(channels, scale[0]);
        shift.assign(channels, shift[0]);
      } else if (channels != 1 && channels != scale.size()) {
        return; // channel groupings that do not nest
      }
      for (size_t k = 0; k < scale.size(); ++k) {
        size_t own = channels == 1 ? 0 : k;
        float mean = static_cast<float>(t.mean[own]);
        float stddev = t.std.empty() ? 1.0f : static_cast<float>(t.std[std::min(own, t.std.size() - 1)]);
        scale[k] = scale[k] / stddev;
        shift[k] = (shift[k] - mean) / stddev;
      }
      any = true;
      continue;
    }
    default: // clip, fill_missing, and the statistics steps (their values are known only after training)
      return;
    }
  }
  if (!any)
    return;
  const ast::Layer *first = nullptr;
  for (const ast::Layer &layer : state.model.layers)
    if (layer.kind != LayerKind::Flatten && layer.kind != LayerKind::Reshape && layer.kind != LayerKind::Dropout) {
      first = &layer;
      break;
    }
  if (!first || (first->kind != LayerKind::Dense && first->kind != LayerKind::Conv2D))
    return;
  bool shifts = llvm::any_of(shift, [](float c) { return c != 0.0f; });
  if (shifts && !first->bias)
    return;
  if (first->kind == LayerKind::Conv2D) {
    // A weight row's channel is row mod cin; padding stands for a preprocessed 0, which is no raw value once
    // the input shifts.
    int64_t cin = first->inputShape.back();
    if ((scale.size() != 1 && static_cast<int64_t>(scale.size()) != cin) ||
        (shifts && first->padding != Padding::Valid))
      return;
  }
  InputFold plan;
  for (const Parameter &param : state.parameters())
    if (param.layer == first)
      (param.spec.role == "weight" ? plan.weight : plan.bias) = &param;
  plan.scale = std::move(scale);
  plan.shift = std::move(shift);
  plan.foldsBias = shifts;
  plan.cols = plan.weight->shape().back();
  plan.rows = plan.weight->numElements() / plan.cols;
  state.addTensor(plan.weightName(), plan.weight->shape());
  if (plan.foldsBias)
    state.addTensor(plan.biasName(), plan.bias->shape());
  fold = std::move(plan);
}

void lepton::SupervisedTrainer::emitFoldInput() {
  // fold_input(): W' and b' from the current W and b (called after training, a --load, an object's load).
  ctx.loc = loc;
  ctx.beginFunction(symbol("fold_input"), {}, {}, /*isPublic=*/false);
  Value bias = fold->bias ? ctx.pointer(state.buffer(fold->bias->name)) : ctx.null();
  Value foldedBias = fold->foldsBias ? ctx.pointer(state.buffer(fold->biasName())) : ctx.null();
  ctx.call(RuntimeFn::lepton_embed_fold_input,
           {ctx.pointer(state.buffer(fold->weight->name)), bias, ctx.i64(fold->rows), ctx.i64(fold->cols),
            ctx.pointer(ctx.floatArray(fold->scale)), ctx.pointer(ctx.floatArray(fold->shift)), ctx.i64(fold->scale.size()),
            ctx.pointer(state.buffer(fold->weightName())), foldedBias});
  func::ReturnOp::create(b, loc);
}
