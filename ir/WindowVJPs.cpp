// WindowVJPs.cpp — vector-Jacobian products of im2col, the pools and reshape.
#include "ir/LeptonDialect.h"

using namespace mlir;
using namespace lepton;

/// patches = im2col(x) is linear: dx = col2im(dpatches).
LogicalResult Im2ColOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                 SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(Col2ImOp::create(b, getLoc(), getInput().getType(),
                                               resultCotangents[0], getImageAttr(),
                                               getWindowAttr()));
  return success();
}

/// y = max over each window: dx = dy at each window's first maximum.
LogicalResult MaxPool2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                    SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(MaxPool2DGradOp::create(b, getLoc(), getInput().getType(),
                                                      getInput(), resultCotangents[0],
                                                      getImageAttr(), getWindowAttr()));
  return success();
}

/// y = mean over each window: dx = dy / count, shared over the window's positions.
LogicalResult AvgPool2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                    SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(AvgPool2DGradOp::create(b, getLoc(), getInput().getType(),
                                                      resultCotangents[0], getImageAttr(),
                                                      getWindowAttr()));
  return success();
}

/// y = reshape(x): dx = reshape(dy) back to x's shape.
LogicalResult ReshapeOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                  SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(
      ReshapeOp::create(b, getLoc(), getInput().getType(), resultCotangents[0]));
  return success();
}

/// y = γ·x̂ + β with batch statistics: dx, dγ, dβ from lepton.batchnorm_grad; the row weights
/// get none, and the statistics results are never differentiated (running averages only).
LogicalResult BatchNormOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                    SmallVectorImpl<Value> &operandCotangents) {
  Value dy = resultCotangents[0];
  if (!dy)
    return emitOpError("only its normalised result can be differentiated");
  auto grad = BatchNormGradOp::create(
      b, getLoc(), TypeRange{getInput().getType(), getGamma().getType(), getBeta().getType()},
      getInput(), getGamma(), getRowWeights(), getMean(), getVariance(), dy, getChannelsAttr(),
      getEpsilonAttr());
  operandCotangents.append({grad.getInputGrad(), grad.getGammaGrad(), grad.getBetaGrad(), nullptr});
  return success();
}
