// DenseLayer.cpp — registry entry of `dense(units, activation:, bias:)`: x·W + b, then activation.
#include "frontend/mlirgen/LayerRegistry.h"

#include "ir/LeptonDialect.h"

using namespace mlir;

namespace {
std::vector<lepton::ParameterSpec> denseParameters(const lepton::ast::Layer &layer) {
  // weight [in, out] (PyTorch's nn.Linear init bounds use fan-in), then bias [out].
  int64_t in = lepton::ast::numElements(layer.inputShape), out = layer.units;
  std::vector<lepton::ParameterSpec> params{{"weight", {in, out}, false, true, in, out}};
  if (layer.bias)
    params.push_back({"bias", {out}, true, false, in, out});
  return params;
}

Value denseForward(lepton::LayerBuilder &lb, const lepton::ast::Layer &layer, Value x,
                   ValueRange params) {
  int64_t batch = cast<RankedTensorType>(x.getType()).getDimSize(0);
  auto type = RankedTensorType::get({batch, layer.units}, lb.b.getF32Type());
  Value bias = layer.bias ? params[1] : Value();
  Value y = lepton::DenseOp::create(lb.b, lb.loc, type, x, params[0], bias);
  return lb.activation(layer.activation, layer.negativeSlope, y);
}

std::string describeDense(const lepton::ast::Layer &layer, bool forSignature) {
  std::string text = "dense(" + std::to_string(layer.units);
  if (layer.activation != lepton::Activation::Linear)
    text += (forSignature ? "," : ", ") + std::string(lepton::activationName(layer.activation));
  if (!layer.bias)
    text += forSignature ? ",nobias" : ", bias: false";
  return text + ")";
}
} // namespace

const lepton::LayerEntry lepton::denseLayer{"dense", denseParameters, denseForward, describeDense};
