// LoweringUtils.h — builders shared by the lepton → linalg patterns: empty/filled tensors, generics.
#ifndef LEPTON_IR_CONVERSION_LEPTONTOLINALG_LOWERINGUTILS_H
#define LEPTON_IR_CONVERSION_LEPTONTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

namespace lepton::lowering {

/// Where a dynamic extent of a new tensor is read from: `tensor.dim tensor, dim`.
struct DimSource {
  mlir::Value tensor;
  int64_t dim;
};

/// Body of a `linalg.generic`: gets the block arguments (input elements, then output
/// elements) and returns the values to yield.
using GenericBody = llvm::function_ref<llvm::SmallVector<mlir::Value>(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// `tensor.empty` of `type`; dimension d, when dynamic, has the extent of `sources[d]`.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                        llvm::ArrayRef<DimSource> sources);

/// `tensor.empty` of `type` whose dynamic extents are those of `like` (same rank).
mlir::Value emptyLike(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                      mlir::Value like);

/// `linalg.fill` of `init` with the f32 constant `value`.
mlir::Value fill(mlir::OpBuilder &b, mlir::Location loc, mlir::Value init, double value);

/// A `tensor<f32>` holding `value`, to accumulate a full reduction into.
mlir::Value scalarAccumulator(mlir::OpBuilder &b, mlir::Location loc, double value);

/// `arith.constant value : f32`.
mlir::Value f32Constant(mlir::OpBuilder &b, mlir::Location loc, double value);

/// `linalg.generic` over `numDims` loops with the given maps and iterator kinds, yielding
/// what `body` returns; returns the op's results.
mlir::ValueRange buildGeneric(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange inputs,
                              mlir::ValueRange outputs, llvm::ArrayRef<mlir::AffineMap> maps,
                              llvm::ArrayRef<mlir::utils::IteratorType> iterators,
                              GenericBody body);

/// An all-parallel elementwise `linalg.generic`: every input has `resultType`'s shape and
/// the identity map except 0-d inputs (broadcast scalars such as a loss cotangent);
/// `body` gets the input elements and returns the result element.
mlir::Value buildElementwise(
    mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType resultType,
    mlir::ValueRange inputs,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)> body);

/// Reduces all dimensions of `input` into a `tensor<f32>` with `body(acc, element)`.
mlir::Value buildFullReduction(
    mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::Value)>
        body);

/// Reduces the last dimension of `inputs[0]` (rank r) into a rank r-1 tensor started at
/// `init`; further inputs are rank r-1 row values (e.g. the row maximum). `body(acc, elements)`
/// gets the accumulator and the input elements and returns the new accumulator.
mlir::Value buildLastDimReduction(
    mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange inputs, double init,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::Value,
                                   mlir::ValueRange)>
        body);

/// Row maximum and Σ exp(x - max) over the last dimension of `x` (two reductions), the
/// stable pieces of softmax and log-sum-exp.
std::pair<mlir::Value, mlir::Value> buildRowMaxAndSumExp(mlir::OpBuilder &b, mlir::Location loc,
                                                         mlir::Value x);

/// The scalar body of a forward activation ("relu", "sigmoid", "tanh", "leaky_relu" with
/// `alpha`) on one element: shared by the stand-alone ops and dense layers with a fused one, so
/// both compute bit-identical values.
mlir::Value activationElement(mlir::OpBuilder &b, mlir::Location loc, llvm::StringRef activation,
                              float alpha, mlir::Value x);

/// Identity map of rank r with the last dimension dropped: (d0..d{r-1}) -> (d0..d{r-2}).
mlir::AffineMap dropLastDimMap(unsigned rank, mlir::MLIRContext *ctx);

/// Loop iterator kinds: `numParallel` parallel loops followed by `numReduction` reductions.
llvm::SmallVector<mlir::utils::IteratorType> iterators(unsigned numParallel,
                                                       unsigned numReduction = 0);

} // namespace lepton::lowering

#endif // LEPTON_IR_CONVERSION_LEPTONTOLINALG_LOWERINGUTILS_H
