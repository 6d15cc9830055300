// ModelGen.h — a model's layers as lepton ops, built from the layer registry.
#ifndef LEPTON_FRONTEND_MLIRGEN_MODELGEN_H
#define LEPTON_FRONTEND_MLIRGEN_MODELGEN_H

#include "frontend/AST.h"
#include "frontend/mlirgen/LayerRegistry.h"

#include "mlir/IR/Builders.h"

#include <functional>
#include <string>
#include <vector>

namespace lepton {
class DiagnosticEngine;

/// One trainable tensor of a model, in the order the generated functions take them.
struct Parameter {
  std::string name; ///< e.g. "dense0_weight"
  ParameterSpec spec;
  const ast::Layer *layer = nullptr;
  const llvm::SmallVector<int64_t, 4> &shape() const { return spec.shape; }
  int64_t numElements() const;
};

/// Reports every layer of `model` that has no registry entry; true when all have one.
bool checkLayersSupported(const ast::Model &model, DiagnosticEngine &diags);

/// The model's parameters: each layer's, in layer order (LayerEntry::parameters).
std::vector<Parameter> modelParameters(const ast::Model &model);

/// True when some layer of the model keeps state (running statistics).
bool hasLayerState(const ast::Model &model);

/// Builds one model's forward pass and penalties. Interface: `forward(input, params, training,
/// key)` returns the (batch, outputs) result of the layers applied to a (batch, features)
/// input; `params` follow modelParameters(); `key` (i64) seeds random layers when `training`.
/// `addRegularizers(loss, params)` adds the l1/l2 penalties (per layer, else the model's).
/// What layers with state (batchnorm) need beyond parameters: the loss's row weights while
/// training, their state tensors, and where to record batch statistics.
struct ForwardExtras {
  mlir::Value rowWeights;
  std::function<llvm::SmallVector<mlir::Value>(const ast::Layer &)> layerState;
  llvm::SmallVectorImpl<BatchStatistics> *batchStatistics = nullptr;
};

class ModelGen {
public:
  ModelGen(const ast::Model &model, mlir::OpBuilder &builder) : model(model), b(builder) {}

  mlir::Value forward(mlir::Value input, mlir::ValueRange params, bool training,
                      mlir::Value randomKey, const ForwardExtras &extras = {});
  mlir::Value addRegularizers(mlir::Value loss, mlir::ValueRange params);

private:
  const ast::Model &model;
  mlir::OpBuilder &b;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_MODELGEN_H
