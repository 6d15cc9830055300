// Attributes.h — discardable attributes the front end puts on generated IR for codegen to act on.
#ifndef LEPTON_IR_ATTRIBUTES_H
#define LEPTON_IR_ATTRIBUTES_H

namespace lepton {

/// On a module: "keep" leaves subnormal floats alone (`denormals: keep`); absent or "flush" makes
/// lepton-denormals flush them in the C API's functions.
inline constexpr char kDenormalsAttr[] = "lepton.denormals";

/// On a module: "off" (the target's `fuse: off`) keeps every op as written: lepton-fuse leaves the
/// module alone and lepton-matmul-to-vector applies no epilogue.
inline constexpr char kFuseAttr[] = "lepton.fuse";

/// lepton-fuse's rewrites by name, as its `skip` option and leptonc's --fuse-skip take them.
inline constexpr const char *kFuseRewrites[] = {"activations", "batchnorm", "optimizer"};
/// The fusion code generation does before lepton-fuse runs (the preprocessing folded into the first layer's
/// weights: frontend/mlirgen/InputFoldGen.cpp); leptonc's --fuse-skip takes its name too.
inline constexpr char kFoldPreprocessingRewrite[] = "preprocessing";
/// The fusion of code generation's lepton-optimizer-epilogues (a weight's optimizer update applied by its
/// gradient's matmul kernel); leptonc's --fuse-skip takes its name, and marks the module with the attribute.
inline constexpr char kOptimizerEpilogueRewrite[] = "optimizer-epilogue";
inline constexpr char kSkipOptimizerEpilogueAttr[] = "lepton.skip_optimizer_epilogue";
/// Code generation's lepton-reciprocal-divide (an optimizer update's division by the reciprocal estimate and
/// Newton steps, on the FMA ports); leptonc's --fuse-skip takes its name, and marks the module with the attribute.
inline constexpr char kReciprocalDivideRewrite[] = "reciprocal-divide";
inline constexpr char kSkipReciprocalDivideAttr[] = "lepton.skip_reciprocal_divide";
/// Code generation's rewrites that --fuse-skip turns off by marking the module: each name with its attribute.
struct CodegenRewrite {
  const char *name;
  const char *skipAttr;
};
inline constexpr CodegenRewrite kCodegenRewrites[] = {{kOptimizerEpilogueRewrite, kSkipOptimizerEpilogueAttr},
                                                      {kReciprocalDivideRewrite, kSkipReciprocalDivideAttr}};
/// On an f32 `arith.divf`: its divisor is a positive normal number below 2^126, +∞ or NaN, and its numerator is
/// finite where the divisor is (an optimizer update's m / (√v·c + ε)), so lepton-reciprocal-divide may compute
/// it from the reciprocal estimate.
inline constexpr char kReciprocalDivideMark[] = "lepton.reciprocal_divide";

/// On a func.func: lepton-quantize-int8 rewrites its dense layers to int8; its last argument holds the
/// calibrated activation range of each (tensor<Lxf32>, L = its number of lepton.dense ops), or is
/// followed by each layer's quantized weight (s8, packed: ir/Int8Layout.h), weight scales (tensor<Nxf32>) and
/// column sums (tensor<Nxi32>): lepton.quantize_weights' results.
inline constexpr char kQuantizeInt8Attr[] = "lepton.quantize_int8";

/// On a func.func: lepton-quantize-int8 makes it record the largest |x| entering each lepton.dense
/// into its last argument (tensor<Lxf32>), which it must return as its last result: calibration.
inline constexpr char kCalibrateInt8Attr[] = "lepton.calibrate_int8";

/// On a func.func: its intermediate buffers go on the stack (codegen promotes its static
/// allocations), so a call allocates nothing — exported inference, safe to call concurrently.
inline constexpr char kStackScratchAttr[] = "lepton.stack_scratch";

/// On an `scf.for` of lepton-slice-patches whose iterations write disjoint slices of its result and
/// read nothing another one writes: lepton-parallelize may run them on different threads.
inline constexpr char kIndependentSlicesAttr[] = "lepton.independent_slices";

/// On an `scf.for` of lepton-slice-patches whose iterations add into the same results (a weight gradient
/// and its bias gradient summed over batch slices): lepton-parallelize cuts the weight gradient's rows
/// across threads, each thread running every slice for its rows.
inline constexpr char kSummedSlicesAttr[] = "lepton.summed_slices";

/// Largest single buffer (bytes) that kStackScratchAttr puts on the stack; bigger ones stay on
/// the heap rather than risk a thread's stack.
inline constexpr long kStackScratchMaxBuffer = 1 << 20;

/// Alignment (bytes) of every tensor of a model's state: a cache line, any vector width. The tensors of
/// one state block (frontend ModelState) start at multiples of it; lepton-fuse relies on the bytes
/// between them being this padding and nothing else.
inline constexpr long kStateAlignment = 64;

} // namespace lepton

#endif // LEPTON_IR_ATTRIBUTES_H
