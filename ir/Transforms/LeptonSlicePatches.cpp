// LeptonSlicePatches.cpp — lepton-slice-patches: a convolution's patch matrices made and used one batch slice at a time.
//
// A convolution is im2col + a matrix product. Its patch matrix is the image times the window size: for
// the Fashion CNN's second layer 8.9 MB per batch of 64, four times a 2 MiB L2. Made whole, it is written
// to memory by im2col and read back by the forward product and by the weight gradient; the patch
// gradient dy·Wᵀ (as large) is written and read back by col2im: five passes through L3 or memory per step.
// Each patch row belongs to one sample, so all of it can run per slice of samples, in a loop whose slice
// of patches stays in L2 between the op that writes it and the one that reads it:
//   forward          y[slice]  = dense(im2col(x[slice]), W, b)
//   weight gradient  dW       += im2col(x[slice])ᵀ · dy[slice]      (im2col computed again: it is a copy)
//   input gradient   dx[slice] = col2im(dy[slice] · Wᵀ)
// Every result element is computed by the same operations in the same order as before: rows of the
// forward and of col2im do not depend on other samples, and the weight gradient's sums go on from one
// slice to the next through `lepton.matmul … acc`, in k order (bit-identical).
#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"
#include "ir/Passes.h"
#include "ir/WindowGeometry.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONSLICEPATCHESPASS
#include "ir/Passes.h.inc"
} // namespace lepton

using namespace mlir;
using namespace lepton;

