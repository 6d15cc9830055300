// ShapeInference.cpp — shape rules of every layer and preprocessing step.
#include "frontend/ShapeInference.h"

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::shapes;

namespace {
ShapeError makeError(diag::ID id, std::vector<std::string> args, std::string hint = "") {
  return ShapeError{id, std::move(args), std::move(hint)};
}

std::string pairText(const std::array<int64_t, 2> &p) { return formatShape({p[0], p[1]}); }
} // namespace

int64_t shapes::windowOutput(int64_t in, int64_t kernel, int64_t stride, Padding padding) {
  if (padding == Padding::Same)
    return (in + stride - 1) / stride;
  return (in - kernel) / stride + 1;
}

std::optional<Shape> shapes::resolveReshape(llvm::ArrayRef<int64_t> target,
                                            llvm::ArrayRef<int64_t> input, ShapeError &error) {
  int64_t have = numElements(input);
  int64_t known = 1;
  int inferAt = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1)
      inferAt = static_cast<int>(i);
    else
      known = saturatingMul(known, target[i]);
  }
  Shape result(target.begin(), target.end());
  if (inferAt >= 0 && known > 0 && have % known == 0)
    result[inferAt] = have / known;
  if (inferAt >= 0 ? (known == 0 || have % known != 0) : known != have) {
    error = makeError(diag::ReshapeSizeMismatch,
                      {formatShape(input), std::to_string(have), formatShape(target),
                       inferAt >= 0 ? "a multiple of " + std::to_string(known)
                                    : std::to_string(known)});
    return std::nullopt;
  }
  return result;
}

std::optional<Shape> shapes::inferLayer(const Layer &layer, llvm::ArrayRef<int64_t> input,
                                        ShapeError &error) {
  llvm::StringRef name = nameOf(layer.kind);
  switch (layer.kind) {
  case LayerKind::Dense:
    if (input.size() != 1) {
      error = makeError(diag::DenseNeedsFlatInput, {formatShape(input)});
      return std::nullopt;
    }
    return Shape{layer.units};
  case LayerKind::Conv2D:
  case LayerKind::MaxPool2D:
  case LayerKind::AvgPool2D: {
    if (input.size() != 3) {
      std::string hint;
      if (input.size() == 2)
        hint = "for one channel, add 'reshape([" + std::to_string(input[0]) + ", " +
               std::to_string(input[1]) + ", 1])' to the preprocessing";
      error = makeError(diag::LayerInputRank,
                        {name.str(), "an image [height, width, channels]", formatShape(input)},
                        hint);
      return std::nullopt;
    }
    if (layer.padding == Padding::Valid &&
        (layer.kernel[0] > input[0] || layer.kernel[1] > input[1])) {
      error = makeError(diag::KernelTooLarge,
                        {name.str(), pairText(layer.kernel), formatShape(input)},
                        "each layer before it shrinks the image; use fewer or smaller windows, "
                        "or padding: same");
      return std::nullopt;
    }
    int64_t channels = layer.kind == LayerKind::Conv2D ? layer.units : input[2];
    return Shape{windowOutput(input[0], layer.kernel[0], layer.stride[0], layer.padding),
                 windowOutput(input[1], layer.kernel[1], layer.stride[1], layer.padding),
                 channels};
  }
  case LayerKind::Flatten:
    return Shape{numElements(input)};
  case LayerKind::Reshape:
    return resolveReshape(layer.newShape, input, error);
  case LayerKind::Dropout:
  case LayerKind::BatchNorm:
  case LayerKind::Relu:
  case LayerKind::Sigmoid:
  case LayerKind::Tanh:
  case LayerKind::LeakyRelu:
  case LayerKind::Softmax:
    return Shape(input.begin(), input.end());
  }
  return std::nullopt;
}

int64_t shapes::countParameters(const Layer &layer, llvm::ArrayRef<int64_t> input) {
  int64_t bias = layer.bias ? layer.units : 0;
  int64_t channels = input.empty() ? 0 : input.back();
  switch (layer.kind) {
  case LayerKind::Dense:
    return saturatingAdd(saturatingMul(numElements(input), layer.units), bias);
  case LayerKind::Conv2D:
    return saturatingAdd(numElements({layer.kernel[0], layer.kernel[1], channels, layer.units}),
                         bias);
  case LayerKind::BatchNorm:
    return saturatingMul(2, channels);
  default:
    return 0;
  }
}

std::optional<Shape> shapes::inferTransform(const Transform &step, llvm::ArrayRef<int64_t> input,
                                            ShapeError &error) {
  switch (step.kind) {
  case TransformKind::Flatten:
    return Shape{numElements(input)};
  case TransformKind::Reshape:
    return resolveReshape(step.newShape, input, error);
  case TransformKind::Normalize: {
    int64_t channels = input.empty() ? 1 : input.back();
    for (const std::vector<double> *values : {&step.mean, &step.std}) {
      if (values->size() != 1 && static_cast<int64_t>(values->size()) != channels) {
        error = makeError(diag::ChannelCountMismatch,
                          {values == &step.mean ? "mean" : "std", std::to_string(values->size()),
                           std::to_string(channels)},
                          "give one value for all channels, or one per channel (the last "
                          "dimension of the sample)");
        return std::nullopt;
      }
    }
    return Shape(input.begin(), input.end());
  }
  default:
    return Shape(input.begin(), input.end());
  }
}
