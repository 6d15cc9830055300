// LeptonActivationOps.td — elementwise activations, softmax, and the gradient op of each.
#ifndef LEPTON_ACTIVATION_OPS_TD
#define LEPTON_ACTIVATION_OPS_TD

include "ir/LeptonDialect.td"
include "ir/DifferentiableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

/// A forward activation y = f(x): same type in and out, differentiable.
class Lepton_ActivationOp<string mnemonic, list<Trait> traits = []>
    : Lepton_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType,
        DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>], traits)> {
  let arguments = (ins Lepton_F32Tensor:$input);
  let results = (outs Lepton_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

/// The VJP of an activation: dx from `saved` (the forward input x or output y, see each op)
/// and the result cotangent dy.
class Lepton_ActivationGradOp<string mnemonic, list<Trait> traits = []>
    : Lepton_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType], traits)> {
  let arguments = (ins Lepton_F32Tensor:$saved, Lepton_F32Tensor:$result_grad);
  let results = (outs Lepton_F32Tensor:$result);
  let assemblyFormat = "$saved `,` $result_grad attr-dict `:` type($result)";
}

def Lepton_ReluOp : Lepton_ActivationOp<"relu"> {
  let summary = "rectified linear unit, max(x, 0), elementwise";
  let description = [{
    ```mlir
    %y = lepton.relu %x : tensor<?x128xf32>
    ```
  }];
}

def Lepton_SigmoidOp : Lepton_ActivationOp<"sigmoid"> {
  let summary = "logistic sigmoid 1 / (1 + exp(-x)), elementwise";
  let description = [{
    ```mlir
    %y = lepton.sigmoid %x : tensor<?x16xf32>
    ```
  }];
}

def Lepton_TanhOp : Lepton_ActivationOp<"tanh"> {
  let summary = "hyperbolic tangent, elementwise";
  let description = [{
    ```mlir
    %y = lepton.tanh %x : tensor<?x16xf32>
    ```
  }];
}

def Lepton_LeakyReluOp : Lepton_ActivationOp<"leaky_relu"> {
  let summary = "leaky ReLU: x if x > 0 else alpha · x, elementwise";
  let description = [{
    `alpha` is the slope for negative inputs (PyTorch's `negative_slope`, default 0.01).

    ```mlir
    %y = lepton.leaky_relu %x {alpha = 2.000000e-01 : f32} : tensor<?x16xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Tensor:$input, DefaultValuedAttr<F32Attr, "0.01">:$alpha);
}

def Lepton_SoftmaxOp : Lepton_ActivationOp<"softmax"> {
  let summary = "softmax over the last dimension";
  let description = [{
    y_i = exp(x_i - max x) / Σ_j exp(x_j - max x) along the last dimension (rank >= 1).

    ```mlir
    %p = lepton.softmax %logits : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Lepton_F32NonScalarTensor:$input);
}

def Lepton_ReluGradOp : Lepton_ActivationGradOp<"relu_grad"> {
  let summary = "VJP of relu: dx = dy where x > 0, else 0";
  let description = [{
    Takes the forward input `x` and the result cotangent `dy`.

    ```mlir
    %dx = lepton.relu_grad %x, %dy : tensor<?x128xf32>
    ```
  }];
}

def Lepton_SigmoidGradOp : Lepton_ActivationGradOp<"sigmoid_grad"> {
  let summary = "VJP of sigmoid: dx = dy · y · (1 - y)";
  let description = [{
    Takes the forward output `y` and the result cotangent `dy`.

    ```mlir
    %dx = lepton.sigmoid_grad %y, %dy : tensor<?x16xf32>
    ```
  }];
}

def Lepton_TanhGradOp : Lepton_ActivationGradOp<"tanh_grad"> {
  let summary = "VJP of tanh: dx = dy · (1 - y²)";
  let description = [{
    Takes the forward output `y` and the result cotangent `dy`.

    ```mlir
    %dx = lepton.tanh_grad %y, %dy : tensor<?x16xf32>
    ```
  }];
}

def Lepton_LeakyReluGradOp : Lepton_ActivationGradOp<"leaky_relu_grad"> {
  let summary = "VJP of leaky_relu: dx = dy where x > 0, else alpha · dy";
  let description = [{
    Takes the forward input `x` and the result cotangent `dy`; `alpha` must be the forward op's.

    ```mlir
    %dx = lepton.leaky_relu_grad %x, %dy {alpha = 2.000000e-01 : f32} : tensor<?x16xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Tensor:$saved, Lepton_F32Tensor:$result_grad,
                   DefaultValuedAttr<F32Attr, "0.01">:$alpha);
}

def Lepton_SoftmaxGradOp : Lepton_ActivationGradOp<"softmax_grad"> {
  let summary = "VJP of softmax: dx = y · (dy - Σ_last(dy · y))";
  let description = [{
    Takes the forward output `y` and the result cotangent `dy`; the sum runs over the last
    dimension.

    ```mlir
    %dx = lepton.softmax_grad %y, %dy : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Lepton_F32NonScalarTensor:$saved, Lepton_F32NonScalarTensor:$result_grad);
}

#endif // LEPTON_ACTIVATION_OPS_TD
