// ActivationLayers.cpp — registry entries of the stand-alone activations: relu(), sigmoid(), …
#include "frontend/mlirgen/LayerRegistry.h"

using namespace mlir;

namespace {
template <lepton::Activation Act>
Value activationForward(lepton::LayerBuilder &lb, const lepton::ast::Layer &layer, Value x,
                        ValueRange) {
  return lb.activation(Act, layer.negativeSlope, x);
}

template <lepton::Activation Act> lepton::LayerEntry activationEntry() {
  return {"", lepton::noParameters, activationForward<Act>, lepton::describeByName};
}
} // namespace

const lepton::LayerEntry lepton::reluLayer = activationEntry<Activation::Relu>();
const lepton::LayerEntry lepton::sigmoidLayer = activationEntry<Activation::Sigmoid>();
const lepton::LayerEntry lepton::tanhLayer = activationEntry<Activation::Tanh>();
const lepton::LayerEntry lepton::leakyReluLayer = activationEntry<Activation::LeakyRelu>();
const lepton::LayerEntry lepton::softmaxLayer = activationEntry<Activation::Softmax>();
