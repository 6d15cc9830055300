// LeptonLayerOps.td — layer ops of the `lepton` dialect: dense, matmul, batch reduction, add, dropout.
#ifndef LEPTON_LAYER_OPS_TD
#define LEPTON_LAYER_OPS_TD

include "ir/LeptonDialect.td"
include "ir/DifferentiableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Lepton_DenseOp : Lepton_Op<"dense",
    [Pure, DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "fully connected layer: y = x · W + b";
  let description = [{
    `x` is (batch, in), `weight` is (in, out) and the optional `bias` is (out); the result is
    (batch, out). The batch dimension may be dynamic; feature dimensions are static.
    The weight is stored input-major so that the product is a plain row-major GEMM.

    VJP: dx = dy · Wᵀ (`lepton.matmul` with `transpose_b`), dW = xᵀ · dy (`transpose_a`),
    db = `lepton.reduce_batch` dy.

    The optional `activation` ("relu", "sigmoid", "tanh" or "leaky_relu" with `alpha` > 0) is
    applied to x · W + b in the same op: `lepton-fuse` folds an activation whose input is a
    dense layer's only use into it, and the matmul kernel applies it while the block of results
    is in registers. Its VJP first takes the activation's gradient from the output y (relu and
    leaky relu: y > 0 exactly where x · W + b > 0), so no pre-activation is kept.

    ```mlir
    %y = lepton.dense %x, %w, %b
        : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    %h = lepton.dense %x, %w, %b {activation = "relu"}
        : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, Lepton_F32Matrix:$weight, Optional<Lepton_F32Vector>:$bias,
                       OptionalAttr<StrAttr>:$activation, OptionalAttr<F32Attr>:$alpha);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let builders = [
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$input, "::mlir::Value":$weight,
                   "::mlir::Value":$bias), [{
      build($_builder, $_state, result, input, weight, bias, ::mlir::StringAttr(), ::mlir::FloatAttr());
    }]>,
  ];
}

def Lepton_MatmulOp : Lepton_Op<"matmul",
    [Pure, DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "matrix product op(a) · op(b), op = optional transpose";
  let description = [{
    A plain 2-D matrix product where `transpose_a` / `transpose_b` transpose an operand before
    multiplying (without materialising the transpose). The backward pass of `lepton.dense`
    uses it: dx = dy · Wᵀ and dW = xᵀ · dy. With op(a) of shape (M, K) and op(b) of shape
    (K, N) the result is (M, N).

    With `acc %c` the result is C + op(a)·op(b), each element's K products added onto C's value
    one after the other, in k order: lepton-slice-patches sums a weight gradient over batch
    slices this way, and the sum is bit for bit the one over the whole batch.

    ```mlir
    %dx = lepton.matmul %dy, %w {transpose_b = true}
        : (tensor<?x128xf32>, tensor<784x128xf32>) -> tensor<?x784xf32>
    %dw = lepton.matmul %x, %dy acc %dw0 {transpose_a = true}
        : (tensor<8x784xf32>, tensor<8x128xf32>, tensor<784x128xf32>) -> tensor<784x128xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$lhs, Lepton_F32Matrix:$rhs, Optional<Lepton_F32Matrix>:$acc,
                   DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                   DefaultValuedAttr<BoolAttr, "false">:$transpose_b);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = "$lhs `,` $rhs (`acc` $acc^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Lepton_ReduceBatchOp : Lepton_Op<"reduce_batch", [Pure]> {
  let summary = "sum over the batch dimension: (B, N) -> (N)";
  let description = [{
    Sums a (batch, features) matrix over its leading dimension; the bias gradient of
    `lepton.dense` is `reduce_batch` of the output cotangent. It only appears in backward
    passes and is not itself differentiable.

    With `acc %c` the rows are added onto C's values, in row order (a sum over batch slices
    that is bit for bit the one over the whole batch).

    ```mlir
    %db = lepton.reduce_batch %dy : (tensor<?x128xf32>) -> tensor<128xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, Optional<Lepton_F32Vector>:$acc);
  let results = (outs Lepton_F32Vector:$result);
  let assemblyFormat = "$input (`acc` $acc^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Lepton_AddOp : Lepton_Op<"add",
    [Pure, Commutative, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "elementwise sum of two tensors of the same type";
  let description = [{
    Adds two tensors of identical type, 0-d included: sums of loss terms in a forward
    function, and accumulation of cotangents in the reverse sweep.

    ```mlir
    %total = lepton.add %ce, %l2 : tensor<f32>
    ```
  }];
  let arguments = (ins Lepton_F32Tensor:$lhs, Lepton_F32Tensor:$rhs);
  let results = (outs Lepton_F32Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($result)";
}

class Lepton_DropoutBase<string mnemonic, list<Trait> traits = []>
    : Lepton_Op<mnemonic, !listconcat([Pure, AllTypesMatch<["input", "result"]>], traits)> {
  let arguments = (ins Lepton_F32Tensor:$input, I64:$key,
                   DefaultValuedAttr<F32Attr, "0.5">:$rate);
  let results = (outs Lepton_F32Tensor:$result);
  let assemblyFormat = "$input `,` $key attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Lepton_DropoutOp : Lepton_DropoutBase<"dropout",
    [DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "inverted dropout with a counter-based mask (training only)";
  let description = [{
    Zeroes each element with probability `rate` and scales the kept ones by 1 / (1 - rate).
    The mask is a pure function of (`key`, flat row-major element index), so the backward
    pass (`lepton.dropout_grad` with the same key) recomputes it instead of storing it.
    The hash is the SplitMix64 finaliser of `key + (index + 1) * 0x9E3779B97F4A7C15`;
    its top 24 bits give u in [0, 1) and the element is kept when u >= rate.
    Use a fresh key per step and per dropout op. `rate` is in [0, 1).

    ```mlir
    %y = lepton.dropout %x, %key {rate = 2.000000e-01 : f32} : tensor<?x128xf32>
    ```
  }];
}

def Lepton_DropoutGradOp : Lepton_DropoutBase<"dropout_grad"> {
  let summary = "VJP of lepton.dropout: applies the same mask and scale to dy";
  let description = [{
    `dx = dropout_grad(dy, key)` keeps exactly the elements `lepton.dropout` with the same key
    and rate kept, scaled by 1 / (1 - rate).

    ```mlir
    %dx = lepton.dropout_grad %dy, %key {rate = 2.000000e-01 : f32} : tensor<?x128xf32>
    ```
  }];
}

#endif // LEPTON_LAYER_OPS_TD
