// LeptonDialect.cpp — registers the `lepton` dialect's ops.
#include "ir/LeptonDialect.h"

using namespace mlir;
using namespace lepton;

#include "ir/LeptonOpsDialect.cpp.inc"

void LeptonDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ir/LeptonOps.cpp.inc"
      >();
}
