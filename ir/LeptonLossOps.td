// LeptonLossOps.td — losses and regularisers (0-d results) and their gradient ops.
#ifndef LEPTON_LOSS_OPS_TD
#define LEPTON_LOSS_OPS_TD

include "ir/LeptonDialect.td"
include "ir/DifferentiableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Losses
//
// Every loss reduces a (batch, features) prediction to a 0-d `tensor<f32>` with a per-sample
// weight vector `weights[B]`: loss = Σ_b weights[b] · ℓ_b. The caller passes 1/n for the n
// real rows and 0 for padding rows, so a padded last batch gives exactly the mean over real
// samples. Elementwise losses average over the feature dimension first, ℓ_b = (1/N) Σ_n ℓ_bn,
// which with weights 1/B is PyTorch's `reduction='mean'` over all B·N elements.
// Targets, labels and weights are data: their cotangents are null (stop-gradient).
// Padding rows must still hold finite numbers (0 · NaN is NaN); zeros are the natural filler.
//===----------------------------------------------------------------------===//

class Lepton_LossOp<string mnemonic, list<Trait> traits = []>
    : Lepton_Op<mnemonic, !listconcat([Pure,
        DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>], traits)> {
  let results = (outs Lepton_F32Scalar:$loss);
  let hasVerifier = 1;
}

/// The VJP of a loss: the cotangent of its first operand, scaled by `loss_grad`.
class Lepton_LossGradOp<string mnemonic, string predName, list<Trait> traits = []>
    : Lepton_Op<mnemonic, !listconcat([Pure, AllTypesMatch<[predName, "result"]>], traits)> {
  let results = (outs Lepton_F32Matrix:$result);
  let hasVerifier = 1;
}

