// SemaModel.cpp — models: signature, layers and their arguments, shape inference per layer.
#include "frontend/Sema.h"

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::sema;

namespace {
const Param kModelSettings[] = {{"regularizer", false, false}, {"init", false, false}};
const Param kDenseParams[] = {{"units", true, true},      {"activation", false, false},
                              {"init", false, false},     {"bias", false, false},
                              {"regularizer", false, false}};
const Param kConvParams[] = {{"filters", true, true},     {"kernel", true, true},
                             {"stride", false, false},    {"padding", false, false},
                             {"activation", false, false}, {"init", false, false},
                             {"bias", false, false},      {"regularizer", false, false}};
const Param kPoolParams[] = {{"size", true, true}, {"stride", false, false},
                             {"padding", false, false}};
const Param kBatchNormParams[] = {{"momentum", false, false}, {"epsilon", false, false}};
} // namespace

std::optional<Regularizer> Sema::regularizer(const Expr *e) {
  std::optional<CallView> view = callView(e, "regularizer", "l2(1e-4)");
  if (!view)
    return std::nullopt;
  std::optional<RegularizerKind> kind = lookupName<RegularizerKind>(view->callee);
  if (!kind) {
    std::vector<llvm::StringRef> names = allNames<RegularizerKind>();
    (diags.report(view->loc, diag::UnknownRegularizer) << view->callee)
        .didYouMean(closestMatch(view->callee, names));
    return std::nullopt;
  }
  Regularizer r;
  r.kind = *kind;
  if (*kind == RegularizerKind::None) {
    bindCall(*view, {});
    return r;
  }
  Bindings b = bindCall(*view, {{"lambda", true, true}});
  std::optional<double> lambda = numberIn(b.get("lambda"), "lambda", 0, 0, Interval::NonNegative);
  if (!lambda)
    return std::nullopt;
  r.lambda = *lambda;
  return r;
}

/// Reads the arguments of one layer into `layer`; false when some are wrong.
bool Sema::layerArguments(Layer &layer, const CallView &view) {
  bool ok = true;
  auto common = [&](const Bindings &b) {
    if (const Expr *e = b.get("activation")) {
      std::optional<Activation> a =
          choice<Activation>(e, "activation", diag::UnknownActivation, "activation");
      ok &= a.has_value();
      layer.activation = a.value_or(Activation::Linear);
    }
    if (const Expr *e = b.get("init")) {
      std::optional<Initializer> i =
          choice<Initializer>(e, "init", diag::UnknownInitializer, "initializer");
      ok &= i.has_value();
      layer.init = i.value_or(Initializer::Default);
    }
    if (const Expr *e = b.get("bias")) {
      std::optional<bool> v = boolean(e, "bias");
      ok &= v.has_value();
      layer.bias = v.value_or(true);
    }
    if (const Expr *e = b.get("regularizer")) {
      std::optional<Regularizer> r = regularizer(e);
      ok &= r.has_value();
      layer.regularizer = r.value_or(Regularizer());
      layer.regularizer.given = true; // even `none`: it overrides the model-wide one
    }
  };
  auto window = [&](const Bindings &b, llvm::StringRef sizeName) {
    std::optional<std::array<int64_t, 2>> k = pair(b.get(sizeName), sizeName);
    ok &= k.has_value();
    layer.kernel = k.value_or(std::array<int64_t, 2>{{1, 1}});
    layer.stride = layer.kind == LayerKind::Conv2D ? std::array<int64_t, 2>{{1, 1}} : layer.kernel;
    if (const Expr *e = b.get("stride")) {
      std::optional<std::array<int64_t, 2>> s = pair(e, "stride");
      ok &= s.has_value();
      layer.stride = s.value_or(layer.stride);
    }
    if (const Expr *e = b.get("padding")) {
      std::optional<Padding> p = choice<Padding>(e, "padding", diag::NumIDs, "padding");
      ok &= p.has_value();
      layer.padding = p.value_or(Padding::Valid);
    }
  };

  switch (layer.kind) {
  case LayerKind::Dense: {
    Bindings b = bindCall(view, kDenseParams);
    std::optional<int64_t> units = dimension(b.get("units"), "units");
    ok &= units.has_value();
    layer.units = units.value_or(1);
    common(b);
    break;
  }
  case LayerKind::Conv2D: {
    Bindings b = bindCall(view, kConvParams);
    std::optional<int64_t> filters = dimension(b.get("filters"), "filters");
    ok &= filters.has_value();
    layer.units = filters.value_or(1);
    window(b, "kernel");
    common(b);
    break;
  }
  case LayerKind::MaxPool2D:
  case LayerKind::AvgPool2D:
    window(bindCall(view, kPoolParams), "size");
    break;
  case LayerKind::Dropout: {
    Bindings b = bindCall(view, {{"rate", true, true}});
    std::optional<double> rate = numberIn(b.get("rate"), "rate", 0, 1, Interval::HalfOpen);
    ok &= rate.has_value();
    layer.rate = rate.value_or(0);
    break;
  }
  case LayerKind::BatchNorm: {
    Bindings b = bindCall(view, kBatchNormParams);
    if (const Expr *e = b.get("momentum")) {
      std::optional<double> v = numberIn(e, "momentum", 0, 1, Interval::Open);
      ok &= v.has_value();
      layer.momentum = v.value_or(0.9);
    }
    if (const Expr *e = b.get("epsilon")) {
      std::optional<double> v = numberIn(e, "epsilon", 0, 0, Interval::Positive);
      ok &= v.has_value();
      layer.epsilon = v.value_or(1e-5);
    }
    break;
  }
  case LayerKind::Reshape: {
    Bindings b = bindCall(view, {{"shape", true, true}});
    std::optional<Shape> s = shape(b.get("shape"), "shape", /*allowInfer=*/true);
    ok &= s.has_value();
    if (s)
      layer.newShape = *s;
    break;
  }
  case LayerKind::LeakyRelu: {
    Bindings b = bindCall(view, {{"slope", true, false}});
    if (const Expr *e = b.get("slope")) {
      std::optional<double> v = numberIn(e, "slope", 0, 1, Interval::HalfOpen);
      ok &= v.has_value();
      layer.negativeSlope = v.value_or(0.01);
    }
    break;
  }
  case LayerKind::Flatten:
  case LayerKind::Relu:
  case LayerKind::Sigmoid:
  case LayerKind::Tanh:
  case LayerKind::Softmax:
    bindCall(view, {});
    break;
  }
  return ok;
}

