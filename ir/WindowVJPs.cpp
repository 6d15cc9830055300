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
