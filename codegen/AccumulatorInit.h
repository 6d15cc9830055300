// AccumulatorInit.h — finds what a contraction's C holds before it accumulates: zeros or a bias row.
#ifndef LEPTON_CODEGEN_ACCUMULATORINIT_H
#define LEPTON_CODEGEN_ACCUMULATORINIT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace lepton {

/// The op that initialises a contraction's C right before it accumulates: a `linalg.fill` of +0.0 or
/// integer 0 (C = 0; C += A·B: weight and input gradients, int8 products) or a `linalg.broadcast` of a row vector over C's
/// rows (C = bias; C += X·W: every dense layer and convolution).
struct AccumulatorInit {
  mlir::Operation *op = nullptr; ///< the fill or the broadcast; null when there is none
  mlir::Value bias;              ///< the broadcast row (C[i, j] = bias[j]); null for zeros
  explicit operator bool() const { return op != nullptr; }
};

/// The initialisation of `op`'s init C earlier in the same block, when nothing between the two uses C
/// or a view of it (views are users of C too). lepton-matmul-to-vector folds it (the first k block
/// starts its accumulators from zeros or the bias row instead of loading C, and the init's own pass
/// over C disappears); lepton-parallelize moves it with the contraction into each row chunk.
inline AccumulatorInit accumulatorInitOf(mlir::linalg::LinalgOp op) {
  using namespace mlir;
  if (op.getNumDpsInits() != 1)
    return {};
  Value c = op.getDpsInits().front();
  AccumulatorInit init;
  for (Operation *prev = op->getPrevNode(); prev && !init; prev = prev->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(prev);
        fill && fill.hasPureBufferSemantics() && fill.getOutputs().front() == c) {
      auto zero = fill.getInputs().front().getDefiningOp<arith::ConstantOp>();
      auto value = zero ? dyn_cast<FloatAttr>(zero.getValue()) : FloatAttr();
      auto integer = zero ? dyn_cast<IntegerAttr>(zero.getValue()) : IntegerAttr();
      if (!(value && value.getValue().isPosZero()) && !(integer && integer.getValue().isZero()))
        return {};
      init.op = fill;
    } else if (auto broadcast = dyn_cast<linalg::BroadcastOp>(prev);
               broadcast && broadcast.hasPureBufferSemantics() && broadcast.getInit() == c) {
      auto row = dyn_cast<MemRefType>(broadcast.getInput().getType());
      if (!row || row.getRank() != 1 || broadcast.getDimensions() != ArrayRef<int64_t>{0})
        return {};
      init.op = broadcast;
      init.bias = broadcast.getInput();
    }
  }
  if (!init)
    return {};
  Block *block = op->getBlock();
  for (Operation *user : c.getUsers()) {
    Operation *inBlock = block->findAncestorOpInBlock(*user);
    if (inBlock && inBlock != init.op && inBlock != op && init.op->isBeforeInBlock(inBlock) &&
        inBlock->isBeforeInBlock(op))
      return {};
  }
  return init;
}

} // namespace lepton

#endif // LEPTON_CODEGEN_ACCUMULATORINIT_H
