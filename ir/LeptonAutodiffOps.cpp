// LeptonAutodiffOps.cpp — verifiers of `lepton.grad`: wrt indices, gradient types, and the callee.
#include "ir/LeptonDialect.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace lepton;

/// Checks what needs no symbol table: `wrt` is strictly increasing and in range, each listed
/// argument is a ranked f32 tensor, and there is one gradient of that type per entry.
LogicalResult GradOp::verify() {
  ArrayRef<int64_t> wrt = getWrt();
  int64_t numArgs = getArgs().size();
  for (auto [i, index] : llvm::enumerate(wrt)) {
    if (index < 0 || index >= numArgs)
      return emitOpError("wrt index ") << index << " is out of range for " << numArgs
                                       << " arguments";
    if (i > 0 && index <= wrt[i - 1])
      return emitOpError("wrt indices must be strictly increasing");
    auto type = dyn_cast<RankedTensorType>(getArgs()[index].getType());
    if (!type || !type.getElementType().isF32())
      return emitOpError("argument ") << index << " cannot be differentiated: its type "
                                      << getArgs()[index].getType()
                                      << " is not a ranked f32 tensor";
  }
  if (getGrads().size() != wrt.size())
    return emitOpError("expects ") << wrt.size() << " gradient results (one per wrt index), got "
                                   << getGrads().size();
  for (auto [index, grad] : llvm::zip(wrt, getGrads()))
    if (grad.getType() != getArgs()[index].getType())
      return emitOpError("gradient of argument ")
             << index << " has type " << grad.getType() << ", expected "
             << getArgs()[index].getType();
  return success();
}

/// Checks that `callee` is a function taking exactly `args` and returning one `tensor<f32>`.
LogicalResult GradOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto fn = symbolTable.lookupNearestSymbolFrom<FunctionOpInterface>(*this, getCalleeAttr());
  if (!fn)
    return emitOpError("'") << getCallee() << "' does not reference a function";
  ArrayRef<Type> inputs = fn.getArgumentTypes();
  if (inputs.size() != getArgs().size())
    return emitOpError("callee takes ") << inputs.size() << " arguments, got "
                                        << getArgs().size();
  for (auto [i, pair] : llvm::enumerate(llvm::zip(inputs, getArgs().getTypes())))
    if (std::get<0>(pair) != std::get<1>(pair))
      return emitOpError("argument ") << i << " has type " << std::get<1>(pair)
                                      << " but the callee expects " << std::get<0>(pair);
  ArrayRef<Type> results = fn.getResultTypes();
  if (results.size() != 1 || results[0] != getValue().getType())
    return emitOpError("callee must return a single tensor<f32>");
  return success();
}
