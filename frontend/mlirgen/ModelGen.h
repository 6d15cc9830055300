// ModelGen.h — a model's trainable parameters and its layers as lepton ops.
#ifndef LEPTON_FRONTEND_MLIRGEN_MODELGEN_H
#define LEPTON_FRONTEND_MLIRGEN_MODELGEN_H

#include "frontend/AST.h"

#include "mlir/IR/Builders.h"

#include <string>
#include <vector>

namespace lepton {
class DiagnosticEngine;

/// One trainable tensor of a model, in the order the generated functions take them.
struct Parameter {
  std::string name;             ///< e.g. "dense0_weight"
  llvm::SmallVector<int64_t, 2> shape;
  const ast::Layer *layer = nullptr;
  bool isBias = false;
  int64_t fanIn = 0, fanOut = 0;
};

/// Lowers the layers of one model to lepton ops on a (batch, features) tensor.
class ModelGen {
public:
  ModelGen(const ast::Model &model, mlir::OpBuilder &builder) : model(model), b(builder) {}

  /// Reports every layer code generation cannot handle yet; true when all are supported.
  bool checkSupported(DiagnosticEngine &diags) const;

  /// The model's parameters (dense: weight [in, out] then bias [out], per layer).
  std::vector<Parameter> parameters() const;

  /// Emits the forward pass. `params` follow parameters(); `dropoutKey` (i64) seeds dropout
  /// masks when `training`, and is ignored otherwise. Returns the (batch, outputs) result.
  mlir::Value forward(mlir::Value input, mlir::ValueRange params, bool training,
                      mlir::Value dropoutKey);

  /// Adds the model's l1/l2 penalties on weights to `loss` (a 0-d tensor).
  mlir::Value addRegularizers(mlir::Value loss, mlir::ValueRange params);

private:
  mlir::Value activation(mlir::Location loc, Activation act, double slope, mlir::Value x);

  const ast::Model &model;
  mlir::OpBuilder &b;
};

/// The MLIR location of a .lep source position.
mlir::Location toMLIR(mlir::MLIRContext *context, const Location &loc);

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_MODELGEN_H
