// OptimizerGen.h — a train block's optimizer: its state tensors and the in-place update.
#ifndef LEPTON_FRONTEND_MLIRGEN_OPTIMIZERGEN_H
#define LEPTON_FRONTEND_MLIRGEN_OPTIMIZERGEN_H

#include "frontend/mlirgen/ModelState.h"

namespace lepton {

/// One optimizer applied to one model. Interface: the constructor adds the optimizer's state
/// (Adam's m and v, SGD's velocity, RMSprop's square average and buffer) to the model state as
/// `<param>_<tag><state>` (`tag` tells train blocks of one model apart; empty for the first);
/// `emitUpdate(params, grads, lr, step)` applies one step to the parameters (tensors read from
/// the model state) and writes parameters and state back in place.
class OptimizerGen {
public:
  OptimizerGen(GenContext &ctx, ModelState &state, const ast::OptimizerSpec &spec,
               std::string tag);

  void emitUpdate(mlir::ValueRange params, mlir::ValueRange grads, mlir::Value lr,
                  mlir::Value step);

  /// Bytes of state per parameter element (in f32 tensors): 2 for Adam, …
  static int64_t statesPerParameter(const ast::OptimizerSpec &spec);

private:
  llvm::SmallVector<std::string> stateNames(const Parameter &param) const;

  GenContext &ctx;
  ModelState &state;
  const ast::OptimizerSpec &spec;
  std::string tag;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_OPTIMIZERGEN_H
