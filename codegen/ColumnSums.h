// ColumnSums.h — finds the bias gradient (the column sums of B) that a weight-gradient kernel can compute on the way.
#ifndef LEPTON_CODEGEN_COLUMNSUMS_H
#define LEPTON_CODEGEN_COLUMNSUMS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace lepton {

/// db[j] += Σ_k B[k, j] — a `linalg.generic` over B (iterators [reduction, parallel], body
/// `out + in`): a layer's bias gradient next to its weight gradient dW = xᵀ·dy, whose B is dy.
/// A kernel that streams B for dW can add each row of B into one more row of accumulators and
/// store the sums, so the separate pass over dy (5.5 MB per step for the CNN's first convolution)
/// disappears. Adding in ascending k in one chain per column, the kernel gives the same bits.
struct ColumnSums {
  mlir::linalg::GenericOp op; ///< the reduction, now right after the contraction; null: none
  mlir::Value out;            ///< db
  mlir::linalg::FillOp fill;  ///< db's initialisation, when it sat between the two (the kernel
                              ///< then starts its sums from the fill's value); else db is loaded
  explicit operator bool() const { return op != nullptr; }
};

/// The column sums of `b` (the contraction's B, stored [k, col]) computed after `matmul`, when
/// folding them into its kernel changes nothing any op reads: between the two (in the block of
/// `matmul`, or after the `scf.if` lepton-parallelize wrapped it in, the contraction in its else
/// branch) only ops without memory effects, allocations and db's fill; db provably disjoint from C and B. The
/// reduction (and the fill) are then moved right after `matmul`; in the parallelised form a copy of
/// both ends the if's then branch, which keeps the separate pass. Returns {} otherwise.
/// lepton-matmul-to-vector folds what this returns into the kernel; lepton-parallelize sums a thin
/// weight gradient and its bias gradient in parts along the batch.
ColumnSums takeColumnSumsOf(mlir::linalg::LinalgOp matmul, mlir::Value b);

} // namespace lepton

#endif // LEPTON_CODEGEN_COLUMNSUMS_H
