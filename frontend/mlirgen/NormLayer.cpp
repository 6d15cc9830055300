// NormLayer.cpp — registry entry of `batchnorm(momentum:, epsilon:)`: per-channel normalisation.
//
// Training normalises with the batch's statistics (over the real rows: a padded last batch's rows
// do not count) and the train step folds them into running averages; evaluation and prediction
// use the running averages, which checkpoints save.
#include "frontend/mlirgen/LayerRegistry.h"

#include "ir/LeptonDialect.h"

using namespace mlir;

namespace {
int64_t channelsOf(const lepton::ast::Layer &layer) {
  return layer.inputShape.empty() ? 1 : layer.inputShape.back();
}

std::vector<lepton::ParameterSpec> batchNormParameters(const lepton::ast::Layer &layer) {
  int64_t c = channelsOf(layer);
  lepton::ParameterSpec gamma{"gamma", {c}, false, false, c, c, 1.0f};
  lepton::ParameterSpec beta{"beta", {c}, true, false, c, c, 0.0f};
  return {gamma, beta};
}

std::vector<lepton::LayerStateSpec> batchNormState(const lepton::ast::Layer &layer) {
  int64_t c = channelsOf(layer);
  return {{"running_mean", {c}, 0.0f}, {"running_var", {c}, 1.0f}};
}

Value batchNormForward(lepton::LayerBuilder &lb, const lepton::ast::Layer &layer, Value x,
                       ValueRange params) {
  OpBuilder &b = lb.b;
  int64_t c = channelsOf(layer);
  IntegerAttr channels = b.getI64IntegerAttr(c);
  FloatAttr eps = b.getF32FloatAttr(static_cast<float>(layer.epsilon));
  if (!lb.training)
    return lepton::BatchNormInferenceOp::create(b, lb.loc, x.getType(), x, params[0], params[1],
                                                lb.state[0], lb.state[1], channels, eps);
  auto vec = RankedTensorType::get({c}, b.getF32Type());
  auto op = lepton::BatchNormOp::create(b, lb.loc, TypeRange{x.getType(), vec, vec}, x, params[0],
                                        params[1], lb.rowWeights, channels, eps);
  if (lb.batchStatistics)
    lb.batchStatistics->push_back({&layer, op.getMean(), op.getVariance()});
  return op.getResult();
}

std::string describeBatchNorm(const lepton::ast::Layer &layer, bool forSignature) {
  return "batchnorm(" + std::to_string(channelsOf(layer)) + ")";
}
} // namespace

const lepton::LayerEntry lepton::batchNormLayer{"batchnorm", batchNormParameters,
                                                batchNormForward, describeBatchNorm,
                                                /*usesRandomness=*/nullptr, batchNormState};
