// LeptonLossOps.cpp — verifiers of the loss and regulariser ops and of their gradient ops.
#include "ir/LeptonDialect.h"
#include "ir/OpVerification.h"

using namespace mlir;
using namespace lepton;

/// Checks a (batch, features) prediction against its per-sample `weights` (and `labels`, when
/// given): the feature dimension is static and every batch dimension agrees.
static LogicalResult verifyBatchOperands(Operation *op, Value pred, Value weights,
                                         Value labels = nullptr) {
  auto predType = cast<RankedTensorType>(pred.getType());
  int64_t batch = predType.getDimSize(0);
  if (predType.isDynamicDim(1))
    return op->emitOpError("feature dimension must be static, got ") << predType;
  int64_t w = cast<RankedTensorType>(weights.getType()).getDimSize(0);
  if (!dimsCompatible(w, batch))
    return op->emitOpError("weights size (")
           << dimString(w) << ") does not match the batch size (" << dimString(batch) << ")";
  if (labels) {
    int64_t l = cast<RankedTensorType>(labels.getType()).getDimSize(0);
    if (!dimsCompatible(l, batch))
      return op->emitOpError("labels size (")
             << dimString(l) << ") does not match the batch size (" << dimString(batch) << ")";
  }
  return success();
}

static LogicalResult verifyHuberDelta(Operation *op, float delta) {
  if (!(delta > 0.0f))
    return op->emitOpError("delta must be positive, got ") << delta;
  return success();
}

static LogicalResult verifyLambda(Operation *op, float lambda) {
  if (!(lambda >= 0.0f) || std::isinf(lambda))
    return op->emitOpError("lambda must be finite and non-negative, got ") << lambda;
  return success();
}

LogicalResult SoftmaxCrossEntropyOp::verify() {
  return verifyBatchOperands(*this, getLogits(), getWeights(), getLabels());
}

LogicalResult SoftmaxCrossEntropyGradOp::verify() {
  return verifyBatchOperands(*this, getLogits(), getWeights(), getLabels());
}

LogicalResult MseOp::verify() { return verifyBatchOperands(*this, getPred(), getWeights()); }

LogicalResult MseGradOp::verify() { return verifyBatchOperands(*this, getPred(), getWeights()); }

LogicalResult HuberOp::verify() {
  if (failed(verifyHuberDelta(*this, getDelta().convertToFloat())))
    return failure();
  return verifyBatchOperands(*this, getPred(), getWeights());
}

LogicalResult HuberGradOp::verify() {
  if (failed(verifyHuberDelta(*this, getDelta().convertToFloat())))
    return failure();
  return verifyBatchOperands(*this, getPred(), getWeights());
}

LogicalResult BinaryCrossEntropyOp::verify() {
  return verifyBatchOperands(*this, getLogits(), getWeights());
}

LogicalResult BinaryCrossEntropyGradOp::verify() {
  return verifyBatchOperands(*this, getLogits(), getWeights());
}

LogicalResult L1Op::verify() { return verifyLambda(*this, getLambda().convertToFloat()); }
LogicalResult L1GradOp::verify() { return verifyLambda(*this, getLambda().convertToFloat()); }
LogicalResult L2Op::verify() { return verifyLambda(*this, getLambda().convertToFloat()); }
LogicalResult L2GradOp::verify() { return verifyLambda(*this, getLambda().convertToFloat()); }
