// OpVerification.h — shape helpers shared by the verifiers of the `lepton` ops (internal to ir/).
#ifndef LEPTON_IR_OPVERIFICATION_H
#define LEPTON_IR_OPVERIFICATION_H

#include "mlir/IR/BuiltinTypes.h"

#include <string>

namespace lepton {

/// True when two dimension sizes may describe the same extent (either is dynamic or both agree).
inline bool dimsCompatible(int64_t a, int64_t b) {
  return mlir::ShapedType::isDynamic(a) || mlir::ShapedType::isDynamic(b) || a == b;
}

/// A dimension size as users write it: a number, or `?` when dynamic.
inline std::string dimString(int64_t d) {
  return mlir::ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
}

} // namespace lepton

#endif // LEPTON_IR_OPVERIFICATION_H
