// ShapeInference.h — output shapes of layers and preprocessing steps (samples, HWC layout).
#ifndef LEPTON_FRONTEND_SHAPEINFERENCE_H
#define LEPTON_FRONTEND_SHAPEINFERENCE_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"

#include <optional>

namespace lepton::shapes {

/// Why a shape could not be inferred: the diagnostic to report at the layer or step, and
/// an optional hint.
struct ShapeError {
  diag::ID id = diag::NumIDs;
  std::vector<std::string> args;
  std::string hint;
};

/// Output length of a sliding window over `in` positions: `valid` needs k <= in and gives
/// (in - k) / stride + 1; `same` gives ceil(in / stride).
int64_t windowOutput(int64_t in, int64_t kernel, int64_t stride, Padding padding);

/// The shape `layer` produces from `input` (one sample, height-width-channel for images).
std::optional<ast::Shape> inferLayer(const ast::Layer &layer, llvm::ArrayRef<int64_t> input,
                                     ShapeError &error);

/// Trainable parameters of `layer` given its input shape.
int64_t countParameters(const ast::Layer &layer, llvm::ArrayRef<int64_t> input);

/// The sample shape after preprocessing step `step` (label steps leave it unchanged).
std::optional<ast::Shape> inferTransform(const ast::Transform &step, llvm::ArrayRef<int64_t> input,
                                         ShapeError &error);

/// `target` with its -1 (if any) resolved so it holds as many values as `input`; `what`
/// names the step in the error ("reshape").
std::optional<ast::Shape> resolveReshape(llvm::ArrayRef<int64_t> target,
                                         llvm::ArrayRef<int64_t> input, ShapeError &error);

} // namespace lepton::shapes

#endif // LEPTON_FRONTEND_SHAPEINFERENCE_H
