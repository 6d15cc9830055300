// DifferentiableOpInterface.td — the op interface through which every forward op builds its own VJP.
#ifndef LEPTON_DIFFERENTIABLE_OP_INTERFACE_TD
#define LEPTON_DIFFERENTIABLE_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def Lepton_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::lepton";
  let description = [{
    An op that knows its vector-Jacobian product. Given the cotangents of its results (the
    gradient of a scalar loss with respect to each result; null for a result the loss does not
    depend on), the op builds, at the builder's insertion point, the ops that compute the
    cotangents of its operands. `lepton-autodiff` calls it once per op in reverse order and
    accumulates cotangents of values with several uses with `lepton.add`.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the vector-Jacobian product. `resultCotangents` holds one value per result
        (null where the loss does not depend on that result). Appends exactly one value per
        operand to `operandCotangents`: the operand's cotangent, of the operand's type, or
        null for an operand that is not differentiable (labels, keys, sample weights,
        targets). Fails, after emitting an error, when no VJP can be built.
      }],
      "::llvm::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ArrayRef<::mlir::Value>":$resultCotangents,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandCotangents)>,
  ];
}

#endif // LEPTON_DIFFERENTIABLE_OP_INTERFACE_TD
