// LeptonNormOps.td — batch normalisation: training (batch statistics), its VJP, and inference.
#ifndef LEPTON_NORM_OPS_TD
#define LEPTON_NORM_OPS_TD

include "ir/LeptonDialect.td"
include "ir/DifferentiableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Inputs are (B, P·C) matrices whose rows are samples of P positions × C channels (channel last);
// statistics are per channel over the rows whose `row_weights` entry is positive (a padded last
// batch's rows never enter them) and over every position.

def Lepton_BatchNormOp : Lepton_Op<"batchnorm",
    [Pure, DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "batch normalisation with the batch's statistics (training)";
  let description = [{
    With μ, σ² the mean and population variance of each channel over the real rows and all
    positions: y = γ (x − μ) / √(σ² + ε) + β. Also returns μ and σ² (for running statistics).
    VJP: `lepton.batchnorm_grad` (padded rows get no gradient).

    ```mlir
    %y, %mean, %var = lepton.batchnorm %x, %gamma, %beta, %w {channels = 8 : i64, epsilon = 1.0e-05 : f32}
        : (tensor<64x1352xf32>, tensor<8xf32>, tensor<8xf32>, tensor<64xf32>)
        -> (tensor<64x1352xf32>, tensor<8xf32>, tensor<8xf32>)
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, Lepton_F32Vector:$gamma, Lepton_F32Vector:$beta,
                   Lepton_F32Vector:$row_weights, I64Attr:$channels, F32Attr:$epsilon);
  let results = (outs Lepton_F32Matrix:$result, Lepton_F32Vector:$mean, Lepton_F32Vector:$variance);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Lepton_BatchNormGradOp : Lepton_Op<"batchnorm_grad", [Pure]> {
  let summary = "VJP of batchnorm: dx, dγ, dβ";
  let description = [{
    With x̂ = (x − μ)/√(σ² + ε) and N the real rows × positions: dβ = Σ dy, dγ = Σ dy·x̂,
    dx = γ/√(σ² + ε) · (dy − dβ/N − x̂·dγ/N) on real rows, 0 on padded ones. μ and σ² are the
    forward op's statistics results (not recomputed): two passes over the data, one for dβ and dγ
    together, one for dx.

    ```mlir
    %dx, %dg, %db = lepton.batchnorm_grad %x, %gamma, %w, %mean, %var, %dy {channels = 8 : i64, epsilon = 1.0e-05 : f32}
        : (tensor<64x1352xf32>, tensor<8xf32>, tensor<64xf32>, tensor<8xf32>, tensor<8xf32>, tensor<64x1352xf32>)
        -> (tensor<64x1352xf32>, tensor<8xf32>, tensor<8xf32>)
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, Lepton_F32Vector:$gamma, Lepton_F32Vector:$row_weights,
                   Lepton_F32Vector:$mean, Lepton_F32Vector:$variance,
                   Lepton_F32Matrix:$result_grad, I64Attr:$channels, F32Attr:$epsilon);
  let results = (outs Lepton_F32Matrix:$input_grad, Lepton_F32Vector:$gamma_grad,
                 Lepton_F32Vector:$beta_grad);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Lepton_BatchNormInferenceOp : Lepton_Op<"batchnorm_inference", [Pure]> {
  let summary = "batch normalisation with fixed (running) statistics";
  let description = [{
    y = γ (x − mean) / √(variance + ε) + β per channel (evaluation and prediction).

    ```mlir
    %y = lepton.batchnorm_inference %x, %gamma, %beta, %mean, %var {channels = 8 : i64, epsilon = 1.0e-05 : f32}
        : (tensor<64x1352xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<64x1352xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, Lepton_F32Vector:$gamma, Lepton_F32Vector:$beta,
                   Lepton_F32Vector:$mean, Lepton_F32Vector:$variance, I64Attr:$channels,
                   F32Attr:$epsilon);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Lepton_BatchNormFoldOp : Lepton_Op<"batchnorm_fold", [Pure]> {
  let summary = "a dense layer's weight and bias with the batch normalisation after it folded in";
  let description = [{
    With s = γ / √(variance + ε) per output column n: weight'[k, n] = weight[k, n] · s[n] and
    bias'[n] = (bias[n] − mean[n]) · s[n] + β[n], so that `dense(x, weight', bias')` equals
    `batchnorm_inference(dense(x, weight, bias), γ, β, mean, variance)` up to rounding.
    `lepton-fuse` emits it for inference, where the layer's rows outnumber the weight's.

    ```mlir
    %w1, %b1 = lepton.batchnorm_fold %w, %b, %gamma, %beta, %mean, %var {epsilon = 1.0e-05 : f32}
        : (tensor<9x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>)
        -> (tensor<9x32xf32>, tensor<32xf32>)
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$weight, Lepton_F32Vector:$bias, Lepton_F32Vector:$gamma,
                   Lepton_F32Vector:$beta, Lepton_F32Vector:$mean, Lepton_F32Vector:$variance, F32Attr:$epsilon);
  let results = (outs Lepton_F32Matrix:$folded_weight, Lepton_F32Vector:$folded_bias);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // LEPTON_NORM_OPS_TD
