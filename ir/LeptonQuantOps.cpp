// LeptonQuantOps.cpp — verifiers of the int8 quantization ops (shapes, zero points, fused activations).
#include "ir/Int8Layout.h"
#include "ir/LeptonDialect.h"
#include "ir/OpVerification.h"

using namespace mlir;
using namespace lepton;

LogicalResult QuantizeWeightsOp::verify() {
  auto w = getWeight().getType();
  if (!w.hasStaticShape())
    return emitOpError("weight must have a static shape");
  SmallVector<int64_t, 2> packed = int8PackedShape(w.getDimSize(0), w.getDimSize(1));
  if (getQuantized().getType().getShape() != ArrayRef<int64_t>(packed))
    return emitOpError("quantized weight must be packed as tensor<") << packed[0] << "x" << packed[1]
                                                                     << "xi8> (ir/Int8Layout.h)";
  if (!dimsCompatible(getScale().getType().getDimSize(0), w.getDimSize(1)))
    return emitOpError("scale needs one value per weight column (") << w.getDimSize(1) << ")";
  if (!dimsCompatible(getSums().getType().getDimSize(0), w.getDimSize(1)))
    return emitOpError("sums needs one value per weight column (") << w.getDimSize(1) << ")";
  return success();
}

LogicalResult QuantizeOp::verify() {
  int32_t zp = getZeroPoint();
  if (zp != 0 && zp != 128)
    return emitOpError("zero_point must be 0 or 128, not ") << zp;
  auto in = getInput().getType(), out = getResult().getType();
  if (!dimsCompatible(in.getDimSize(0), out.getDimSize(0)) || !dimsCompatible(in.getDimSize(1), out.getDimSize(1)))
    return emitOpError("result must have the input's shape");
  return success();
}

LogicalResult DenseInt8Op::verify() {
  int32_t zp = getZeroPoint();
  if (zp != 0 && zp != 128)
    return emitOpError("zero_point must be 0 or 128, not ") << zp;
  auto in = getInput().getType(), w = getWeight().getType(), out = getResult().getType();
  int64_t n = getWeightScale().getType().getDimSize(0);
  if (ShapedType::isDynamic(in.getDimSize(1)) || ShapedType::isDynamic(n))
    return emitOpError("input features and weight_scale must be static");
  SmallVector<int64_t, 2> packed = int8PackedShape(in.getDimSize(1), n);
  if (w.getShape() != ArrayRef<int64_t>(packed))
    return emitOpError("weight must be packed for ") << in.getDimSize(1) << " input features and " << n
                                                     << " columns: tensor<" << packed[0] << "x" << packed[1]
                                                     << "xi8> (ir/Int8Layout.h)";
  if (!dimsCompatible(getWeightSums().getType().getDimSize(0), n))
    return emitOpError("weight_sums needs one value per weight column (") << n << ")";
  if (getBias() && !dimsCompatible(getBias().getType().getDimSize(0), n))
    return emitOpError("bias size does not match weight columns (") << n << ")";
  if (!dimsCompatible(out.getDimSize(0), in.getDimSize(0)) || !dimsCompatible(out.getDimSize(1), n))
    return emitOpError("result must be (batch, ") << n << ")";
  std::optional<StringRef> activation = getActivation();
  if (activation && !llvm::is_contained({"relu", "sigmoid", "tanh", "leaky_relu"}, *activation))
    return emitOpError("activation must be relu, sigmoid, tanh or leaky_relu, not '") << *activation << "'";
  if (getAlpha() && !(activation && *activation == "leaky_relu"))
    return emitOpError("alpha is the slope of a fused leaky_relu; this layer has none");
  return success();
}
