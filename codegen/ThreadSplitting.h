// ThreadSplitting.h — helpers lepton-parallelize's two halves share (codegen/Parallelize.cpp, ParallelizeSlices.cpp).
#ifndef LEPTON_CODEGEN_THREADSPLITTING_H
#define LEPTON_CODEGEN_THREADSPLITTING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace lepton::threads {

/// Rows per matmul chunk are a multiple of this (the kernel's register block of rows).
constexpr int64_t kRowGranule = 8;

/// Replaces `loop` (no iter_args) by an scf.parallel over the same range with the same body.
void makeParallel(mlir::RewriterBase &rewriter, mlir::scf::ForOp loop);

/// The number of threads the program runs with (`lepton_thread_count()`, as an index).
mlir::Value threadCountValue(mlir::RewriterBase &rewriter, mlir::Location loc, mlir::func::FuncOp threadCount);

/// lepton_thread_count() > 1, at the rewriter's place.
mlir::Value severalThreads(mlir::RewriterBase &rewriter, mlir::Location loc, mlir::func::FuncOp threadCount);

/// `scf.if (cond) { <then> } else { op }`: the op moves into the else branch unchanged (the serial
/// code a one-thread run takes, without starting OpenMP); returns the builder's place in `then`.
mlir::scf::IfOp guardWithSerialCopy(mlir::RewriterBase &rewriter, mlir::Operation *op, mlir::Value cond);

/// A 2-D contraction C[m, n] += A·B on buffers, with the position of m in each operand that has it
/// (C and A; B has none), or nothing when it is not one the row split handles.
std::optional<llvm::SmallVector<int64_t>> rowPositions(mlir::linalg::LinalgOp op);

/// Rows [first, first + count) of a 2-D buffer whose rows are along dimension `position` (0 or 1).
mlir::Value rowsView(mlir::RewriterBase &rewriter, mlir::Location loc, mlir::Value whole, int64_t position,
                     mlir::OpFoldResult first, mlir::OpFoldResult count);

} // namespace lepton::threads

#endif // LEPTON_CODEGEN_THREADSPLITTING_H
