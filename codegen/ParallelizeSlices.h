// ParallelizeSlices.h — lepton-parallelize for the batch-slice loops of lepton-slice-patches.
#ifndef LEPTON_CODEGEN_PARALLELIZESLICES_H
#define LEPTON_CODEGEN_PARALLELIZESLICES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

#include <optional>

namespace lepton::threads {

/// A loop of lepton-slice-patches whose slices are independent: with several threads its iterations
/// (whole slices: im2col, product and activation, or product and col2im) are the iterations of an
/// scf.parallel, each with scratch buffers of its own. With one thread, the loop as it was.
void parallelizeSlices(mlir::RewriterBase &rewriter, mlir::scf::ForOp loop, mlir::func::FuncOp threadCount);

/// Whether `op` is inside a loop of independent slices (whose ops are not split further).
bool insideIndependentSlices(mlir::Operation *op);

/// A loop of lepton-slice-patches that sums over slices (lepton::kSummedSlicesAttr): its contraction
/// (dW += patchesᵀ·dy), the ops after it that read only its B (the bias gradient's column sums), and the
/// scratch the ops before it write (the slice's patches: buffers allocated before the loop, used only in it).
struct SummedSlices {
  mlir::linalg::LinalgOp product;
  llvm::SmallVector<int64_t> positions;
  llvm::SmallVector<mlir::Operation *> sums;
  llvm::SetVector<mlir::memref::AllocOp> scratch;
};

/// The parts of `loop`, or none when it is not such a loop or its body holds anything else.
std::optional<SummedSlices> summedSlicesOf(mlir::scf::ForOp loop);

/// With several threads, the summed-slices loop as one scf.parallel over row chunks of its weight gradient
/// (each thread every slice, its own patches, its rows); with one thread, the loop as it was.
void splitSummedSlices(mlir::RewriterBase &rewriter, mlir::scf::ForOp loop, SummedSlices &parts,
                       mlir::func::FuncOp threadCount);

} // namespace lepton::threads

#endif // LEPTON_CODEGEN_PARALLELIZESLICES_H