def Lepton_SoftmaxCrossEntropyOp : Lepton_LossOp<"softmax_cross_entropy"> {
  let summary = "weighted softmax cross-entropy of logits against integer labels";
  let description = [{
    loss = Σ_b weights[b] · (logsumexp(logits[b, :]) - logits[b, labels[b]]), with the
    log-sum-exp taken stably (the row maximum subtracted first). `logits` is (B, C), `labels`
    (B) holds class indices in [0, C), `weights` (B). With weights 1/B this is PyTorch's
    `F.cross_entropy` with `reduction='mean'`.

    ```mlir
    %loss = lepton.softmax_cross_entropy %logits, %labels, %weights
        : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$logits, Lepton_LabelVector:$labels,
                   Lepton_F32Vector:$weights);
  let assemblyFormat = [{
    $logits `,` $labels `,` $weights attr-dict `:` type($logits) `,` type($labels) `,` type($weights)
  }];
}

def Lepton_SoftmaxCrossEntropyGradOp
    : Lepton_LossGradOp<"softmax_cross_entropy_grad", "logits"> {
  let summary = "VJP of softmax_cross_entropy with respect to the logits";
  let description = [{
    dlogits[b, c] = loss_grad · weights[b] · (softmax(logits[b, :])[c] - [c == labels[b]]).

    ```mlir
    %dlogits = lepton.softmax_cross_entropy_grad %logits, %labels, %weights, %dloss
        : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$logits, Lepton_LabelVector:$labels,
                   Lepton_F32Vector:$weights, Lepton_F32Scalar:$loss_grad);
  let assemblyFormat = [{
    $logits `,` $labels `,` $weights `,` $loss_grad attr-dict `:`
      type($logits) `,` type($labels) `,` type($weights)
  }];
}

/// A loss comparing a prediction with a target of the same type.
class Lepton_RegressionLossOp<string mnemonic, string predName = "pred">
    : Lepton_LossOp<mnemonic, [AllTypesMatch<[predName, "target"]>]> {
  let assemblyFormat = "operands attr-dict `:` type($" # predName # ") `,` type($weights)";
}

class Lepton_RegressionLossGradOp<string mnemonic, string predName = "pred">
    : Lepton_LossGradOp<mnemonic, predName, [AllTypesMatch<[predName, "target"]>]> {
  let assemblyFormat = "operands attr-dict `:` type($" # predName # ") `,` type($weights)";
}

def Lepton_MseOp : Lepton_RegressionLossOp<"mse"> {
  let summary = "weighted mean squared error";
  let description = [{
    loss = Σ_b weights[b] · (1/N) Σ_n (pred[b, n] - target[b, n])² for (B, N) operands; with
    weights 1/B this is PyTorch's `MSELoss()` (mean over all B·N elements).

    ```mlir
    %loss = lepton.mse %pred, %target, %weights : tensor<?x1xf32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$pred, Lepton_F32Matrix:$target, Lepton_F32Vector:$weights);
}

def Lepton_MseGradOp : Lepton_RegressionLossGradOp<"mse_grad"> {
  let summary = "VJP of mse with respect to the prediction";
  let description = [{
    dpred[b, n] = loss_grad · weights[b] · 2 (pred[b, n] - target[b, n]) / N.

    ```mlir
    %dpred = lepton.mse_grad %pred, %target, %weights, %dloss : tensor<?x1xf32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$pred, Lepton_F32Matrix:$target,
                   Lepton_F32Vector:$weights, Lepton_F32Scalar:$loss_grad);
}

def Lepton_HuberOp : Lepton_RegressionLossOp<"huber"> {
  let summary = "weighted Huber (smooth L1) loss";
  let description = [{
    With d = pred - target: h(d) = d²/2 if |d| <= delta, else delta · (|d| - delta/2)
    (PyTorch's `HuberLoss`); loss = Σ_b weights[b] · (1/N) Σ_n h(d[b, n]). `delta` > 0.

    ```mlir
    %loss = lepton.huber %q, %target, %weights {delta = 1.000000e+00 : f32}
        : tensor<?x2xf32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$pred, Lepton_F32Matrix:$target, Lepton_F32Vector:$weights,
                   DefaultValuedAttr<F32Attr, "1.0">:$delta);
}

def Lepton_HuberGradOp : Lepton_RegressionLossGradOp<"huber_grad"> {
  let summary = "VJP of huber with respect to the prediction";
  let description = [{
    dpred[b, n] = loss_grad · weights[b] · clamp(pred - target, -delta, delta) / N.

    ```mlir
    %dq = lepton.huber_grad %q, %target, %weights, %dloss : tensor<?x2xf32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$pred, Lepton_F32Matrix:$target, Lepton_F32Vector:$weights,
                   Lepton_F32Scalar:$loss_grad, DefaultValuedAttr<F32Attr, "1.0">:$delta);
}

def Lepton_BinaryCrossEntropyOp : Lepton_RegressionLossOp<"binary_cross_entropy", "logits"> {
  let summary = "weighted binary cross-entropy with logits";
  let description = [{
    With x = logits and t = target in [0, 1]: ℓ = max(x, 0) - x · t + log(1 + exp(-|x|))
    (stable for any x, PyTorch's `BCEWithLogitsLoss`); loss = Σ_b weights[b] · (1/N) Σ_n ℓ.

    ```mlir
    %loss = lepton.binary_cross_entropy %logits, %target, %weights : tensor<?x1xf32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$logits, Lepton_F32Matrix:$target, Lepton_F32Vector:$weights);
}

def Lepton_BinaryCrossEntropyGradOp
    : Lepton_RegressionLossGradOp<"binary_cross_entropy_grad", "logits"> {
  let summary = "VJP of binary_cross_entropy with respect to the logits";
  let description = [{
    dlogits[b, n] = loss_grad · weights[b] · (sigmoid(logits[b, n]) - target[b, n]) / N.

    ```mlir
    %dx = lepton.binary_cross_entropy_grad %logits, %target, %weights, %dloss
        : tensor<?x1xf32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$logits, Lepton_F32Matrix:$target,
                   Lepton_F32Vector:$weights, Lepton_F32Scalar:$loss_grad);
}

//===----------------------------------------------------------------------===//
// Regularisers: penalties on a parameter tensor of any shape, added to the loss.
//===----------------------------------------------------------------------===//

class Lepton_RegulariserOp<string mnemonic> : Lepton_LossOp<mnemonic> {
  let arguments = (ins Lepton_F32Tensor:$input, F32Attr:$lambda);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

class Lepton_RegulariserGradOp<string mnemonic>
    : Lepton_Op<mnemonic, [Pure, AllTypesMatch<["input", "result"]>]> {
  let arguments = (ins Lepton_F32Tensor:$input, Lepton_F32Scalar:$loss_grad, F32Attr:$lambda);
  let results = (outs Lepton_F32Tensor:$result);
  let assemblyFormat = "$input `,` $loss_grad attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Lepton_L1Op : Lepton_RegulariserOp<"l1"> {
  let summary = "L1 penalty λ · Σ|w|";
  let description = [{
    ```mlir
    %r = lepton.l1 %w {lambda = 1.000000e-04 : f32} : tensor<784x128xf32>
    ```
  }];
}

def Lepton_L1GradOp : Lepton_RegulariserGradOp<"l1_grad"> {
  let summary = "VJP of l1: dw = loss_grad · λ · sign(w) (0 at w = 0)";
  let description = [{
    ```mlir
    %dw = lepton.l1_grad %w, %dloss {lambda = 1.000000e-04 : f32} : tensor<784x128xf32>
    ```
  }];
}

def Lepton_L2Op : Lepton_RegulariserOp<"l2"> {
  let summary = "L2 penalty λ · Σw²";
  let description = [{
    ```mlir
    %r = lepton.l2 %w {lambda = 1.000000e-04 : f32} : tensor<784x128xf32>
    ```
  }];
}

def Lepton_L2GradOp : Lepton_RegulariserGradOp<"l2_grad"> {
  let summary = "VJP of l2: dw = loss_grad · 2λ · w";
  let description = [{
    ```mlir
    %dw = lepton.l2_grad %w, %dloss {lambda = 1.000000e-04 : f32} : tensor<784x128xf32>
    ```
  }];
}

#endif // LEPTON_LOSS_OPS_TD
