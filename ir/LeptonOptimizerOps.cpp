// LeptonOptimizerOps.cpp — verifiers (hyperparameter ranges) and type inference of the optimizer updates.
#include "ir/LeptonDialect.h"

using namespace mlir;
using namespace lepton;

namespace {
/// Emits "<name> must be in <range>, got <value>" unless `ok`.
LogicalResult checkRange(Operation *op, bool ok, StringRef name, StringRef range, double value) {
  if (ok)
    return success();
  return op->emitOpError() << name << " must be " << range << ", got " << value;
}
} // namespace

LogicalResult SgdUpdateOp::verify() {
  double momentum = getMomentum().convertToDouble();
  double wd = getWeightDecay().convertToDouble();
  if (failed(checkRange(*this, momentum >= 0.0, "momentum", "non-negative", momentum)) ||
      failed(checkRange(*this, wd >= 0.0, "weight_decay", "non-negative", wd)))
    return failure();
  if (getNesterov() && momentum == 0.0)
    return emitOpError("nesterov momentum requires momentum > 0");
  return success();
}

LogicalResult AdamUpdateOp::verify() {
  double b1 = getBeta1().convertToDouble(), b2 = getBeta2().convertToDouble();
  double eps = getEps().convertToDouble(), wd = getWeightDecay().convertToDouble();
  if (failed(checkRange(*this, b1 >= 0.0 && b1 < 1.0, "beta1", "in [0, 1)", b1)) ||
      failed(checkRange(*this, b2 >= 0.0 && b2 < 1.0, "beta2", "in [0, 1)", b2)) ||
      failed(checkRange(*this, eps >= 0.0, "eps", "non-negative", eps)) ||
      failed(checkRange(*this, wd >= 0.0, "weight_decay", "non-negative", wd)))
    return failure();
  return success();
}

LogicalResult RmspropUpdateOp::verify() {
  double alpha = getAlpha().convertToDouble(), eps = getEps().convertToDouble();
  double momentum = getMomentum().convertToDouble();
  double wd = getWeightDecay().convertToDouble();
  if (failed(checkRange(*this, alpha >= 0.0 && alpha <= 1.0, "alpha", "in [0, 1]", alpha)) ||
      failed(checkRange(*this, eps >= 0.0, "eps", "non-negative", eps)) ||
      failed(checkRange(*this, momentum >= 0.0, "momentum", "non-negative", momentum)) ||
      failed(checkRange(*this, wd >= 0.0, "weight_decay", "non-negative", wd)))
    return failure();
  bool hasBuffer = getMomentumBuffer() != nullptr;
  if (hasBuffer != (momentum > 0.0))
    return emitOpError("a momentum_buffer is needed exactly when momentum > 0");
  if (hasBuffer && getMomentumBuffer().getType() != getParam().getType())
    return emitOpError("momentum_buffer type ")
           << getMomentumBuffer().getType() << " differs from the parameter's "
           << getParam().getType();
  return success();
}

/// new_param and new_square_avg have the parameter's type; new_momentum_buffer exists exactly
/// when the momentum_buffer operand does.
LogicalResult RmspropUpdateOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                                ValueRange operands, DictionaryAttr,
                                                OpaqueProperties, RegionRange,
                                                SmallVectorImpl<Type> &inferred) {
  if (operands.size() < 4)
    return failure();
  Type param = operands[0].getType();
  inferred.assign(operands.size() > 4 ? 3 : 2, param);
  return success();
}
