// LeptonDialect.h — declares the `lepton` dialect and its ops for C++ users.
#ifndef LEPTON_IR_LEPTONDIALECT_H
#define LEPTON_IR_LEPTONDIALECT_H

#include "ir/DifferentiableOpInterface.h"
#include "ir/WindowGeometry.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "ir/LeptonOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "ir/LeptonOps.h.inc"

#endif // LEPTON_IR_LEPTONDIALECT_H
