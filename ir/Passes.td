// Passes.td — the passes of the lepton compiler: one record each, grouped by stage.
#ifndef LEPTON_PASSES_TD
#define LEPTON_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Transforms (lepton → lepton)
//===----------------------------------------------------------------------===//

def LeptonAutodiffPass : Pass<"lepton-autodiff", "::mlir::ModuleOp"> {
  let summary = "Replace each lepton.grad with the forward computation and its reverse sweep";
  let description = [{
    For every `lepton.grad @f(args) {wrt = [...]}`, inlines the body of `@f` (one block,
    no control flow) at the op, then walks its ops in reverse and asks each one that lies
    between a `wrt` argument and the result for its vector-Jacobian product through the
    `DifferentiableOpInterface`. Cotangents of values with several uses are summed with
    `lepton.add`; ops the result does not depend on through a `wrt` argument (constants,
    label handling) need no VJP. The gradient of an argument the result does not depend on
    is zero. Fails with an error at the offending op when the callee has control flow or an
    op on the differentiated path is not differentiable.
  }];
  let dependentDialects = [
    "::lepton::LeptonDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def LeptonFusePass : Pass<"lepton-fuse", "::mlir::ModuleOp"> {
  let summary = "Fold activations into the dense layers (and convolutions) that feed them";
  let description = [{
    Runs after `lepton-autodiff`. Four rewrites, in this order of need:

    1. Activation gradients from the output: `relu_grad %z, %dy` becomes `relu_grad %y, %dy`
       where `%y = relu %z` (y > 0 exactly where z > 0, so the result is bit-identical);
       likewise `leaky_relu_grad` with the forward's alpha when alpha > 0. The pre-activation
       then has no reader but the activation.
    2. `act(lepton.dense …)` whose dense result has no other use becomes
       `lepton.dense … {activation = "act"}` (relu, sigmoid, tanh, leaky_relu with alpha > 0).
       Convolutions are dense layers over patches here, so they fuse too. The lowering keeps
       the activation as the elementwise op right after the matmul, and
       lepton-matmul-to-vector applies it to the accumulators before they are stored.

    3. Inference batch norm into the layer before it: `batchnorm_inference` of a dense layer's output
       (directly, or through the `lepton.reshape` that turns a convolution's rows into images)
       becomes that layer with `lepton.batchnorm_fold`'s weight and bias (W · s and (b − mean) · s + β,
       s = γ / √(var + ε)), when the layer has more rows than its weight: the fold runs per call, a
       pass over W instead of one over the output. Rewrite 2 then folds the ReLU after it, through
       the reshape as well.
    4. One optimizer update per train step: `adam_update` (or `sgd_update`, `rmsprop_update`) ops
       of one block with the same attributes, learning rate and step, whose parameters and state
       tensors are `memref.view`s of byte globals (the front end's state blocks: all parameters in
       one, each optimizer state kind in another with the same layout) read and written back in
       place, become one op over `tensor<Pxf32>` views of the whole blocks; its gradient is the
       gradients flattened with `tensor.insert_slice` at their offsets, zeros in the alignment
       padding (which stays zero). Only when the updates cover their blocks whole and every
       reader of a parameter precedes the fused update (ir/Transforms/FuseOptimizerUpdates.h).

    Softmax and cross-entropy need no rewrite: the front end emits them as one op
    (`softmax_cross_entropy` and its gradient op), whose lowerings share the row maximum and
    the sum of exponentials after CSE. A module with `lepton.fuse = "off"` (the target's
    `fuse: off`) is left unchanged; `leptonc -O0` does not run the pass. `skip` leaves rewrites
    out by name (`activations` for 1 and 2, `batchnorm`, `optimizer`): what bench/fusion.sh
    measures one by one.
  }];
  let options = [
    ListOption<"skip", "skip", "std::string",
               "rewrites to leave out: activations, batchnorm, optimizer">,
  ];
  let dependentDialects = ["::lepton::LeptonDialect", "::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::bufferization::BufferizationDialect"];
}

def LeptonQuantizeInt8Pass : Pass<"lepton-quantize-int8", "::mlir::ModuleOp"> {
  let summary = "Rewrite the dense layers of int8 functions into quantized weights, activations and int8 products";
  let description = [{
    Post-training quantization of inference functions. A `func.func` marked `lepton.quantize_int8`
    takes, as its last argument, a `tensor<Lxf32>` of calibrated activation ranges, one per
    `lepton.dense` in the function (in order): the largest |x| seen at that layer's input over the
    calibration samples (a run-time buffer, filled after training or from a checkpoint). Each
    dense layer becomes
      `lepton.quantize_weights` (symmetric s8 per output channel),
      `lepton.quantize` of its input (per tensor: zero point 0 and scale range / 255 when the
      input comes out of a ReLU, directly or through reshapes, patches and pooling, else zero
      point 128 and scale range / 127; a range of 0 gives scale 1), and
      `lepton.dense_int8` (i32 sums, the bias and activation in the requantizing epilogue).
    When the ranges are followed, per dense layer, by its s8 weight (packed: ir/Int8Layout.h), its
    `tensor<Nxf32>` scales and `tensor<Nxi32>` column sums (run-time buffers that the program fills once, after training or
    loading, with `lepton.quantize_weights`), those replace the per-call `lepton.quantize_weights`.
    Functions without the mark are left alone. A marked function whose last argument is not a
    vector with one range per dense layer is an error at the function.

    Calibration: a function marked `lepton.calibrate_int8` takes the same ranges as its last
    argument and returns it as its last result; the pass makes that result the element-wise
    max of the ranges and, per dense layer, the largest |x| of its input in this call (min/max
    calibration, symmetric).
  }];
  let dependentDialects = ["::lepton::LeptonDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect"];
}

def LeptonSlicePatchesPass : Pass<"lepton-slice-patches", "::mlir::ModuleOp"> {
  let summary = "Make and use a convolution's patch matrices one batch slice at a time, so they stay in cache";
  let description = [{
    A `lepton.im2col` whose f32 patch matrix (static batch) is larger than twice `slice-bytes`, and
    whose every reader is a `lepton.dense` taking it as input or a weight gradient
    `lepton.matmul %patches, %dy {transpose_a}`, is replaced by `scf.for` loops over slices of
    samples: the dense layer writes its rows of the result slice by slice, and the weight gradient
    adds slice after slice onto zeros through `lepton.matmul … acc` (im2col runs again per slice
    there). Likewise `lepton.col2im(lepton.matmul %dy, %w {transpose_b})` runs per slice when the
    product is read only by col2im. A slice holds the most samples that divide the batch and whose
    patch rows fit `slice-bytes` (at least one). The results are bit for bit those of the whole batch.
  }];
  let options = [
    Option<"sliceBytes", "slice-bytes", "int64_t", /*default=*/"1048576",
           "Bytes of patch rows per slice (matrices up to twice this stay whole; 0: no slicing)">,
  ];
  let dependentDialects = ["::lepton::LeptonDialect", "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// Conversions (lepton → upstream dialects)
//===----------------------------------------------------------------------===//

def ConvertLeptonToLinalgPass : Pass<"convert-lepton-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower every lepton op to linalg, tensor, arith and math on tensors";
  let description = [{
    Matrix products become `linalg.matmul` (transposes through its indexing maps); the
    elementwise ops, reductions, losses and optimizer updates become `linalg.generic` ops
    with fused bodies. Dynamic batch dimensions are read with `tensor.dim` and allocated with
    `tensor.empty`. `lepton.grad` must have been removed by `lepton-autodiff` first.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // LEPTON_PASSES_TD
