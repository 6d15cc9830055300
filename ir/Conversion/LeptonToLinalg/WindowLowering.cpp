// WindowLowering.cpp — lepton → linalg patterns of the window ops (im2col, col2im, pools) and reshape.
//
// Images arrive as (B, H·W·C) matrices; each pattern views them as (B, H, W, C) with a free
// tensor.expand_shape, computes on that 4-D (or the 6-D patch) index space with a
// `linalg.generic` that gathers with tensor.extract, and collapses the result back to a matrix.
#include "ir/Conversion/LeptonToLinalg/LeptonToLinalg.h"
#include "ir/Conversion/LeptonToLinalg/LoweringUtils.h"
#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

using namespace mlir;
using namespace lepton;
using namespace lepton::lowering;

namespace {

using utils::IteratorType;

/// (rows, cols) → `dims` (the row dimension may be dynamic: it is the first of `dims`).
Value expand(OpBuilder &b, Location loc, Value matrix, ArrayRef<int64_t> dims,
             ArrayRef<ReassociationIndices> groups) {
  auto type = RankedTensorType::get(dims, cast<RankedTensorType>(matrix.getType()).getElementType());
  return tensor::ExpandShapeOp::create(b, loc, type, matrix, groups);
}

Value collapse(OpBuilder &b, Location loc, Value tensor, ArrayRef<ReassociationIndices> groups) {
  return tensor::CollapseShapeOp::create(b, loc, tensor, groups);
}

/// Index arithmetic inside a generic body.
struct Body {
  OpBuilder &b;
  Location loc;
  Value c(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value idx(unsigned d) { return linalg::IndexOp::create(b, loc, d); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, int64_t k) { return k == 1 ? x : arith::MulIOp::create(b, loc, x, c(k)); }
  Value lt(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, y);
  }
  Value ge0(Value x) { return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, x, c(0)); }
  Value both(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  /// Operands that create ops are created in statements of their own, here and in callers: the order in
  /// which a call's arguments are evaluated is unspecified (GCC and Clang differ), and the IR must not
  /// depend on the compiler that built leptonc.
  Value pick(Value cond, Value x, Value y) { return arith::SelectOp::create(b, loc, cond, x, y); }
  /// 0 ≤ x < n
  Value inRange(Value x, int64_t n) {
    Value below = lt(x, c(n));
    return both(ge0(x), below);
  }
  /// x clamped into [0, n) (used only where the result is then discarded).
  Value clamp(Value x, int64_t n) {
    Value lo = arith::MaxSIOp::create(b, loc, x, c(0));
    return arith::MinSIOp::create(b, loc, lo, c(n - 1));
  }
  /// The output position (of a window with stride s and padding p) whose kernel offset k covers
  /// input position x: (x + p − k) / s when that divides and lies in [0, n). Returns (o, valid).
  std::pair<Value, Value> windowOf(Value x, Value k, int64_t s, int64_t p, int64_t n) {
    Value num = sub(add(x, c(p)), k);
    Value o = arith::DivSIOp::create(b, loc, num, c(s));
    Value zero = c(0);
    Value rem = arith::RemSIOp::create(b, loc, num, c(s));
    Value exact = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rem, zero);
    Value below = lt(o, c(n));
    Value valid = both(both(ge0(num), exact), below);
    return {clamp(o, n), valid};
  }
};

/// The image extent of rows and windows with (possibly) padding: true when every window lies
/// inside the image, so bounds checks can be left out.
bool windowsInside(const WindowGeometry &g) {
  return g.padTop == 0 && g.padLeft == 0 && (g.outH - 1) * g.strideH + g.kernelH <= g.height &&
         (g.outW - 1) * g.strideW + g.kernelW <= g.width;
}

SmallVector<AffineMap> outputMapOnly(unsigned numDims, unsigned numOutputDims, MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d = 0; d < numOutputDims; ++d)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return {AffineMap::get(numDims, 0, exprs, ctx)};
}

/// A linalg.generic over the output's (B, H, W, C), every loop parallel and the channel innermost
/// (contiguous in HWC, so LLVM vectorises across channels); `body` visits the static kernel's
/// offsets itself, unrolled. (A generic with (kh, kw) reduction loops innermost ran as scalar
/// code: the max-pool gradient alone took 30 % of a CNN's training step.)
Value buildChannelsInnermost(OpBuilder &b, Location loc, Value init,
                             function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  MLIRContext *ctx = b.getContext();
  return buildGeneric(b, loc, {}, init, {AffineMap::getMultiDimIdentityMap(4, ctx)}, iterators(4, 0),
                      [&](OpBuilder &nested, Location l, ValueRange args) {
                        return SmallVector<Value>{body(nested, l, args)};
                      })[0];
}

