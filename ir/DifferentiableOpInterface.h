// DifferentiableOpInterface.h — C++ declaration of the op interface each differentiable op implements.
#ifndef LEPTON_IR_DIFFERENTIABLEOPINTERFACE_H
#define LEPTON_IR_DIFFERENTIABLEOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "ir/DifferentiableOpInterface.h.inc"

#endif // LEPTON_IR_DIFFERENTIABLEOPINTERFACE_H
