// LeptonQuantOps.td — int8 quantization: weights per output channel, activations per tensor, the int8 dense layer.
#ifndef LEPTON_QUANT_OPS_TD
#define LEPTON_QUANT_OPS_TD

include "ir/LeptonDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Lepton_I8Matrix : 2DTensorOf<[I8]>;
def Lepton_I32Vector : 1DTensorOf<[I32]>;

def Lepton_QuantizeWeightsOp : Lepton_Op<"quantize_weights", [Pure]> {
  let summary = "symmetric per-output-channel int8 weights, packed: W ≈ scale[j] · q[k, j]";
  let description = [{
    For each column j of the (in, out) = (K, N) weight: scale[j] = max_k |W[k, j]| / 127 (1 when the
    column is all zeros), q[k, j] = round-half-even(W[k, j] / scale[j]), within [-127, 127] (an s8;
    -128 is never used, so negating a weight cannot overflow). The result is packed (ir/Int8Layout.h):
    q[k, j] at [k / 4][4 · j + k % 4], shape (ceil(K / 4), 4 · N rounded up to 16), zeros in the padding
    — the layout `lepton.dense_int8` and the int8 kernel read without repacking. `sums[j]` = Σ_k q[k, j]
    (i32), what `lepton.dense_int8` takes out for its input's zero point: computed once here, not per call.

    ```mlir
    %q, %scale, %sums = lepton.quantize_weights %w
        : tensor<784x128xf32> -> tensor<196x512xi8>, tensor<128xf32>, tensor<128xi32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$weight);
  let results = (outs Lepton_I8Matrix:$quantized, Lepton_F32Vector:$scale, Lepton_I32Vector:$sums);
  let assemblyFormat = "$weight attr-dict `:` type($weight) `->` type($quantized) `,` type($scale) `,` type($sums)";
  let hasVerifier = 1;
}

def Lepton_QuantizeOp : Lepton_Op<"quantize", [Pure]> {
  let summary = "per-tensor u8 activations: x ≈ scale · (q - zero_point)";
  let description = [{
    q = round-half-even(x · (1 / scale)) + zero_point, clamped to [0, 255] and stored in an i8 (read as
    unsigned). `zero_point` is 0 for inputs known to be ≥ 0 (after a ReLU: scale = max / 255) or 128
    (scale = max |x| / 127). `scale` > 0 comes from calibration.

    ```mlir
    %q = lepton.quantize %x, %scale {zero_point = 128 : i32} : tensor<?x784xf32> -> tensor<?x784xi8>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, F32:$scale, DefaultValuedAttr<I32Attr, "0">:$zero_point);
  let results = (outs Lepton_I8Matrix:$result);
  let assemblyFormat = "$input `,` $scale attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Lepton_DenseInt8Op : Lepton_Op<"dense_int8", [Pure]> {
  let summary = "int8 dense layer: y = f(x_scale · w_scale[j] · Σ_k (x[i, k] - zp) · w[k, j] + b[j])";
  let description = [{
    `input` holds u8 activations (zero point `zero_point`, scale `input_scale`), `weight` s8 weights
    in the packed layout of `lepton.quantize_weights` (K = the input's features, N = the number of
    `weight_scale` values) with per-column scales `weight_scale` and column sums `weight_sums` (both from
    `lepton.quantize_weights`). The products are summed in i32 (exact; the u8 × s8 kernel of
    lepton-int8-matmul-to-vector), the zero point is taken out with the column sums, and the
    requantization to f32 — scales, bias, the optional activation — is one elementwise epilogue.

    ```mlir
    %y = lepton.dense_int8 %xq, %wq, %sx, %sw, %ws, %b {activation = "relu", zero_point = 128 : i32}
        : (tensor<?x784xi8>, tensor<196x512xi8>, f32, tensor<128xf32>, tensor<128xi32>, tensor<128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Lepton_I8Matrix:$input, Lepton_I8Matrix:$weight, F32:$input_scale,
                       Lepton_F32Vector:$weight_scale, Lepton_I32Vector:$weight_sums, Optional<Lepton_F32Vector>:$bias,
                       OptionalAttr<StrAttr>:$activation, OptionalAttr<F32Attr>:$alpha,
                       DefaultValuedAttr<I32Attr, "0">:$zero_point);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $input_scale `,` $weight_scale `,` $weight_sums (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // LEPTON_QUANT_OPS_TD