namespace {

/// How a batch of patch rows is cut: `samples` images (OH·OW rows each) per slice.
struct Slicing {
  int64_t batch = 0, samples = 0, rowsPerSample = 0;
  int64_t sliceRows() const { return samples * rowsPerSample; }
};

/// Slices for a patch matrix of `rows` × `patchSize` floats from `geometry`'s windows, or none when the
/// matrix fits twice `budget` (then it mostly stays in cache anyway) or its batch is not static. A slice
/// holds the largest number of samples that divides the batch and fits `budget` (at least one).
std::optional<Slicing> slicingFor(int64_t rows, const WindowGeometry &geometry, int64_t budget) {
  int64_t perSample = geometry.outputPositions();
  if (ShapedType::isDynamic(rows) || perSample < 1 || rows % perSample != 0)
    return std::nullopt;
  int64_t bytesPerSample = perSample * geometry.patchSize() * 4;
  int64_t batch = rows / perSample;
  if (batch < 2 || batch * bytesPerSample <= 2 * budget)
    return std::nullopt;
  int64_t samples = 1;
  for (int64_t s = batch - 1; s > 1; --s)
    if (batch % s == 0 && s * bytesPerSample <= budget) {
      samples = s;
      break;
    }
  return Slicing{batch, samples, perSample};
}

Value index(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// Rows [first, first + count) of a matrix.
Value rowsOf(OpBuilder &b, Location loc, Value matrix, Value first, int64_t count) {
  auto type = cast<RankedTensorType>(matrix.getType());
  auto sliceType = RankedTensorType::get({count, type.getDimSize(1)}, type.getElementType());
  SmallVector<OpFoldResult> offsets{first, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes{b.getIndexAttr(count), b.getIndexAttr(type.getDimSize(1))};
  SmallVector<OpFoldResult> strides{b.getIndexAttr(1), b.getIndexAttr(1)};
  return tensor::ExtractSliceOp::create(b, loc, sliceType, matrix, offsets, sizes, strides);
}

/// `rows` written into `matrix` from row `first` on.
Value withRows(OpBuilder &b, Location loc, Value rows, Value matrix, Value first) {
  auto type = cast<RankedTensorType>(rows.getType());
  SmallVector<OpFoldResult> offsets{first, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes{b.getIndexAttr(type.getDimSize(0)), b.getIndexAttr(type.getDimSize(1))};
  SmallVector<OpFoldResult> strides{b.getIndexAttr(1), b.getIndexAttr(1)};
  return tensor::InsertSliceOp::create(b, loc, rows, matrix, offsets, sizes, strides);
}

RankedTensorType withRowCount(Type matrix, int64_t rows) {
  auto type = cast<RankedTensorType>(matrix);
  return RankedTensorType::get({rows, type.getDimSize(1)}, type.getElementType());
}

/// An scf.for over the batch's slices carrying `inits`; `body(firstSample, carried)` returns the next
/// carried values. Returns the last ones. `mark` (for lepton-parallelize): kIndependentSlicesAttr when
/// each iteration writes its own slice of the result and nothing else, kSummedSlicesAttr when every
/// iteration adds into the whole results.
ValueRange overSlices(OpBuilder &b, Location loc, const Slicing &slicing, ValueRange inits, StringRef mark,
                      function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)> body) {
  Value lower = index(b, loc, 0);
  Value upper = index(b, loc, slicing.batch);
  Value step = index(b, loc, slicing.samples);
  auto loop = scf::ForOp::create(b, loc, lower, upper, step, inits,
                                 [&](OpBuilder &nested, Location l, Value sample, ValueRange carried) {
                                   scf::YieldOp::create(nested, l, body(nested, l, sample, carried));
                                 });
  loop->setAttr(mark, b.getUnitAttr());
  return loop.getResults();
}

Value rowOfSample(OpBuilder &b, Location loc, Value sample, const Slicing &slicing) {
  Value perSample = index(b, loc, slicing.rowsPerSample);
  return arith::MulIOp::create(b, loc, sample, perSample);
}

/// The patches of samples [sample, sample + slicing.samples): im2col of those rows of its image.
Value slicePatches(OpBuilder &b, Location loc, Im2ColOp patches, Value sample, const Slicing &slicing) {
  Value images = rowsOf(b, loc, patches.getInput(), sample, slicing.samples);
  return Im2ColOp::create(b, loc, withRowCount(patches.getType(), slicing.sliceRows()), images,
                          patches.getImageAttr(), patches.getWindowAttr());
}

/// y = dense(patches, W, b): y[slice] = dense(patches[slice], W, b), written into y's rows.
void sliceForward(Im2ColOp patches, DenseOp dense, const Slicing &slicing) {
  OpBuilder b(dense);
  Location loc = dense.getLoc();
  RankedTensorType type = dense.getResult().getType();
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value y = overSlices(b, loc, slicing, init, kIndependentSlicesAttr, [&](OpBuilder &nb, Location l, Value sample,
                                                                        ValueRange acc) -> SmallVector<Value> {
    // The output row first: then nothing stands between the product and its activation (which
    // lepton-matmul-to-vector applies in registers only when they are next to each other).
    Value first = rowOfSample(nb, l, sample, slicing);
    IRMapping map;
    map.map(patches.getResult(), slicePatches(nb, l, patches, sample, slicing));
    Operation *rows = nb.clone(*dense, map);
    rows->getResult(0).setType(withRowCount(type, slicing.sliceRows()));
    return {withRows(nb, l, rows->getResult(0), acc.front(), first)};
  }).front();
  dense.getResult().replaceAllUsesWith(y);
  dense.erase();
}

/// Zeros of `type` (the start of a sum over slices).
Value zerosLike(OpBuilder &b, Location loc, RankedTensorType type) {
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// The bias gradient Σ_rows dy after `gradient` in its block (the dense layer's other gradient of dy),
/// or null.
ReduceBatchOp biasGradientAfter(MatmulOp gradient) {
  Value dy = gradient.getRhs();
  for (Operation *user : dy.getUsers())
    if (auto sums = dyn_cast<ReduceBatchOp>(user);
        sums && !sums.getAcc() && sums->getBlock() == gradient->getBlock() && gradient->isBeforeInBlock(sums))
      return sums;
  return {};
}

/// dW = patchesᵀ · dy, summed slice after slice onto zeros; dy's bias gradient (when the layer has one)
/// summed in the same loop, right after each slice's product, where lepton-matmul-to-vector adds it in the
/// product's kernel (codegen/ColumnSums.cpp) as without slices.
void sliceWeightGradient(Im2ColOp patches, MatmulOp gradient, const Slicing &slicing) {
  OpBuilder b(gradient);
  Location loc = gradient.getLoc();
  RankedTensorType type = gradient.getResult().getType();
  ReduceBatchOp bias = biasGradientAfter(gradient);
  SmallVector<Value> inits{zerosLike(b, loc, type)};
  if (bias)
    inits.push_back(zerosLike(b, loc, bias.getResult().getType()));
  ValueRange sums = overSlices(b, loc, slicing, inits, kSummedSlicesAttr,
                               [&](OpBuilder &nb, Location l, Value sample, ValueRange acc) {
    Value rows = slicePatches(nb, l, patches, sample, slicing);
    Value first = rowOfSample(nb, l, sample, slicing);
    Value dy = rowsOf(nb, l, gradient.getRhs(), first, slicing.sliceRows());
    SmallVector<Value> next{MatmulOp::create(nb, l, type, rows, dy, acc[0], /*transpose_a=*/true,
                                             /*transpose_b=*/false)};
    if (bias)
      next.push_back(ReduceBatchOp::create(nb, l, bias.getResult().getType(), dy, acc[1]));
    return next;
  });
  gradient.getResult().replaceAllUsesWith(sums[0]);
  gradient.erase();
  if (bias) {
    bias.getResult().replaceAllUsesWith(sums[1]);
    bias.erase();
  }
}

/// The users of `patches` that run per slice: dense layers reading them as input, and weight gradients
/// patchesᵀ · dy with dy's rows those of the patches. Empty when any other op reads them (the whole
/// matrix is then needed anyway).
bool sliceableUsers(Im2ColOp patches, SmallVectorImpl<DenseOp> &forward,
                    SmallVectorImpl<MatmulOp> &gradients) {
  int64_t rows = patches.getType().getDimSize(0);
  for (OpOperand &use : patches->getUses()) {
    Operation *user = use.getOwner();
    if (auto dense = dyn_cast<DenseOp>(user); dense && use.getOperandNumber() == 0) {
      forward.push_back(dense);
      continue;
    }
    auto matmul = dyn_cast<MatmulOp>(user);
    if (matmul && use.getOperandNumber() == 0 && matmul.getTransposeA() && !matmul.getTransposeB() &&
        !matmul.getAcc() && matmul.getRhs() != patches.getResult() &&
        matmul.getRhs().getType().getDimSize(0) == rows) {
      gradients.push_back(matmul);
      continue;
    }
    return false;
  }
  return !forward.empty() || !gradients.empty();
}

void slicePatchUsers(Im2ColOp patches, int64_t budget) {
  if (!patches.getType().getElementType().isF32())
    return; // i8 patches of quantized inference: a quarter of the bytes, and not cut here
  std::optional<Slicing> slicing =
      slicingFor(patches.getType().getDimSize(0), patches.getGeometry(), budget);
  SmallVector<DenseOp> forward;
  SmallVector<MatmulOp> gradients;
  if (!slicing || !sliceableUsers(patches, forward, gradients))
    return;
  for (DenseOp dense : forward)
    sliceForward(patches, dense, *slicing);
  for (MatmulOp gradient : gradients)
    sliceWeightGradient(patches, gradient, *slicing);
  patches.erase();
}

/// dx = col2im(dy · Wᵀ): dx[slice] = col2im(dy[slice] · Wᵀ), the patch gradient never whole.
void sliceInputGradient(Col2ImOp images, int64_t budget) {
  auto product = images.getInput().getDefiningOp<MatmulOp>();
  if (!product || !product->hasOneUse() || product.getTransposeA() || product.getAcc())
    return;
  std::optional<Slicing> slicing =
      slicingFor(product.getType().getDimSize(0), images.getGeometry(), budget);
  if (!slicing)
    return;
  OpBuilder b(images);
  Location loc = images.getLoc();
  RankedTensorType type = images.getResult().getType();
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value dx = overSlices(b, loc, *slicing, init, kIndependentSlicesAttr, [&](OpBuilder &nb, Location l, Value sample,
                                                                         ValueRange acc) -> SmallVector<Value> {
    Value first = rowOfSample(nb, l, sample, *slicing);
    IRMapping map;
    map.map(product.getLhs(), rowsOf(nb, l, product.getLhs(), first, slicing->sliceRows()));
    Operation *patchGradient = nb.clone(*product, map);
    patchGradient->getResult(0).setType(withRowCount(product.getType(), slicing->sliceRows()));
    Value rows = Col2ImOp::create(nb, l, withRowCount(type, slicing->samples), patchGradient->getResult(0),
                                  images.getImageAttr(), images.getWindowAttr());
    return {withRows(nb, l, rows, acc.front(), sample)};
  }).front();
  images.getResult().replaceAllUsesWith(dx);
  images.erase();
  product.erase();
}

struct LeptonSlicePatchesPass : lepton::impl::LeptonSlicePatchesPassBase<LeptonSlicePatchesPass> {
  using LeptonSlicePatchesPassBase::LeptonSlicePatchesPassBase;
  void runOnOperation() override {
    int64_t budget = sliceBytes;
    SmallVector<Im2ColOp> patches;
    SmallVector<Col2ImOp> images;
    getOperation().walk([&](Operation *op) {
      if (auto im2col = dyn_cast<Im2ColOp>(op))
        patches.push_back(im2col);
      else if (auto col2im = dyn_cast<Col2ImOp>(op))
        images.push_back(col2im);
    });
    for (Im2ColOp im2col : patches)
      slicePatchUsers(im2col, budget);
    for (Col2ImOp col2im : images)
      sliceInputGradient(col2im, budget);
  }
};

} // namespace
