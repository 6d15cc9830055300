// LayerRegistry.cpp — the lookup from layer kind to entry (Layers.def) and helpers entries share.
#include "frontend/mlirgen/LayerRegistry.h"

#include "ir/LeptonDialect.h"

const lepton::LayerEntry *lepton::findLayerEntry(LayerKind kind) {
  switch (kind) {
#define LEPTON_LAYER(KIND, ENTRY)                                                                \
  case LayerKind::KIND:                                                                          \
    return &ENTRY;
#include "frontend/mlirgen/Layers.def"
  default:
    return nullptr;
  }
}

std::vector<lepton::ParameterSpec> lepton::noParameters(const ast::Layer &) { return {}; }

std::string lepton::describeByName(const ast::Layer &layer, bool) {
  return layer.call ? layer.call->callee : "layer";
}

const char *lepton::activationName(Activation act) {
  switch (act) {
  case Activation::Linear: return "linear";
  case Activation::Relu: return "relu";
  case Activation::Sigmoid: return "sigmoid";
  case Activation::Tanh: return "tanh";
  case Activation::LeakyRelu: return "leaky_relu";
  case Activation::Softmax: return "softmax";
  }
  return "linear";
}

mlir::Value lepton::LayerBuilder::activation(Activation act, double slope, mlir::Value x) {
  switch (act) {
  case Activation::Linear: return x;
  case Activation::Relu: return ReluOp::create(b, loc, x);
  case Activation::Sigmoid: return SigmoidOp::create(b, loc, x);
  case Activation::Tanh: return TanhOp::create(b, loc, x);
  case Activation::Softmax: return SoftmaxOp::create(b, loc, x);
  case Activation::LeakyRelu:
    return LeakyReluOp::create(b, loc, x, b.getF32FloatAttr(static_cast<float>(slope)));
  }
  return x;
}
