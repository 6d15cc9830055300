// ShapeLayers.cpp — registry entries of layers that keep values: flatten, reshape, dropout.
#include "frontend/mlirgen/LayerRegistry.h"

#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace {
// flatten() and reshape(…) cost nothing: samples are stored flat and row-major
// (height-width-channel), so every shape of the same size is the same memory.
Value sameMemory(lepton::LayerBuilder &, const lepton::ast::Layer &, Value x, ValueRange) {
  return x;
}

Value dropoutForward(lepton::LayerBuilder &lb, const lepton::ast::Layer &layer, Value x,
                     ValueRange) {
  if (!lb.training || layer.rate == 0)
    return x;
  // Each dropout layer draws from its own stream: key + the layer's stream number.
  Value offset = arith::ConstantIntOp::create(lb.b, lb.loc, lb.b.getI64Type(), lb.randomStream);
  Value key = arith::AddIOp::create(lb.b, lb.loc, lb.randomKey, offset);
  return lepton::DropoutOp::create(lb.b, lb.loc, x, key,
                                   lb.b.getF32FloatAttr(static_cast<float>(layer.rate)));
}

bool dropoutIsRandom(const lepton::ast::Layer &layer) { return layer.rate != 0; }

std::string describeDropout(const lepton::ast::Layer &layer, bool) {
  return "dropout(" + std::to_string(layer.rate).substr(0, 6) + ")";
}
} // namespace

const lepton::LayerEntry lepton::flattenLayer{"", noParameters, sameMemory, describeByName};
const lepton::LayerEntry lepton::reshapeLayer{"", noParameters, sameMemory, describeByName};
const lepton::LayerEntry lepton::dropoutLayer{"", noParameters, dropoutForward, describeDropout,
                                              dropoutIsRandom};
