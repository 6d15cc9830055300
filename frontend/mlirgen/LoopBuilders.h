// LoopBuilders.h — small builders for the generated agent loops (shared by the tabular and DQN learners).
#ifndef LEPTON_FRONTEND_MLIRGEN_LOOPBUILDERS_H
#define LEPTON_FRONTEND_MLIRGEN_LOOPBUILDERS_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace lepton {

/// Episodes of greedy play are numbered from here, so their resets differ from training's.
constexpr int64_t kPlayEpisodeBase = int64_t(1) << 40;

/// `while (cond(args)) args = body(args)` as scf.while; returns the final values.
inline mlir::ValueRange whileLoop(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange inits,
                                  llvm::function_ref<mlir::Value(mlir::ValueRange)> cond,
                                  llvm::function_ref<llvm::SmallVector<mlir::Value>(mlir::ValueRange)> body) {
  auto loop = mlir::scf::WhileOp::create(
      b, loc, inits.getTypes(), inits,
      [&](mlir::OpBuilder &, mlir::Location, mlir::ValueRange args) {
        mlir::scf::ConditionOp::create(b, loc, cond(args), args);
      },
      [&](mlir::OpBuilder &, mlir::Location, mlir::ValueRange args) {
        mlir::scf::YieldOp::create(b, loc, body(args));
      });
  return loop.getResults();
}

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_LOOPBUILDERS_H