/// (B, H, W, C) view of an image matrix.
Value imageView(OpBuilder &b, Location loc, Value x, const WindowGeometry &g) {
  int64_t batch = cast<RankedTensorType>(x.getType()).getDimSize(0);
  return expand(b, loc, x, {batch, g.height, g.width, g.channels}, {{0}, {1, 2, 3}});
}

/// Whether `op`'s patches are copied a window row at a time (copyWindowRows): a slice's patches inside
/// lepton-slice-patches' loops, no padding, window rows of at least 16 elements. Elsewhere the gathering
/// generic stays: lepton-parallelize splits it across threads (a slice runs on one thread already), and
/// a row of a few elements (a first layer's 3) copies no faster as a block.
bool copiesWindowRows(Im2ColOp op, const WindowGeometry &g) {
  if (!windowsInside(g) || g.kernelW * g.channels < 16)
    return false;
  auto loop = op->getParentOfType<scf::ForOp>();
  return loop && (loop->hasAttr(kIndependentSlicesAttr) || loop->hasAttr(kSummedSlicesAttr));
}

/// patches(b, oh, ow, kh, ·, ·) = x(b, oh·SH + kh, ow·SW …, ·): the KW·C elements of a window row are
/// contiguous in both, so each is one block copy (tensor.insert_slice of a tensor.extract_slice, which
/// bufferizes to memref.copy and lowers to llvm.memcpy). LLVM turned the generic's element copies into
/// memcpy too, but not in every OpenMP region (it left them scalar in the weight gradient's).
Value copyWindowRows(OpBuilder &b, Location loc, Value x, const WindowGeometry &g, RankedTensorType type) {
  Value init = emptyTensor(b, loc, type, {{x, 0}});
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value batch = tensor::DimOp::create(b, loc, x, 0);
  SmallVector<Value> upper{batch};
  for (int64_t extent : {g.outH, g.outW, g.kernelH})
    upper.push_back(arith::ConstantIndexOp::create(b, loc, extent));
  SmallVector<Value> lower(4, zero), steps(4, one);
  auto rowType = RankedTensorType::get({g.kernelW, g.channels}, type.getElementType());
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lower, upper, steps, ValueRange{init},
      [&](OpBuilder &nb, Location l, ValueRange iv, ValueRange carried) -> scf::ValueVector {
        Body e{nb, l};
        Value rowAt = e.mul(iv[1], g.strideH);
        Value h = e.add(rowAt, iv[3]);
        Value w = e.mul(iv[2], g.strideW);
        auto attr = [&](int64_t v) -> OpFoldResult { return nb.getIndexAttr(v); };
        Value row = tensor::ExtractSliceOp::create(
            nb, l, rowType, x, SmallVector<OpFoldResult>{iv[0], h, w, attr(0)},
            SmallVector<OpFoldResult>{attr(1), attr(1), attr(g.kernelW), attr(g.channels)},
            SmallVector<OpFoldResult>(4, attr(1)));
        Value next = tensor::InsertSliceOp::create(
            nb, l, row, carried.front(),
            SmallVector<OpFoldResult>{iv[0], iv[1], iv[2], iv[3], attr(0), attr(0)},
            SmallVector<OpFoldResult>{attr(1), attr(1), attr(1), attr(1), attr(g.kernelW), attr(g.channels)},
            SmallVector<OpFoldResult>(6, attr(1)));
        return {next};
      });
  return nest.results.front();
}

