// LeptonQuantizeInt8.cpp — lepton-quantize-int8: int8 dense layers in marked functions, ranges recorded in calibration ones.
#include "ir/Attributes.h"
#include "ir/Int8Layout.h"
#include "ir/LeptonDialect.h"
#include "ir/Passes.h"
#include "ir/WindowGeometry.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONQUANTIZEINT8PASS
#include "ir/Passes.h.inc"
} // namespace lepton

using namespace mlir;
using namespace lepton;

namespace {

/// Whether `x` is ≥ 0 (NaN aside): the output of a ReLU (a stand-alone one or a fused one), or of ops that keep
/// a non-negative input non-negative (reshapes, patches and pooling: a convolution's ReLU output pooled and cut
/// into patches for the next one).
bool isNonNegative(Value x) {
  Operation *def = x.getDefiningOp();
  while (isa_and_nonnull<ReshapeOp, MaxPool2DOp, AvgPool2DOp, Im2ColOp>(def)) {
    x = def->getOperand(0);
    def = x.getDefiningOp();
  }
  if (isa_and_nonnull<ReluOp>(def))
    return true;
  if (auto dense = dyn_cast_or_null<DenseOp>(def))
    return dense.getActivation() && *dense.getActivation() == "relu";
  if (auto dense = dyn_cast_or_null<DenseInt8Op>(def))
    return dense.getActivation() && *dense.getActivation() == "relu";
  return false;
}

/// An image quantized. A max-pooled one (pooled only for this) is pooled after quantizing, on u8: the quantization
/// is monotonic, so the bytes are the same, and the layer before can then store u8 (its epilogue requantizes).
Value quantizeImage(OpBuilder &b, Location loc, Value image, Value scale, int32_t zeroPoint) {
  auto type = cast<RankedTensorType>(image.getType());
  auto bytes = RankedTensorType::get(type.getShape(), b.getI8Type());
  if (auto pool = image.getDefiningOp<MaxPool2DOp>(); pool && image.hasOneUse()) {
    Value input = quantizeImage(b, loc, pool.getInput(), scale, zeroPoint);
    return MaxPool2DOp::create(b, pool.getLoc(), bytes, input, pool.getImageAttr(), pool.getWindowAttr());
  }
  return QuantizeOp::create(b, loc, bytes, image, scale, b.getI32IntegerAttr(zeroPoint));
}

/// `x` quantized (lepton.quantize, per tensor). A convolution's patches (`im2col` of an image, used only by this
/// layer) are cut from the quantized image instead: quantizing is elementwise, so the bytes are the same as long as
/// padding, which im2col fills with 0, stands for 0.0 (zero point 0, or no padding) — and the image has a fraction
/// of the patches' elements (9 times fewer for a 3×3 window with stride 1), and cutting u8 patches moves a quarter of
/// the bytes.
Value quantizeInput(OpBuilder &b, Location loc, Value x, Value scale, int32_t zeroPoint) {
  auto patches = x.getDefiningOp<Im2ColOp>();
  WindowGeometry g = patches ? patches.getGeometry() : WindowGeometry{};
  bool padded = patches && (g.padTop || g.padLeft || (g.outH - 1) * g.strideH + g.kernelH > g.height + g.padTop ||
                            (g.outW - 1) * g.strideW + g.kernelW > g.width + g.padLeft);
  if (patches && x.hasOneUse() && (zeroPoint == 0 || !padded)) {
    Value image = quantizeImage(b, loc, patches.getInput(), scale, zeroPoint);
    auto patchType = cast<RankedTensorType>(x.getType());
    return Im2ColOp::create(b, patches.getLoc(), RankedTensorType::get(patchType.getShape(), b.getI8Type()), image,
                            patches.getImageAttr(), patches.getWindowAttr());
  }
  return quantizeImage(b, loc, x, scale, zeroPoint);
}

/// The function's activation ranges: its argument `tensor<Lxf32>` (L = number of dense layers) at
/// position `index`, or null.
Value rangesArgument(func::FuncOp fn, int64_t index, size_t layers) {
  if (index < 0 || index >= static_cast<int64_t>(fn.getNumArguments()))
    return Value();
  auto type = dyn_cast<RankedTensorType>(fn.getArgumentTypes()[index]);
  if (!type || type.getRank() != 1 || !type.getElementType().isF32() ||
      type.getDimSize(0) != static_cast<int64_t>(layers))
    return Value();
  return fn.getArgument(index);
}

/// Arguments per dense layer in the buffer form: its s8 weight (packed), f32 scales and i32 column sums.
constexpr int64_t kBuffersPerLayer = 3;

/// Whether the function ends with (ranges, then per dense layer its s8 weight, packed, f32 scales and i32
/// column sums: lepton.quantize_weights' results).
bool hasQuantizedWeightArguments(func::FuncOp fn, MutableArrayRef<DenseOp> layers) {
  int64_t n = fn.getNumArguments(), first = n - kBuffersPerLayer * static_cast<int64_t>(layers.size());
  if (layers.empty() || !rangesArgument(fn, first - 1, layers.size()))
    return false;
  MLIRContext *ctx = fn.getContext();
  for (auto [i, dense] : llvm::enumerate(layers)) {
    auto weight = dense.getWeight().getType();
    ArrayRef<Type> types = fn.getArgumentTypes().slice(first + kBuffersPerLayer * i, kBuffersPerLayer);
    SmallVector<int64_t, 2> packed = int8PackedShape(weight.getDimSize(0), weight.getDimSize(1));
    if (types[0] != RankedTensorType::get(packed, IntegerType::get(ctx, 8)) ||
        types[1] != RankedTensorType::get({weight.getDimSize(1)}, Float32Type::get(ctx)) ||
        types[2] != RankedTensorType::get({weight.getDimSize(1)}, IntegerType::get(ctx, 32)))
      return false;
  }
  return true;
}

LogicalResult quantizeFunction(func::FuncOp fn) {
  SmallVector<DenseOp> layers;
  fn.walk([&](DenseOp op) { layers.push_back(op); });
  bool weightArgs = hasQuantizedWeightArguments(fn, layers);
  int64_t rangesIndex = static_cast<int64_t>(fn.getNumArguments()) - 1 -
                        (weightArgs ? kBuffersPerLayer * static_cast<int64_t>(layers.size()) : 0);
  Value rangeArg = rangesArgument(fn, rangesIndex, layers.size());
  if (!rangeArg)
    return fn.emitError("lepton-quantize-int8: a function marked lepton.quantize_int8 takes the activation ranges "
                        "of its ")
           << layers.size() << " dense layer(s) as its last argument, a tensor<" << layers.size()
           << "xf32> (or before each layer's packed s8 weight, f32 scales and i32 column sums)";
  OpBuilder b(fn.getContext());
  for (auto [index, dense] : llvm::enumerate(layers)) {
    Location loc = dense.getLoc();
    b.setInsertionPoint(dense);
    bool nonNegative = isNonNegative(dense.getInput());
    int32_t zeroPoint = nonNegative ? 0 : 128;
    Value position = arith::ConstantIndexOp::create(b, loc, static_cast<int64_t>(index));
    Value range = tensor::ExtractOp::create(b, loc, rangeArg, ValueRange{position});
    Value levels = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(nonNegative ? 255.0f : 127.0f));
    Value scaled = arith::DivFOp::create(b, loc, range, levels);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, scaled, zero);
    Value one = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(1.0f));
    Value scale = arith::SelectOp::create(b, loc, positive, scaled, one);

    // The weights: run-time buffers the caller filled (with lepton.quantize_weights, once after
    // training or loading), else quantized here, on every call.
    Value quantizedWeight, weightScale, weightSums;
    if (weightArgs) {
      int64_t first = rangesIndex + 1 + kBuffersPerLayer * static_cast<int64_t>(index);
      quantizedWeight = fn.getArgument(first);
      weightScale = fn.getArgument(first + 1);
      weightSums = fn.getArgument(first + 2);
    } else {
      auto weightType = dense.getWeight().getType();
      auto quantizedWeightType = RankedTensorType::get(
          int8PackedShape(weightType.getDimSize(0), weightType.getDimSize(1)), b.getI8Type());
      auto scaleType = RankedTensorType::get({weightType.getDimSize(1)}, b.getF32Type());
      auto sumsType = RankedTensorType::get({weightType.getDimSize(1)}, b.getI32Type());
      auto weights = QuantizeWeightsOp::create(b, loc, quantizedWeightType, scaleType, sumsType, dense.getWeight());
      quantizedWeight = weights.getQuantized();
      weightScale = weights.getScale();
      weightSums = weights.getSums();
    }
    Value input = quantizeInput(b, loc, dense.getInput(), scale, zeroPoint);
    Value result = DenseInt8Op::create(b, loc, dense.getResult().getType(), input, quantizedWeight, scale,
                                       weightScale, weightSums, dense.getBias(), dense.getActivationAttr(),
                                       dense.getAlphaAttr(), b.getI32IntegerAttr(zeroPoint));
    Operation *patches = dense.getInput().getDefiningOp();
    dense.getResult().replaceAllUsesWith(result);
    dense.erase();
    // Cut again from the quantized (and perhaps pooled) image (quantizeInput): the f32 ops are dead.
    while (patches && patches->use_empty() && isa<Im2ColOp, MaxPool2DOp>(patches)) {
      Operation *source = patches->getOperand(0).getDefiningOp();
      patches->erase();
      patches = source;
    }
  }
  return success();
}

