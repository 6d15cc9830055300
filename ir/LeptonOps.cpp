// LeptonOps.cpp — verifiers of the `lepton` ops: reject ill-formed shapes with emitOpError.
#include "ir/LeptonDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace lepton;

namespace {
/// True when two dimension sizes may describe the same extent (either is dynamic or both agree).
bool dimsCompatible(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}
} // namespace

LogicalResult DenseOp::verify() {
  auto in = getInput().getType();
  auto w = getWeight().getType();
  auto out = getResult().getType();
  if (ShapedType::isDynamic(w.getDimSize(0)) || ShapedType::isDynamic(w.getDimSize(1)))
    return emitOpError("weight must have a static shape, got ") << w;
  if (!dimsCompatible(in.getDimSize(1), w.getDimSize(0)))
    return emitOpError("input features (") << in.getDimSize(1)
           << ") do not match weight rows (" << w.getDimSize(0) << ")";
  if (auto bias = getBias()) {
    auto b = cast<RankedTensorType>(bias.getType());
    if (!dimsCompatible(b.getDimSize(0), w.getDimSize(1)))
      return emitOpError("bias size (") << b.getDimSize(0) << ") does not match weight columns ("
                                        << w.getDimSize(1) << ")";
  }
  if (!dimsCompatible(out.getDimSize(0), in.getDimSize(0)))
    return emitOpError("result batch dimension does not match the input's");
  if (!dimsCompatible(out.getDimSize(1), w.getDimSize(1)))
    return emitOpError("result features (") << out.getDimSize(1)
           << ") do not match weight columns (" << w.getDimSize(1) << ")";
  return success();
}

#define GET_OP_CLASSES
#include "ir/LeptonOps.cpp.inc"