/// patches(b, oh, ow, kh, kw, c) = x(b, oh·SH + kh − PT, ow·SW + kw − PL, c), 0 in padding.
struct Im2ColLowering : OpConversionPattern<Im2ColOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(Im2ColOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    WindowGeometry g = op.getGeometry();
    Value x = imageView(rewriter, loc, adaptor.getInput(), g);
    int64_t batch = cast<RankedTensorType>(x.getType()).getDimSize(0);
    Type element = cast<RankedTensorType>(x.getType()).getElementType(); // f32, or i8 quantized
    auto type = RankedTensorType::get({batch, g.outH, g.outW, g.kernelH, g.kernelW, g.channels}, element);
    if (copiesWindowRows(op, g)) {
      Value rows = copyWindowRows(rewriter, loc, x, g, type);
      rewriter.replaceOp(op, collapse(rewriter, loc, rows, {{0, 1, 2}, {3, 4, 5}}));
      return success();
    }
    Value init = emptyTensor(rewriter, loc, type, {{x, 0}});
    bool inside = windowsInside(g);
    ValueRange patches = buildGeneric(
        rewriter, loc, {}, init, outputMapOnly(6, 6, getContext()), iterators(6, 0),
        [&](OpBuilder &b, Location l, ValueRange) {
          Body e{b, l};
          // One op-creating operand per call (argument evaluation order is unspecified).
          Value rowAt = e.mul(e.idx(1), g.strideH);
          Value h = sub(e, e.add(rowAt, e.idx(3)), g.padTop);
          Value colAt = e.mul(e.idx(2), g.strideW);
          Value w = sub(e, e.add(colAt, e.idx(4)), g.padLeft);
          if (inside) {
            Value v = tensor::ExtractOp::create(b, l, x, ValueRange{e.idx(0), h, w, e.idx(5)});
            return SmallVector<Value>{v};
          }
          Value inH = e.inRange(h, g.height);
          Value ok = e.both(inH, e.inRange(w, g.width));
          // (A braced list is evaluated left to right: its creating elements are safe.)
          Value v = tensor::ExtractOp::create(
              b, l, x, ValueRange{e.idx(0), e.clamp(h, g.height), e.clamp(w, g.width), e.idx(5)});
          Value zero = arith::ConstantOp::create(b, l, b.getZeroAttr(element));
          return SmallVector<Value>{e.pick(ok, v, zero)};
        });
    rewriter.replaceOp(op, collapse(rewriter, loc, patches[0], {{0, 1, 2}, {3, 4, 5}}));
    return success();
  }
  static Value sub(Body &e, Value x, int64_t k) { return k ? e.sub(x, e.c(k)) : x; }
};

/// dx(b, h, w, c) = Σ over (kh, kw) of the patch entry that copied (h, w): the window at
/// ((h + PT − kh) / SH, (w + PL − kw) / SW) when that is a whole, in-range position.
struct Col2ImLowering : OpConversionPattern<Col2ImOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(Col2ImOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    WindowGeometry g = op.getGeometry();
    int64_t rows = cast<RankedTensorType>(adaptor.getInput().getType()).getDimSize(0);
    int64_t batch = ShapedType::isDynamic(rows) ? rows : rows / g.outputPositions();
    Value p = expand(rewriter, loc, adaptor.getInput(),
                     {batch, g.outH, g.outW, g.kernelH, g.kernelW, g.channels},
                     {{0, 1, 2}, {3, 4, 5}});
    auto type = RankedTensorType::get({batch, g.height, g.width, g.channels},
                                      rewriter.getF32Type());
    // A batch slice's images that go straight into the batch's rows (lepton-slice-patches) are computed
    // in those rows: one-shot bufferization then writes the batch's buffer in place. Through a collapse of
    // an empty tensor, each slice went to a scratch buffer and was copied over (4 × 5408 floats per slice
    // of the seed CNN's conv2 input gradient).
    tensor::InsertSliceOp into = intoBatchRows(op, type);
    Value images = into ? expand(rewriter, loc, into.getDest(),
                                 {cast<RankedTensorType>(into.getDestType()).getDimSize(0), g.height, g.width,
                                  g.channels},
                                 {{0}, {1, 2, 3}})
                        : Value();
    SmallVector<OpFoldResult> at, sizes, strides;
    if (into) {
      at = {into.getMixedOffsets()[0], rewriter.getIndexAttr(0), rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)};
      for (int64_t d : type.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      strides.assign(4, rewriter.getIndexAttr(1));
    }
    Value init = into ? tensor::ExtractSliceOp::create(rewriter, loc, type, images, at, sizes, strides).getResult()
                      : emptyTensor(rewriter, loc, type, {{p, 0}});
    Value dx = buildChannelsInnermost(rewriter, loc, init, [&](OpBuilder &b, Location l, ValueRange) {
      Body e{b, l};
      Value sum = f32Constant(b, l, 0.0);
      for (int64_t i = 0; i < g.kernelH; ++i)
        for (int64_t j = 0; j < g.kernelW; ++j) {
          Value kh = e.c(i), kw = e.c(j);
          auto [oh, okH] = e.windowOf(e.idx(1), kh, g.strideH, g.padTop, g.outH);
          auto [ow, okW] = e.windowOf(e.idx(2), kw, g.strideW, g.padLeft, g.outW);
          Value v = tensor::ExtractOp::create(b, l, p, ValueRange{e.idx(0), oh, ow, kh, kw, e.idx(3)});
          Value zero = f32Constant(b, l, 0.0);  // one op per statement: see pick()
          sum = arith::AddFOp::create(b, l, sum, e.pick(e.both(okH, okW), v, zero));
        }
      return sum;
    });
    if (into) {
      Value placed = tensor::InsertSliceOp::create(rewriter, loc, dx, images, at, sizes, strides);
      rewriter.replaceOp(into, collapse(rewriter, loc, placed, {{0}, {1, 2, 3}}));
    }
    rewriter.replaceOp(op, collapse(rewriter, loc, dx, {{0}, {1, 2, 3}}));
    return success();
  }

  /// The op's one user when that writes the whole result, unchanged, into rows of a static matrix
  /// (rows × H·W·C, from column 0, unit strides); else null.
  static tensor::InsertSliceOp intoBatchRows(Col2ImOp op, RankedTensorType images) {
    auto into = op->hasOneUse() ? dyn_cast<tensor::InsertSliceOp>(*op->user_begin()) : nullptr;
    if (!into || into.getSource() != op.getResult() || !images.hasStaticShape() || !into.hasUnitStride())
      return nullptr;
    RankedTensorType dest = into.getDestType();
    std::optional<int64_t> column = getConstantIntValue(into.getMixedOffsets()[1]);
    int64_t perImage = images.getNumElements() / images.getDimSize(0);
    if (!dest.hasStaticShape() || dest.getRank() != 2 || dest.getDimSize(1) != perImage || column != 0)
      return nullptr;
    return into;
  }
};

