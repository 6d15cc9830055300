// LayerRegistry.h — everything code generation knows about one layer kind, in one entry per kind.
#ifndef LEPTON_FRONTEND_MLIRGEN_LAYERREGISTRY_H
#define LEPTON_FRONTEND_MLIRGEN_LAYERREGISTRY_H

#include "frontend/AST.h"

#include "mlir/IR/Builders.h"

#include <optional>
#include <string>
#include <vector>

namespace lepton {

/// One trainable tensor of a layer.
struct ParameterSpec {
  std::string role;                    ///< "weight", "bias", … (the name's suffix)
  llvm::SmallVector<int64_t, 4> shape;
  bool isBias = false;                 ///< biases: zero under `init:` other than the default
  bool regularized = false;            ///< l1/l2 apply to it
  int64_t fanIn = 0, fanOut = 0;       ///< for the default, He and Glorot bounds
  std::optional<float> constant;       ///< starts at this value whatever `init:` says (batchnorm)
};

/// A tensor a layer keeps that is not trained but saved in checkpoints (batchnorm's running
/// statistics), updated by the train step.
struct LayerStateSpec {
  std::string role; ///< the name's suffix, e.g. "running_mean"
  llvm::SmallVector<int64_t, 1> shape;
  float initial = 0;
};

/// Batch statistics a layer computed in a training forward pass, for its running averages.
struct BatchStatistics {
  const ast::Layer *layer;
  mlir::Value mean, variance;
};

/// What a layer's forward builder gets.
struct LayerBuilder {
  mlir::OpBuilder &b;
  mlir::Location loc;
  bool training;             ///< dropout and batch statistics only apply while training
  mlir::Value randomKey;     ///< i64, unique per step (null when not training)
  unsigned randomStream = 0; ///< the layer's own offset for `randomKey` (counted by the model)
  mlir::Value rowWeights;    ///< (B) loss weights while training: padded rows weigh 0
  llvm::SmallVector<mlir::Value> state; ///< the layer's state tensors (LayerEntry::state order)
  llvm::SmallVectorImpl<BatchStatistics> *batchStatistics = nullptr; ///< where to record them

  /// A layer's fused activation (`activation:` of dense/conv2d, or a stand-alone layer).
  mlir::Value activation(Activation act, double slope, mlir::Value x);
};

/// The registry entry of a layer kind. Interface:
///   - `parameters(layer)`: its trainable tensors, in the order generated functions take them;
///     named `<paramPrefix><k>_<role>` with k counting the layers of this kind that have any;
///   - `forward(builder, layer, input, params)`: lepton ops from a (batch, …) input;
///   - `describe(layer, forSignature)`: `dense(128,relu)` in checkpoint signatures (no spaces),
///     `dense(128, relu)` in reports;
///   - `usesRandomness(layer)`: takes a random stream while training (dropout with rate > 0);
///     null for layers that never do.
struct LayerEntry {
  const char *paramPrefix;
  std::vector<ParameterSpec> (*parameters)(const ast::Layer &layer);
  mlir::Value (*forward)(LayerBuilder &builder, const ast::Layer &layer, mlir::Value input,
                         mlir::ValueRange params);
  std::string (*describe)(const ast::Layer &layer, bool forSignature);
  bool (*usesRandomness)(const ast::Layer &layer) = nullptr;
  std::vector<LayerStateSpec> (*state)(const ast::Layer &layer) = nullptr;
};

/// Every entry, defined in the file that implements the layer.
#define LEPTON_LAYER(KIND, ENTRY) extern const LayerEntry ENTRY;
#include "frontend/mlirgen/Layers.def"

/// The entry for `kind`, or null when code generation does not implement it (yet).
const LayerEntry *findLayerEntry(LayerKind kind);

/// Helpers for entries.
std::vector<ParameterSpec> noParameters(const ast::Layer &layer);
std::string describeByName(const ast::Layer &layer, bool forSignature);
const char *activationName(Activation act);

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_LAYERREGISTRY_H
