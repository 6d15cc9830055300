// DifferentiableOpInterface.cpp — generated definitions of the DifferentiableOpInterface.
#include "ir/DifferentiableOpInterface.h"

using namespace mlir;

#include "ir/DifferentiableOpInterface.cpp.inc"
