// ActivationVJPs.cpp — vector-Jacobian products of the activations: each builds its *_grad op.
#include "ir/LeptonDialect.h"

using namespace mlir;
using namespace lepton;

LogicalResult ReluOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                               SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(ReluGradOp::create(b, getLoc(), getInput(), resultCotangents[0]));
  return success();
}

LogicalResult SigmoidOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                  SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(
      SigmoidGradOp::create(b, getLoc(), getResult(), resultCotangents[0]));
  return success();
}

LogicalResult TanhOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                               SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(TanhGradOp::create(b, getLoc(), getResult(), resultCotangents[0]));
  return success();
}

LogicalResult LeakyReluOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                    SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(LeakyReluGradOp::create(b, getLoc(), getInput(),
                                                      resultCotangents[0], getAlphaAttr()));
  return success();
}

LogicalResult SoftmaxOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                  SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(
      SoftmaxGradOp::create(b, getLoc(), getResult(), resultCotangents[0]));
  return success();
}