/// max over every element of |x| (NaN ignored), as a 0-d tensor.
Value largestMagnitude(OpBuilder &b, Location loc, Value x) {
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, b.getF32Type());
  Value start = linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{init}).getResult(0);
  MLIRContext *ctx = b.getContext();
  AffineMap all = AffineMap::getMultiDimIdentityMap(2, ctx), none = AffineMap::get(2, 0, ctx);
  auto reduce = linalg::GenericOp::create(
      b, loc, TypeRange{scalar}, ValueRange{x}, ValueRange{start}, ArrayRef<AffineMap>{all, none},
      ArrayRef<utils::IteratorType>{utils::IteratorType::reduction, utils::IteratorType::reduction},
      [](OpBuilder &nb, Location l, ValueRange args) {
        Value magnitude = math::AbsFOp::create(nb, l, args[0]);
        linalg::YieldOp::create(nb, l, ValueRange{arith::MaxNumFOp::create(nb, l, args[1], magnitude)});
      });
  return reduce.getResult(0);
}

LogicalResult calibrateFunction(func::FuncOp fn) {
  // The last argument (the ranges so far) comes back as the last result, each entry raised to the
  // largest |x| of its dense layer's input in this call.
  SmallVector<DenseOp> layers;
  fn.walk([&](DenseOp op) { layers.push_back(op); });
  Value ranges = rangesArgument(fn, static_cast<int64_t>(fn.getNumArguments()) - 1, layers.size());
  auto returns = llvm::to_vector(fn.getOps<func::ReturnOp>());
  if (!ranges || returns.size() != 1 || returns[0].getNumOperands() == 0 ||
      returns[0].getOperands().back() != ranges)
    return fn.emitError("lepton-quantize-int8: a function marked lepton.calibrate_int8 takes the activation ranges "
                        "of its ")
           << layers.size() << " dense layer(s) as its last argument, a tensor<" << layers.size()
           << "xf32>, and returns that argument as its last result";
  OpBuilder b(fn.getContext());
  Value updated = ranges;
  for (auto [index, dense] : llvm::enumerate(layers)) {
    Location loc = dense.getLoc();
    b.setInsertionPoint(returns[0]);
    Value seen = tensor::ExtractOp::create(b, loc, largestMagnitude(b, loc, dense.getInput()), ValueRange{});
    Value position = arith::ConstantIndexOp::create(b, loc, static_cast<int64_t>(index));
    Value before = tensor::ExtractOp::create(b, loc, updated, ValueRange{position});
    Value larger = arith::MaxNumFOp::create(b, loc, before, seen);
    updated = tensor::InsertOp::create(b, loc, larger, updated, ValueRange{position});
  }
  returns[0]->setOperand(returns[0].getNumOperands() - 1, updated);
  return success();
}

struct LeptonQuantizeInt8Pass : lepton::impl::LeptonQuantizeInt8PassBase<LeptonQuantizeInt8Pass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isDeclaration())
        continue;
      if (fn->hasAttr(kCalibrateInt8Attr) && failed(calibrateFunction(fn)))
        signalPassFailure();
      if (fn->hasAttr(kQuantizeInt8Attr) && failed(quantizeFunction(fn)))
        signalPassFailure();
    }
  }
};

} // namespace
