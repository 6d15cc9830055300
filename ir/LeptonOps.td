// LeptonOps.td — op definitions of the `lepton` dialect (layers, activations, losses, updates).
#ifndef LEPTON_OPS_TD
#define LEPTON_OPS_TD

include "ir/LeptonDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Lepton_F32Tensor : TensorOf<[F32]>;
def Lepton_F32Matrix : 2DTensorOf<[F32]>;
def Lepton_F32Vector : 1DTensorOf<[F32]>;

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

def Lepton_DenseOp : Lepton_Op<"dense", [Pure]> {
  let summary = "fully connected layer: y = x · W + b";
  let description = [{
    `x` is (batch, in), `weight` is (in, out) and the optional `bias` is (out); the result is
    (batch, out). The batch dimension may be dynamic; feature dimensions are static.
    The weight is stored input-major so that the product is a plain row-major GEMM.

    ```mlir
    %y = lepton.dense %x, %w, %b
        : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, Lepton_F32Matrix:$weight, Optional<Lepton_F32Vector>:$bias);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def Lepton_ReluOp : Lepton_Op<"relu", [Pure, SameOperandsAndResultType]> {
  let summary = "rectified linear unit, max(x, 0), elementwise";
  let description = [{
    ```mlir
    %y = lepton.relu %x : tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Tensor:$input);
  let results = (outs Lepton_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

#endif // LEPTON_OPS_TD
