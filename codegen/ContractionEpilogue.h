// ContractionEpilogue.h — finds the elementwise op right after a contraction that a kernel can apply in registers.
#ifndef LEPTON_CODEGEN_CONTRACTIONEPILOGUE_H
#define LEPTON_CODEGEN_CONTRACTIONEPILOGUE_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

namespace lepton {

/// The mirror of AccumulatorInit: an all-parallel `linalg.generic` right after a contraction whose
/// only input is the contraction's C, with identity maps (a fused activation: `lepton.dense
/// {activation}` lowers to exactly this, marked by lepton-contraction-epilogues; or a weight's optimizer
/// update, whose outputs — the weight and its optimizer state, shaped like C — it also reads, marked by
/// lepton-optimizer-epilogues). lepton-matmul-to-vector applies its body to each tile's accumulators
/// after the last k block (with the outputs' vectors at the same place, where the body reads them) and
/// stores the results straight into the outputs; the generic and its pass over C disappear.
/// lepton-parallelize moves it with the contraction into each row chunk.
struct ContractionEpilogue {
  mlir::linalg::GenericOp op; ///< null when there is none
  mlir::Value output;         ///< the generic's first output buffer (C itself when it runs in place)
  explicit operator bool() const { return static_cast<bool>(op); }
};

/// On a `linalg.generic`: lepton-contraction-epilogues found it to be the epilogue of the contraction
/// right before it (the only pass that decides it, on the serial IR before threads split it).
inline constexpr char kEpilogueAttr[] = "lepton.contraction_epilogue";

/// The marked epilogue right after `op` (also in each row chunk lepton-parallelize cut, which
/// clones it with the contraction), or none.
inline ContractionEpilogue epilogueOf(mlir::linalg::LinalgOp op) {
  using namespace mlir;
  if (op.getNumDpsInits() != 1 || !op.hasPureBufferSemantics())
    return {};
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op->getNextNode());
  if (!generic || !generic->hasAttr(kEpilogueAttr) || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() < 1 || generic.getDpsInputs().front() != op.getDpsInits().front())
    return {};
  return {generic, generic.getDpsInits().front()};
}

/// Applies the epilogue's body to vectors of its block arguments (`args`: C's accumulators, then — for
/// the int8 kernel's requantizing epilogue — the per-column vectors its other inputs hold for those lanes, or
/// for an optimizer epilogue the outputs' vectors, null where the body does not read them): each scalar op
/// becomes the same op on vectors, values from outside the generic are broadcast. Returns what the body
/// yields, one vector per output.
inline llvm::SmallVector<mlir::Value> applyEpilogueValues(mlir::OpBuilder &b, mlir::Location loc,
                                                          mlir::linalg::GenericOp generic, mlir::ValueRange args) {
  using namespace mlir;
  auto vecType = cast<VectorType>(args.front().getType());
  auto vectorOf = [&](Type scalar) { return VectorType::get(vecType.getShape(), scalar); };
  Block &body = generic.getRegion().front();
  IRMapping map;
  for (auto [arg, value] : llvm::zip(body.getArguments(), args))
    if (value)
      map.map(arg, value);
  auto operandOf = [&](Value v) -> Value {
    if (Value mapped = map.lookupOrNull(v))
      return mapped;
    Value splat = vector::BroadcastOp::create(b, loc, vectorOf(v.getType()), v);
    map.map(v, splat);
    return splat;
  };
  for (Operation &op : body.without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto type = vectorOf(constant.getType());
      auto value = DenseElementsAttr::get(type, cast<TypedAttr>(constant.getValue()));
      map.map(constant.getResult(), arith::ConstantOp::create(b, loc, type, value).getResult());
      continue;
    }
    OperationState state(loc, op.getName());
    for (Value operand : op.getOperands())
      state.addOperands(operandOf(operand));
    state.addTypes(vectorOf(op.getResult(0).getType()));
    state.addAttributes(op.getAttrs());
    map.map(op.getResult(0), b.create(state)->getResult(0));
  }
  llvm::SmallVector<mlir::Value> results;
  for (mlir::Value yielded : body.getTerminator()->getOperands())
    results.push_back(operandOf(yielded));
  return results;
}

/// The epilogue's one result (an activation's): applyEpilogueValues for single-output epilogues.
inline mlir::Value applyEpilogue(mlir::OpBuilder &b, mlir::Location loc, mlir::linalg::GenericOp generic,
                                 mlir::ValueRange args) {
  return applyEpilogueValues(b, loc, generic, args).front();
}

} // namespace lepton

#endif // LEPTON_CODEGEN_CONTRACTIONEPILOGUE_H
