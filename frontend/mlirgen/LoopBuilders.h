// LoopBuilders.h — small builders for the generated agent loops (shared by the tabular and DQN learners).
#ifndef LEPTON_FRONTEND_MLIRGEN_LOOPBUILDERS_H
#define LEPTON_FRONTEND_MLIRGEN_LOOPBUILDERS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace lepton {

/// Episodes of greedy play are numbered from here, so their resets differ from training's.
constexpr int64_t kPlayEpisodeBase = int64_t(1) << 40;

/// `!v` for an i1.
inline mlir::Value notI1(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v) {
  return mlir::arith::XOrIOp::create(b, loc, v, mlir::arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1));
}

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

/// The first index in [0, n) of the largest `value(i)` (ties go to the lowest), as an index.
inline mlir::Value firstArgmax(mlir::OpBuilder &b, mlir::Location loc, int64_t n,
                               llvm::function_ref<mlir::Value(mlir::Value)> value) {
  mlir::Value zero = mlir::arith::ConstantIndexOp::create(b, loc, 0);
  mlir::Value from = mlir::arith::ConstantIndexOp::create(b, loc, 1);
  mlir::Value end = mlir::arith::ConstantIndexOp::create(b, loc, n);
  mlir::Value step = mlir::arith::ConstantIndexOp::create(b, loc, 1);
  mlir::Value first = value(zero);
  auto scan = mlir::scf::ForOp::create(b, loc, from, end, step, mlir::ValueRange{first, zero});
  mlir::OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(scan.getBody());
  mlir::Value i = scan.getInductionVar(), v = value(i);
  mlir::Value better =
      mlir::arith::CmpFOp::create(b, loc, mlir::arith::CmpFPredicate::OGT, v, scan.getRegionIterArg(0));
  mlir::scf::YieldOp::create(
      b, loc,
      mlir::ValueRange{mlir::arith::SelectOp::create(b, loc, better, v, scan.getRegionIterArg(0)),
                       mlir::arith::SelectOp::create(b, loc, better, i, scan.getRegionIterArg(1))});
  return scan.getResult(1);
}

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_LOOPBUILDERS_H
