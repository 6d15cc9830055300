// LeptonQuantizeInt8.cpp — the lepton-quantize-int8 pass: dense layers of marked functions become int8 layers.
#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"
#include "ir/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONQUANTIZEINT8PASS
#include "ir/Passes.h.inc"
} // namespace lepton

using namespace mlir;
using namespace lepton;

namespace {

/// Whether `x` is the output of a ReLU (so ≥ 0, NaN aside): a stand-alone one or a fused one.
bool isReluOutput(Value x) {
  Operation *def = x.getDefiningOp();
  if (isa_and_nonnull<ReluOp>(def))
    return true;
  if (auto dense = dyn_cast_or_null<DenseOp>(def))
    return dense.getActivation() && *dense.getActivation() == "relu";
  if (auto dense = dyn_cast_or_null<DenseInt8Op>(def))
    return dense.getActivation() && *dense.getActivation() == "relu";
  return false;
}

LogicalResult quantizeFunction(func::FuncOp fn) {
  SmallVector<DenseOp> layers;
  fn.walk([&](DenseOp op) { layers.push_back(op); });
  auto ranges = fn.getNumArguments() ? dyn_cast<RankedTensorType>(fn.getArgumentTypes().back()) : RankedTensorType();
  if (!ranges || ranges.getRank() != 1 || !ranges.getElementType().isF32() ||
      ranges.getDimSize(0) != static_cast<int64_t>(layers.size()))
    return fn.emitError("lepton-quantize-int8: a function marked lepton.quantize_int8 takes the activation ranges "
                        "of its ")
           << layers.size() << " dense layer(s) as its last argument, a tensor<" << layers.size()
           << "xf32>";
  Value rangeArg = fn.getArguments().back();
  OpBuilder b(fn.getContext());
  for (auto [index, dense] : llvm::enumerate(layers)) {
    Location loc = dense.getLoc();
    b.setInsertionPoint(dense);
    bool nonNegative = isReluOutput(dense.getInput());
    int32_t zeroPoint = nonNegative ? 0 : 128;
    Value position = arith::ConstantIndexOp::create(b, loc, static_cast<int64_t>(index));
    Value range = tensor::ExtractOp::create(b, loc, rangeArg, ValueRange{position});
    Value levels = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(nonNegative ? 255.0f : 127.0f));
    Value scaled = arith::DivFOp::create(b, loc, range, levels);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, scaled, zero);
    Value one = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(1.0f));
    Value scale = arith::SelectOp::create(b, loc, positive, scaled, one);

    auto weightType = dense.getWeight().getType();
    auto quantizedWeightType = RankedTensorType::get(weightType.getShape(), b.getI8Type());
    auto scaleType = RankedTensorType::get({weightType.getDimSize(1)}, b.getF32Type());
    auto weights = QuantizeWeightsOp::create(b, loc, quantizedWeightType, scaleType, dense.getWeight());
    auto inputType = dense.getInput().getType();
    auto quantizedInputType = RankedTensorType::get(inputType.getShape(), b.getI8Type());
    Value input = QuantizeOp::create(b, loc, quantizedInputType, dense.getInput(), scale,
                                     b.getI32IntegerAttr(zeroPoint));
    Value result = DenseInt8Op::create(b, loc, dense.getResult().getType(), input, weights.getQuantized(), scale,
                                       weights.getScale(), dense.getBias(), dense.getActivationAttr(),
                                       dense.getAlphaAttr(), b.getI32IntegerAttr(zeroPoint));
    dense.getResult().replaceAllUsesWith(result);
    dense.erase();
  }
  return success();
}

struct LeptonQuantizeInt8Pass : lepton::impl::LeptonQuantizeInt8PassBase<LeptonQuantizeInt8Pass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>())
      if (fn->hasAttr(kQuantizeInt8Attr) && !fn.isDeclaration() && failed(quantizeFunction(fn)))
        signalPassFailure();
  }
};

} // namespace
