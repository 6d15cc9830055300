// LossVJPs.cpp — vector-Jacobian products of the losses and regularisers (scaled by dloss).
#include "ir/LeptonDialect.h"

using namespace mlir;
using namespace lepton;

/// Only the prediction gets a cotangent; labels, targets and weights are data.
LogicalResult SoftmaxCrossEntropyOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                              SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(SoftmaxCrossEntropyGradOp::create(
      b, getLoc(), getLogits(), getLabels(), getWeights(), resultCotangents[0]));
  operandCotangents.append({nullptr, nullptr});
  return success();
}

LogicalResult MseOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                              SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(MseGradOp::create(b, getLoc(), getPred(), getTarget(),
                                                getWeights(), resultCotangents[0]));
  operandCotangents.append({nullptr, nullptr});
  return success();
}

LogicalResult HuberOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(HuberGradOp::create(b, getLoc(), getPred(), getTarget(),
                                                  getWeights(), resultCotangents[0],
                                                  getDeltaAttr()));
  operandCotangents.append({nullptr, nullptr});
  return success();
}

LogicalResult BinaryCrossEntropyOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                             SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(BinaryCrossEntropyGradOp::create(
      b, getLoc(), getLogits(), getTarget(), getWeights(), resultCotangents[0]));
  operandCotangents.append({nullptr, nullptr});
  return success();
}

LogicalResult L1Op::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                             SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(
      L1GradOp::create(b, getLoc(), getInput(), resultCotangents[0], getLambdaAttr()));
  return success();
}

LogicalResult L2Op::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                             SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(
      L2GradOp::create(b, getLoc(), getInput(), resultCotangents[0], getLambdaAttr()));
  return success();
}