/// Positions of window (oh, ow) inside the image (the divisor of an average).
Value windowCount(Body &e, Value oh, Value ow, const WindowGeometry &g) {
  auto extent = [&](Value o, int64_t stride, int64_t pad, int64_t kernel, int64_t size) {
    Value start = e.mul(o, stride);
    Value first = e.sub(start, e.c(pad));
    Value last = e.add(first, e.c(kernel));
    Value lo = arith::MaxSIOp::create(e.b, e.loc, first, e.c(0));
    Value hi = arith::MinSIOp::create(e.b, e.loc, last, e.c(size));
    return e.sub(hi, lo);
  };
  Value rows = extent(oh, g.strideH, g.padTop, g.kernelH, g.height);
  Value cols = extent(ow, g.strideW, g.padLeft, g.kernelW, g.width);
  return arith::MulIOp::create(e.b, e.loc, rows, cols);
}

/// y(b, oh, ow, c) = max, or mean, over the window's positions inside the image.
template <typename OpTy, bool isMax>
struct PoolLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    WindowGeometry g = op.getGeometry();
    Value x = imageView(rewriter, loc, adaptor.getInput(), g);
    int64_t batch = cast<RankedTensorType>(x.getType()).getDimSize(0);
    Type element = cast<RankedTensorType>(x.getType()).getElementType(); // f32, or i8 (u8) for max pooling
    bool bytes = !element.isF32();
    auto type = RankedTensorType::get({batch, g.outH, g.outW, g.channels}, element);
    double start = isMax ? -std::numeric_limits<double>::infinity() : 0.0;
    Value init = emptyTensor(rewriter, loc, type, {{x, 0}});
    bool inside = windowsInside(g);
    Value pooled = buildChannelsInnermost(rewriter, loc, init, [&](OpBuilder &b, Location l, ValueRange) {
      Body e{b, l};
      Value acc = bytes ? arith::ConstantOp::create(b, l, b.getZeroAttr(element)).getResult() // u8's least
                        : f32Constant(b, l, start);
      for (int64_t i = 0; i < g.kernelH; ++i)
        for (int64_t j = 0; j < g.kernelW; ++j) {
          Value rowAt = e.mul(e.idx(1), g.strideH), colAt = e.mul(e.idx(2), g.strideW);
          Value hPadded = e.add(rowAt, e.c(i)), wPadded = e.add(colAt, e.c(j));
          Value h = e.sub(hPadded, e.c(g.padTop));
          Value w = e.sub(wPadded, e.c(g.padLeft));
          Value ok;
          if (!inside) {
            Value inH = e.inRange(h, g.height);
            ok = e.both(inH, e.inRange(w, g.width));
          }
          if (!inside)
            h = e.clamp(h, g.height), w = e.clamp(w, g.width);
          Value v = tensor::ExtractOp::create(b, l, x, ValueRange{e.idx(0), h, w, e.idx(3)});
          Value next = !isMax ? arith::AddFOp::create(b, l, acc, v).getResult()
                       : bytes ? arith::MaxUIOp::create(b, l, acc, v).getResult()
                               : arith::MaximumFOp::create(b, l, acc, v).getResult();
          acc = ok ? e.pick(ok, next, acc) : next;
        }
      if (isMax)
        return acc;
      // The mean over the positions inside the image.
      Value oh = e.idx(1), ow = e.idx(2);
      Value n = windowCount(e, oh, ow, g);
      Value nf = arith::SIToFPOp::create(b, l, b.getF32Type(),
                                         arith::IndexCastOp::create(b, l, b.getI32Type(), n));
      return arith::DivFOp::create(b, l, acc, nf).getResult();
    });
    rewriter.replaceOp(op, collapse(rewriter, loc, pooled, {{0}, {1, 2, 3}}));
    return success();
  }
};

