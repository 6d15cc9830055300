// WindowLayers.cpp — registry entries of conv2d, maxpool2d and avgpool2d (height-width-channel images).
//
// A convolution is built from ops the dense path already makes fast: image patches as rows
// (lepton.im2col), one matrix product with the (KH·KW·Cin, Cout) weight (lepton.dense, the
// register-blocked kernel), and the result rows viewed as the output image (lepton.reshape).
#include "frontend/mlirgen/LayerRegistry.h"

#include "ir/LeptonDialect.h"

using namespace mlir;

namespace {
lepton::WindowGeometry geometryOf(const lepton::ast::Layer &layer) {
  const auto &in = layer.inputShape; // [H, W, C], checked by the front end
  return lepton::WindowGeometry::forLayer(in[0], in[1], in[2], layer.kernel[0], layer.kernel[1],
                                          layer.stride[0], layer.stride[1],
                                          layer.padding == lepton::Padding::Same);
}

DenseI64ArrayAttr imageAttr(OpBuilder &b, const lepton::WindowGeometry &g) {
  return b.getDenseI64ArrayAttr({g.height, g.width, g.channels});
}

DenseI64ArrayAttr windowAttr(OpBuilder &b, const lepton::WindowGeometry &g) {
  return b.getDenseI64ArrayAttr(
      {g.kernelH, g.kernelW, g.strideH, g.strideW, g.padTop, g.padLeft, g.outH, g.outW});
}

RankedTensorType matrix(OpBuilder &b, int64_t rows, int64_t cols) {
  return RankedTensorType::get({rows, cols}, b.getF32Type());
}

/// `3x3`, then `s2` and `same` when not the defaults (stride 1 for conv, the kernel for pools).
std::string windowText(const lepton::ast::Layer &layer, bool forSignature) {
  std::string sep = forSignature ? "," : ", ";
  std::string text = std::to_string(layer.kernel[0]) + "x" + std::to_string(layer.kernel[1]);
  std::array<int64_t, 2> defaultStride =
      layer.kind == lepton::LayerKind::Conv2D ? std::array<int64_t, 2>{{1, 1}} : layer.kernel;
  if (layer.stride != defaultStride)
    text += sep + "stride " + std::to_string(layer.stride[0]) + "x" +
            std::to_string(layer.stride[1]);
  if (layer.padding == lepton::Padding::Same)
    text += sep + "same";
  return text;
}

// ---- conv2d(filters, kernel, stride:, padding:, activation:, bias:) ----

std::vector<lepton::ParameterSpec> convParameters(const lepton::ast::Layer &layer) {
  // weight [KH, KW, Cin, Cout] (HWIO); PyTorch's nn.Conv2d bounds use fan-in KH·KW·Cin.
  int64_t cin = layer.inputShape[2], cout = layer.units;
  int64_t kh = layer.kernel[0], kw = layer.kernel[1];
  int64_t fanIn = kh * kw * cin, fanOut = kh * kw * cout;
  std::vector<lepton::ParameterSpec> params{{"weight", {kh, kw, cin, cout}, false, true, fanIn, fanOut}};
  if (layer.bias)
    params.push_back({"bias", {cout}, true, false, fanIn, fanOut});
  return params;
}

Value convForward(lepton::LayerBuilder &lb, const lepton::ast::Layer &layer, Value x,
                  ValueRange params) {
  OpBuilder &b = lb.b;
  lepton::WindowGeometry g = geometryOf(layer);
  int64_t batch = cast<RankedTensorType>(x.getType()).getDimSize(0);
  int64_t rows = ShapedType::isDynamic(batch) ? batch : batch * g.outputPositions();
  Value patches = lepton::Im2ColOp::create(b, lb.loc, matrix(b, rows, g.patchSize()), x,
                                           imageAttr(b, g), windowAttr(b, g));
  Value weight = lepton::ReshapeOp::create(b, lb.loc, matrix(b, g.patchSize(), layer.units),
                                           params[0]);
  Value bias = layer.bias ? params[1] : Value();
  Value y = lepton::DenseOp::create(b, lb.loc, matrix(b, rows, layer.units), patches, weight, bias);
  y = lb.activation(layer.activation, layer.negativeSlope, y);
  return lepton::ReshapeOp::create(b, lb.loc,
                                   matrix(b, batch, g.outputPositions() * layer.units), y);
}

std::string describeConv(const lepton::ast::Layer &layer, bool forSignature) {
  std::string sep = forSignature ? "," : ", ";
  std::string text = "conv2d(" + std::to_string(layer.units) + sep + windowText(layer, forSignature);
  if (layer.activation != lepton::Activation::Linear)
    text += sep + lepton::activationName(layer.activation);
  if (!layer.bias)
    text += forSignature ? ",nobias" : ", bias: false";
  return text + ")";
}

// ---- maxpool2d(size, stride:, padding:) and avgpool2d(…) ----

template <typename PoolOp>
Value poolForward(lepton::LayerBuilder &lb, const lepton::ast::Layer &layer, Value x, ValueRange) {
  lepton::WindowGeometry g = geometryOf(layer);
  int64_t batch = cast<RankedTensorType>(x.getType()).getDimSize(0);
  return PoolOp::create(lb.b, lb.loc, matrix(lb.b, batch, g.outputPositions() * g.channels), x,
                        imageAttr(lb.b, g), windowAttr(lb.b, g));
}

std::string describePool(const lepton::ast::Layer &layer, bool forSignature) {
  std::string name = layer.kind == lepton::LayerKind::MaxPool2D ? "maxpool2d(" : "avgpool2d(";
  return name + windowText(layer, forSignature) + ")";
}
} // namespace

const lepton::LayerEntry lepton::conv2dLayer{"conv", convParameters, convForward, describeConv};
const lepton::LayerEntry lepton::maxPool2dLayer{"", noParameters, poolForward<MaxPool2DOp>,
                                                describePool};
const lepton::LayerEntry lepton::avgPool2dLayer{"", noParameters, poolForward<AvgPool2DOp>,
                                                describePool};
