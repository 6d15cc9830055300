// LeptonWindowOps.cpp — verifiers of the window ops (im2col, col2im, pools) and reshape.
#include "ir/LeptonDialect.h"
#include "ir/OpVerification.h"

using namespace mlir;
using namespace lepton;

namespace {
/// Checks the geometry and that `in` is (B, inCols) and `out` (B·outRowsPerImage, outCols).
LogicalResult verifyWindowOp(Operation *op, const WindowGeometry &g, RankedTensorType in,
                             RankedTensorType out, int64_t inCols, int64_t outRowsPerImage,
                             int64_t outCols, int64_t inRowsPerImage = 1) {
  std::string problem = g.problem();
  if (!problem.empty())
    return op->emitOpError("window geometry: ") << problem;
  if (!dimsCompatible(in.getDimSize(1), inCols))
    return op->emitOpError("input has ") << dimString(in.getDimSize(1)) << " columns, expected "
                                         << inCols;
  if (!dimsCompatible(out.getDimSize(1), outCols))
    return op->emitOpError("result has ") << dimString(out.getDimSize(1)) << " columns, expected "
                                          << outCols;
  int64_t inRows = in.getDimSize(0), outRows = out.getDimSize(0);
  if (!ShapedType::isDynamic(inRows) && !ShapedType::isDynamic(outRows) &&
      inRows / inRowsPerImage * outRowsPerImage != outRows)
    return op->emitOpError("result has ") << outRows << " rows, expected "
                                          << inRows / inRowsPerImage * outRowsPerImage;
  if (!ShapedType::isDynamic(inRows) && inRows % inRowsPerImage != 0)
    return op->emitOpError("input rows (") << inRows << ") are not a multiple of "
                                           << inRowsPerImage;
  return success();
}
} // namespace

LogicalResult Im2ColOp::verify() {
  WindowGeometry g = getGeometry();
  if (getInput().getType().getElementType() != getResult().getType().getElementType())
    return emitOpError("result element type must be the input's");
  return verifyWindowOp(*this, g, getInput().getType(), getResult().getType(), g.inputSize(),
                        g.outputPositions(), g.patchSize());
}

LogicalResult Col2ImOp::verify() {
  WindowGeometry g = getGeometry();
  return verifyWindowOp(*this, g, getInput().getType(), getResult().getType(), g.patchSize(), 1,
                        g.inputSize(), g.outputPositions());
}

LogicalResult MaxPool2DOp::verify() {
  WindowGeometry g = getGeometry();
  if (getInput().getType().getElementType() != getResult().getType().getElementType())
    return emitOpError("result element type must be the input's");
  return verifyWindowOp(*this, g, getInput().getType(), getResult().getType(), g.inputSize(), 1,
                        g.outputPositions() * g.channels);
}

LogicalResult MaxPool2DGradOp::verify() {
  WindowGeometry g = getGeometry();
  if (failed(verifyWindowOp(*this, g, getInput().getType(), getResult().getType(), g.inputSize(),
                            1, g.inputSize())))
    return failure();
  return verifyWindowOp(*this, g, getResultGrad().getType(), getResult().getType(),
                        g.outputPositions() * g.channels, 1, g.inputSize());
}

LogicalResult AvgPool2DOp::verify() {
  WindowGeometry g = getGeometry();
  return verifyWindowOp(*this, g, getInput().getType(), getResult().getType(), g.inputSize(), 1,
                        g.outputPositions() * g.channels);
}

LogicalResult AvgPool2DGradOp::verify() {
  WindowGeometry g = getGeometry();
  return verifyWindowOp(*this, g, getInput().getType(), getResult().getType(),
                        g.outputPositions() * g.channels, 1, g.inputSize());
}

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (!in.hasStaticShape() || !out.hasStaticShape())
    return emitOpError("needs static shapes, got ") << in << " and " << out;
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("changes the number of elements: ") << in.getNumElements() << " vs "
                                                           << out.getNumElements();
  return success();
}

LogicalResult BatchNormOp::verify() {
  int64_t channels = getChannels();
  int64_t cols = getInput().getType().getDimSize(1);
  if (channels < 1 || (!ShapedType::isDynamic(cols) && cols % channels != 0))
    return emitOpError("input columns (") << dimString(cols) << ") are not a multiple of "
                                          << channels << " channels";
  for (Value v : {getGamma(), getBeta(), getMean(), getVariance()})
    if (!dimsCompatible(cast<RankedTensorType>(v.getType()).getDimSize(0), channels))
      return emitOpError("per-channel vectors must have ") << channels << " entries";
  return success();
}