/// dx(b, h, w, c) = Σ over the windows covering (h, w) of dy(window) when (h, w) is that
/// window's first maximum (max pooling), or dy(window) / count(window) (average pooling).
template <typename OpTy, bool isMax>
struct PoolGradLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    WindowGeometry g = op.getGeometry();
    Value dyMatrix;
    Value x;
    if constexpr (isMax) {
      x = imageView(rewriter, loc, adaptor.getInput(), g);
      dyMatrix = adaptor.getResultGrad();
    } else {
      dyMatrix = adaptor.getInput();
    }
    int64_t batch = cast<RankedTensorType>(dyMatrix.getType()).getDimSize(0);
    Value dy = expand(rewriter, loc, dyMatrix, {batch, g.outH, g.outW, g.channels},
                      {{0}, {1, 2, 3}});
    auto type = RankedTensorType::get({batch, g.height, g.width, g.channels},
                                      rewriter.getF32Type());
    Value init = emptyTensor(rewriter, loc, type, {{dy, 0}});
    // The first maximum of window (oh, ow) in (i, j) order, unrolled over the (static) kernel, as
    // its position i·KW + j.
    auto firstMaxAt = [&](Body &e, Value bIdx, Value oh, Value ow, Value c) {
      Value best = f32Constant(e.b, e.loc, -std::numeric_limits<double>::infinity());
      Value bestAt = e.c(-1);
      Value rowStart = e.mul(oh, g.strideH), colStart = e.mul(ow, g.strideW); // one op per statement
      Value top = e.sub(rowStart, e.c(g.padTop));
      Value left = e.sub(colStart, e.c(g.padLeft));
      for (int64_t i = 0; i < g.kernelH; ++i)
        for (int64_t j = 0; j < g.kernelW; ++j) {
          Value h = e.add(top, e.c(i)), w = e.add(left, e.c(j));
          Value inW = e.inRange(w, g.width);
          Value in = e.both(e.inRange(h, g.height), inW);
          Value v = tensor::ExtractOp::create(
              e.b, e.loc, x, ValueRange{bIdx, e.clamp(h, g.height), e.clamp(w, g.width), c});
          Value better = e.both(in, arith::CmpFOp::create(e.b, e.loc, arith::CmpFPredicate::OGT, v, best));
          best = e.pick(better, v, best);
          bestAt = e.pick(better, e.c(i * g.kernelW + j), bestAt);
        }
      return bestAt;
    };
    // Windows that tile the image (stride = kernel, the usual pooling): position (h, w) lies in
    // exactly one window, at kernel offset ((h + PT) mod SH, (w + PL) mod SW), or in none past the
    // last one. One window's maximum per position instead of one per kernel offset (4x fewer loads
    // and comparisons for 2x2). The sum starts from 0 as in the general case, so results are equal
    // bit for bit.
    if (g.strideH == g.kernelH && g.strideW == g.kernelW) {
      Value dx = buildChannelsInnermost(rewriter, loc, init, [&](OpBuilder &b, Location l, ValueRange) {
        Body e{b, l};
        Value bIdx = e.idx(0), c = e.idx(3);
        Value h = e.idx(1), w = e.idx(2);
        Value hp = e.add(h, e.c(g.padTop));
        Value wp = e.add(w, e.c(g.padLeft));
        Value oh = arith::DivSIOp::create(b, l, hp, e.c(g.strideH));
        Value ow = arith::DivSIOp::create(b, l, wp, e.c(g.strideW));
        Value kh = arith::RemSIOp::create(b, l, hp, e.c(g.strideH));
        Value kw = arith::RemSIOp::create(b, l, wp, e.c(g.strideW));
        Value okW = e.lt(ow, e.c(g.outW));
        Value ok = e.both(e.lt(oh, e.c(g.outH)), okW);
        oh = e.clamp(oh, g.outH);
        ow = e.clamp(ow, g.outW);
        Value grad = tensor::ExtractOp::create(b, l, dy, ValueRange{bIdx, oh, ow, c});
        Value zero = f32Constant(b, l, 0.0);
        Value term;
        if constexpr (isMax) {
          Value at = firstMaxAt(e, bIdx, oh, ow, c);
          Value offset = e.add(e.mul(kh, g.kernelW), kw);
          Value mine = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, at, offset);
          term = e.pick(e.both(ok, mine), grad, zero);
        } else {
          Value n = windowCount(e, oh, ow, g);
          Value nf = arith::SIToFPOp::create(b, l, b.getF32Type(),
                                             arith::IndexCastOp::create(b, l, b.getI32Type(), n));
          Value share = arith::DivFOp::create(b, l, grad, nf);
          term = e.pick(ok, share, zero);
        }
        Value start = f32Constant(b, l, 0.0);
        return arith::AddFOp::create(b, l, start, term).getResult();
      });
      rewriter.replaceOp(op, collapse(rewriter, loc, dx, {{0}, {1, 2, 3}}));
      return success();
    }
    Value dx = buildChannelsInnermost(rewriter, loc, init, [&](OpBuilder &b, Location l, ValueRange) {
      Body e{b, l};
      Value bIdx = e.idx(0), c = e.idx(3);
      Value sum = f32Constant(b, l, 0.0);
      for (int64_t khStatic = 0; khStatic < g.kernelH; ++khStatic)
        for (int64_t kwStatic = 0; kwStatic < g.kernelW; ++kwStatic) {
          Value kh = e.c(khStatic), kw = e.c(kwStatic);
          auto [oh, okH] = e.windowOf(e.idx(1), kh, g.strideH, g.padTop, g.outH);
          auto [ow, okW] = e.windowOf(e.idx(2), kw, g.strideW, g.padLeft, g.outW);
          Value ok = e.both(okH, okW);
          Value grad = tensor::ExtractOp::create(b, l, dy, ValueRange{bIdx, oh, ow, c});
          Value term;
          if constexpr (isMax) {
            Value bestAt = firstMaxAt(e, bIdx, oh, ow, c);
            Value mine = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, bestAt,
                                               e.c(khStatic * g.kernelW + kwStatic));
            Value zero = f32Constant(b, l, 0.0);
            term = e.pick(e.both(ok, mine), grad, zero);
          } else {
            Value n = windowCount(e, oh, ow, g);
            Value nf = arith::SIToFPOp::create(
                b, l, b.getF32Type(), arith::IndexCastOp::create(b, l, b.getI32Type(), n));
            Value zero = f32Constant(b, l, 0.0);
            Value share = arith::DivFOp::create(b, l, grad, nf);
            term = e.pick(ok, share, zero);
          }
          sum = arith::AddFOp::create(b, l, sum, term);
        }
      return sum;
    });
    rewriter.replaceOp(op, collapse(rewriter, loc, dx, {{0}, {1, 2, 3}}));
    return success();
  }
};

/// Any static shape to another with as many elements: collapse to 1-D, expand to the result.
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto in = cast<RankedTensorType>(adaptor.getInput().getType());
    RankedTensorType out = op.getResult().getType();
    if (in == out) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Value flat = adaptor.getInput();
    if (in.getRank() != 1) {
      ReassociationIndices all;
      for (int64_t d = 0; d < in.getRank(); ++d)
        all.push_back(d);
      flat = tensor::CollapseShapeOp::create(rewriter, loc, flat, {all});
    }
    if (out.getRank() == 1) {
      rewriter.replaceOp(op, flat);
      return success();
    }
    ReassociationIndices all;
    for (int64_t d = 0; d < out.getRank(); ++d)
      all.push_back(d);
    rewriter.replaceOp(op, tensor::ExpandShapeOp::create(rewriter, loc, out, flat, {all}));
    return success();
  }
};

} // namespace

void lepton::populateWindowLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<Im2ColLowering, Col2ImLowering, PoolLowering<MaxPool2DOp, true>,
               PoolLowering<AvgPool2DOp, false>, PoolGradLowering<MaxPool2DGradOp, true>,
               PoolGradLowering<AvgPool2DGradOp, false>, ReshapeLowering>(patterns.getContext());
}
