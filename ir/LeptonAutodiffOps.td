// LeptonAutodiffOps.td — `lepton.grad`, the entry point of automatic differentiation.
#ifndef LEPTON_AUTODIFF_OPS_TD
#define LEPTON_AUTODIFF_OPS_TD

include "ir/LeptonDialect.td"
include "mlir/IR/SymbolInterfaces.td"

def Lepton_GradOp : Lepton_Op<"grad", [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "value and gradients of a scalar function w.r.t. some of its arguments";
  let description = [{
    Calls `@callee` on `args` and returns its 0-d `tensor<f32>` result followed by the
    gradient of that result with respect to each argument listed in `wrt` (strictly
    increasing argument indices); each gradient has its argument's type. The callee must be
    a function of one block made of ops implementing `DifferentiableOpInterface` (plus ops
    the result does not depend on through a `wrt` argument, such as constants).
    `lepton-autodiff` replaces the op with the inlined forward computation and its reverse
    sweep.

    ```mlir
    %loss, %dw, %db = lepton.grad @loss(%x, %labels, %weights, %w, %b) {wrt = array<i64: 3, 4>}
        : (tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<4x3xf32>, tensor<3xf32>)
          -> (tensor<f32>, tensor<4x3xf32>, tensor<3xf32>)
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$args, DenseI64ArrayAttr:$wrt);
  let results = (outs Lepton_F32Scalar:$value, Variadic<AnyType>:$grads);
  let assemblyFormat = [{
    $callee `(` $args `)` attr-dict `:` functional-type($args, results)
  }];
  let hasVerifier = 1;
}

#endif // LEPTON_AUTODIFF_OPS_TD
