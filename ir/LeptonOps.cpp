// LeptonOps.cpp — generated op classes of the `lepton` dialect and the verifiers of its layer ops.
#include "ir/LeptonDialect.h"
#include "ir/OpVerification.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace lepton;

LogicalResult DenseOp::verify() {
  auto in = getInput().getType();
  auto w = getWeight().getType();
  auto out = getResult().getType();
  if (ShapedType::isDynamic(w.getDimSize(0)) || ShapedType::isDynamic(w.getDimSize(1)))
    return emitOpError("weight must have a static shape, got ") << w;
  if (!dimsCompatible(in.getDimSize(1), w.getDimSize(0)))
    return emitOpError("input features (") << dimString(in.getDimSize(1))
           << ") do not match weight rows (" << w.getDimSize(0) << ")";
  if (auto bias = getBias()) {
    auto b = cast<RankedTensorType>(bias.getType());
    if (!dimsCompatible(b.getDimSize(0), w.getDimSize(1)))
      return emitOpError("bias size (") << dimString(b.getDimSize(0))
             << ") does not match weight columns (" << w.getDimSize(1) << ")";
  }
  if (!dimsCompatible(out.getDimSize(0), in.getDimSize(0)))
    return emitOpError("result batch dimension does not match the input's");
  if (!dimsCompatible(out.getDimSize(1), w.getDimSize(1)))
    return emitOpError("result features (") << dimString(out.getDimSize(1))
           << ") do not match weight columns (" << w.getDimSize(1) << ")";
  std::optional<StringRef> activation = getActivation();
  if (activation && !llvm::is_contained({"relu", "sigmoid", "tanh", "leaky_relu"}, *activation))
    return emitOpError("activation must be relu, sigmoid, tanh or leaky_relu, not '") << *activation << "'";
  bool leaky = activation && *activation == "leaky_relu";
  if (getAlpha() && !leaky)
    return emitOpError("alpha is the slope of a fused leaky_relu; this layer has none");
  // y > 0 must mean x·W + b > 0: the VJP takes the activation's gradient from the output.
  if (leaky && (!getAlpha() || !(getAlpha()->convertToFloat() > 0.0f)))
    return emitOpError("a fused leaky_relu needs alpha > 0");
  return success();
}

LogicalResult MatmulOp::verify() {
  auto a = getLhs().getType();
  auto b = getRhs().getType();
  auto c = getResult().getType();
  bool ta = getTransposeA(), tb = getTransposeB();
  int64_t m = a.getDimSize(ta ? 1 : 0), ka = a.getDimSize(ta ? 0 : 1);
  int64_t kb = b.getDimSize(tb ? 1 : 0), n = b.getDimSize(tb ? 0 : 1);
  if (!dimsCompatible(ka, kb))
    return emitOpError("contraction dimensions differ: ") << dimString(ka) << " (lhs) vs "
                                                          << dimString(kb) << " (rhs)";
  if (!dimsCompatible(c.getDimSize(0), m) || !dimsCompatible(c.getDimSize(1), n))
    return emitOpError("result shape ") << c << " does not match " << dimString(m) << "x"
                                        << dimString(n);
  if (Value acc = getAcc(); acc && acc.getType() != c)
    return emitOpError("accumulator type ") << acc.getType() << " differs from the result type " << c;
  return success();
}

LogicalResult ReduceBatchOp::verify() {
  int64_t in = getInput().getType().getDimSize(1);
  int64_t out = getResult().getType().getDimSize(0);
  if (!dimsCompatible(in, out))
    return emitOpError("result size (") << dimString(out) << ") does not match input features ("
                                        << dimString(in) << ")";
  if (Value acc = getAcc(); acc && acc.getType() != getResult().getType())
    return emitOpError("accumulator type ") << acc.getType() << " differs from the result type "
                                            << getResult().getType();
  return success();
}

/// Dropout and its VJP accept a drop probability in [0, 1).
static LogicalResult verifyDropoutRate(Operation *op, float rate) {
  if (!(rate >= 0.0f && rate < 1.0f))
    return op->emitOpError("rate must be in [0, 1), got ") << rate;
  return success();
}

LogicalResult DropoutOp::verify() {
  return verifyDropoutRate(*this, getRate().convertToFloat());
}

LogicalResult DropoutGradOp::verify() {
  return verifyDropoutRate(*this, getRate().convertToFloat());
}

#define GET_OP_CLASSES
#include "ir/LeptonOps.cpp.inc"

LogicalResult BatchNormFoldOp::verify() {
  auto w = getWeight().getType();
  if (!w.hasStaticShape())
    return emitOpError("weight must have a static shape, got ") << w;
  int64_t columns = w.getDimSize(1);
  for (Value v : {getBias(), getGamma(), getBeta(), getMean(), getVariance()}) {
    int64_t size = cast<RankedTensorType>(v.getType()).getDimSize(0);
    if (size != columns)
      return emitOpError("per-column vectors must have the weight's ") << columns << " columns, got "
                                                                        << dimString(size);
  }
  if (getFoldedWeight().getType() != w || getFoldedBias().getType() != getBias().getType())
    return emitOpError("results must have the types of the weight and the bias");
  return success();
}