void Sema::checkModel(Model &model) {
  std::optional<TensorType> input = tensorType(model.inputTypeExpr.get(), "input dimension");
  std::optional<TensorType> output = tensorType(model.outputTypeExpr.get(), "output dimension");
  if (input)
    model.input = *input;
  if (output)
    model.output = *output;
  model.validSignature = input && output;
  if (output && output->shape.size() != 1) {
    diags.report(output->loc, diag::InvalidShape)
        << "a model's output is a vector like f32[10], found " + formatShape(output->shape);
    model.validSignature = false;
  }

  Bindings settings = bindSettings(model.body, kModelSettings, "a model", model.nameLoc,
                                   {}, /*anyStep=*/true);
  if (const Expr *e = settings.get("regularizer"))
    model.regularizer = regularizer(e).value_or(Regularizer());
  if (const Expr *e = settings.get("init"))
    model.init = choice<Initializer>(e, "init", diag::UnknownInitializer, "initializer")
                     .value_or(Initializer::Default);

  // Layers in order; shapes flow while every layer so far is well formed.
  bool shapesOk = input.has_value();
  Shape current = input ? input->shape : Shape();
  size_t numLayers = 0;
  for (const BlockItem &item : model.body.items) {
    if (!item.isStep || !lookupName<LayerKind>(item.name)) {
      if (item.isStep) {
        std::vector<llvm::StringRef> names = allNames<LayerKind>();
        std::string best = closestMatch(item.name, names);
        InFlightDiagnostic d = diags.report(item.loc, diag::UnknownLayer);
        d << item.name;
        d.didYouMean(best);
        if (lookupName<TransformKind>(item.name) && best.empty())
          d.note("'" + item.name + "' is a preprocessing step; put it in a preprocess block");
        else if (best.empty())
          d.note("layers are " + joinChoices(names));
        shapesOk = false;
        ++numLayers;
      }
      continue;
    }
    ++numLayers;
    Layer layer;
    layer.call = &item.step();
    layer.loc = item.loc;
    layer.kind = *lookupName<LayerKind>(item.name);
    layer.init = model.init;
    layer.regularizer = model.regularizer;
    bool argsOk = layerArguments(layer, CallView{item.name, item.loc, layer.call});
    if (shapesOk && argsOk) {
      shapes::ShapeError error;
      if (std::optional<Shape> next = shapes::inferLayer(layer, current, error)) {
        layer.inputShape = current;
        layer.outputShape = *next;
        if (layer.kind == LayerKind::Reshape)
          layer.newShape = *next; // with its -1 resolved
        layer.numParams = shapes::countParameters(layer, current);
        model.numParams = saturatingAdd(model.numParams, layer.numParams);
        current = *next;
      } else {
        reportShapeError(error, layer.loc);
        shapesOk = false;
      }
    } else {
      shapesOk = false;
    }
    model.layers.push_back(std::move(layer));
  }

  if (numLayers == 0) {
    diags.report(model.nameLoc, diag::EmptyModel) << model.name;
    return;
  }
  if (shapesOk && output && current != output->shape) {
    const Layer &last = model.layers.back();
    (diags.report(output->loc, diag::ModelOutputMismatch)
     << model.name << formatShape(output->shape) << formatShape(current))
        .note(last.loc, "the last layer, '" + nameOf(last.kind).str() + "', produces " +
                            formatShape(current));
  }
}
