// AugmentGen.cpp — an `augment` block as generated code on training batches (after preprocessing).
//
// Randomness is counter-based: each sample's draws are a hash of (seed, epoch, the sample's index
// in the data set, the step), so a run is reproducible and a sample is augmented the same way
// whatever batch it lands in.
#include "frontend/mlirgen/ScalarEmitter.h"
#include "frontend/mlirgen/SupervisedTrainer.h"


#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cmath>

using namespace mlir;

namespace {

using Emit = lepton::ScalarEmitter;

/// One sample's image in a (batch, H·W·C) buffer: which buffer, and its spatial size.
struct Image {
  Value buffer;
  int64_t height, width;
};

/// Per-row element access for the augmentation and crop loops (row `r` of every buffer).
struct RowOps {
  Emit &e;
  Value r;
  int64_t channels;
  /// x[r, (h·W + w)·C + c] as an index.
  Value flat(const Image &img, Value h, Value w, Value c) {
    OpBuilder &b = e.b;
    Location loc = e.loc;
    Value hw = arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, h, e.idx(img.width)), w);
    return arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, hw, e.idx(channels)), c)
        .getResult();
  }
  void forEachElement(const Image &img, function_ref<void(Value, Value, Value)> body) {
    OpBuilder &b = e.b;
    auto hs = e.forRange(img.height);
    OpBuilder::InsertionGuard g1(b);
    b.setInsertionPointToStart(hs.getBody());
    auto ws = e.forRange(img.width);
    b.setInsertionPointToStart(ws.getBody());
    auto cs = e.forRange(channels);
    b.setInsertionPointToStart(cs.getBody());
    body(hs.getInductionVar(), ws.getInductionVar(), cs.getInductionVar());
  }
  Value inRange(Value v, int64_t n) {
    OpBuilder &b = e.b;
    Location loc = e.loc;
    Value lo = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, v, e.idx(0));
    Value hi = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, e.idx(n));
    return arith::AndIOp::create(b, loc, lo, hi).getResult();
  }
  /// src[r, sh, sw, c] where (sh, sw) is inside src, else 0 (the index is clamped so that the
  /// load stays in bounds either way).
  Value loadOrZero(const Image &src, Value row, Value sh, Value sw, Value c) {
    OpBuilder &b = e.b;
    Location loc = e.loc;
    Value rowInside = inRange(sh, src.height), colInside = inRange(sw, src.width);
    Value inside = arith::AndIOp::create(b, loc, rowInside, colInside);
    Value ch = arith::MaxSIOp::create(b, loc, sh, e.idx(0));
    ch = arith::MinSIOp::create(b, loc, ch, e.idx(src.height - 1));
    Value cw = arith::MaxSIOp::create(b, loc, sw, e.idx(0));
    cw = arith::MinSIOp::create(b, loc, cw, e.idx(src.width - 1));
    SmallVector<Value, 2> at;
    if (row)
      at.push_back(row);
    at.push_back(flat(src, ch, cw, c));
    Value v = memref::LoadOp::create(b, loc, src.buffer, at);
    return arith::SelectOp::create(b, loc, inside, v, e.f32(0));
  }
  /// dst[h, w] = src[h + offY, w + offX] (0 outside src): a crop, or a pad where the offsets
  /// are negative.
  void crop(const Image &src, const Image &dst, Value offY, Value offX) {
    forEachElement(dst, [&](Value h, Value w, Value c) {
      Value sh = arith::AddIOp::create(e.b, e.loc, h, offY), sw = arith::AddIOp::create(e.b, e.loc, w, offX);
      Value v = loadOrZero(src, r, sh, sw, c);
      memref::StoreOp::create(e.b, e.loc, v, dst.buffer, ValueRange{r, flat(dst, h, w, c)});
    });
  }
};

/// Where each `random_crop` that changes the sample's size writes: a batch buffer of its own,
/// except the last one, which writes the model's input `x`. Null for the other steps.
SmallVector<Image> cropTargets(OpBuilder &b, Location loc, const lepton::ast::Augment &aug,
                               const lepton::ast::Shape &shape, int64_t batch, Value x) {
  SmallVector<Image> out(aug.steps.size(), Image{Value(), 0, 0});
  int64_t height = shape[0], width = shape[1], channels = shape.size() == 3 ? shape[2] : 1;
  int last = -1;
  for (auto [k, a] : llvm::enumerate(aug.steps))
    if (a.kind == lepton::AugmentationKind::RandomCrop && (a.size != height || a.size != width)) {
      out[k] = Image{Value(), a.size, a.size};
      height = width = a.size;
      last = static_cast<int>(k);
    }
  for (auto [k, img] : llvm::enumerate(out))
    if (img.height)
      img.buffer = static_cast<int>(k) == last
                       ? x
                       : memref::AllocOp::create(
                             b, loc, MemRefType::get({batch, img.height * img.width * channels},
                                                     b.getF32Type()))
                             .getResult();
  return out;
}

} // namespace

void lepton::SupervisedTrainer::emitCenterCrop(StringRef name, int64_t rows) {
  // center_crop(raw, x): evaluation's and prediction's counterpart of the size-changing crops:
  // each takes the window at offset ⌊(H − size)/2⌋, ⌊(W − size)/2⌋ (negative: zero padding).
  ctx.loc = loc;
  if (rows == 0)
    rows = batch;
  Type f32 = b.getF32Type();
  func::FuncOp fn = ctx.beginFunction(symbol(name),
                                      {MemRefType::get({rows, flowSize}, f32), MemRefType::get({rows, sampleSize}, f32)},
                                      {}, /*isPublic=*/false);
  Emit e{b, loc};
  const ast::Shape &shape = train.data.sampleShape;
  SmallVector<Image> targets =
      cropTargets(b, loc, *train.augmentation, shape, rows, fn.getArgument(1));
  auto rowLoop = e.forRange(rows);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    RowOps ops{e, rowLoop.getInductionVar(), shape.size() == 3 ? shape[2] : 1};
    Image cur{fn.getArgument(0), shape[0], shape[1]};
    for (const Image &dst : targets) {
      if (!dst.buffer)
        continue;
      auto offset = [&](int64_t from, int64_t to) {
        return e.idx(static_cast<int64_t>(std::floor((from - to) / 2.0)));
      };
      Value offY = offset(cur.height, dst.height), offX = offset(cur.width, dst.width);
      ops.crop(cur, dst, offY, offX);
      cur = dst;
    }
  }
  for (const Image &dst : targets)
    if (dst.buffer && dst.buffer != fn.getArgument(1))
      memref::DeallocOp::create(b, loc, dst.buffer);
  func::ReturnOp::create(b, loc);
}

void lepton::SupervisedTrainer::emitAugment() {
  // augment(raw, x, order, start, size, seed, epoch): every real row of the batch, augmented;
  // in place in x unless a crop changes the size (then from raw into x; raw is x otherwise).
  ctx.loc = loc;
  func::FuncOp fn = ctx.beginFunction(symbol("augment"),
                                      {flowBuffer, inputBuffer, ctx.ptrType(), b.getI64Type(),
                                       b.getI64Type(), b.getI64Type(), b.getI64Type()},
                                      {}, /*isPublic=*/false);
  Value raw = fn.getArgument(0), x = fn.getArgument(1), order = fn.getArgument(2);
  Value start = fn.getArgument(3), size = fn.getArgument(4), seed = fn.getArgument(5);
  Value epoch = fn.getArgument(6);
  Emit e{b, loc};
  const ast::Shape &shape = train.data.sampleShape;
  int64_t channels = shape.size() == 3 ? shape[2] : 1;
  SmallVector<Image> targets = crops ? cropTargets(b, loc, *train.augmentation, shape, batch, x)
                                     : SmallVector<Image>(train.augmentation->steps.size(),
                                                          Image{Value(), 0, 0});
  // A scratch sample for the moves that read what they overwrite, as large as any image.
  Value scratch = memref::AllocaOp::create(
      b, loc, MemRefType::get({std::max(flowSize, sampleSize)}, b.getF32Type()));
  Value seedKey = e.mix(seed);
  Value epochKey =
      e.mix(arith::XOrIOp::create(b, loc, seedKey, arith::MulIOp::create(b, loc, epoch, e.i64(0xD1B54A32D192ED03ull))));

  Value rowsFrom = e.idx(0), rowsTo = e.toIndex(size), rowsStep = e.idx(1);
  auto rows = scf::ForOp::create(b, loc, rowsFrom, rowsTo, rowsStep);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    Value r = rows.getInductionVar();
    RowOps ops{e, r, channels};
    // The sample's index in the data set: order[start + r], or start + r in file order.
    Value position = arith::AddIOp::create(
        b, loc, start, arith::IndexCastOp::create(b, loc, b.getI64Type(), r));
    Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, order, ctx.null());
    auto id = scf::IfOp::create(b, loc, TypeRange{b.getI64Type()}, isNull, /*else=*/true);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(id.thenBlock());
      scf::YieldOp::create(b, loc, position);
      b.setInsertionPointToStart(id.elseBlock());
      Value at = LLVM::GEPOp::create(b, loc, ctx.ptrType(), b.getI64Type(), order, ValueRange{position});
      scf::YieldOp::create(b, loc, Value(LLVM::LoadOp::create(b, loc, b.getI64Type(), at)));
    }
    Value sampleKey = e.mix(arith::XOrIOp::create(
        b, loc, epochKey, arith::MulIOp::create(b, loc, id.getResult(0), e.i64(0x9E3779B97F4A7C15ull))));
    auto draw = [&](int64_t step, int64_t n) {
      return e.mix(arith::AddIOp::create(b, loc, sampleKey, e.i64(static_cast<uint64_t>(step * 64 + n + 1))));
    };
    Image cur{crops ? raw : x, shape[0], shape[1]};
    auto toScratch = [&] {
      auto i = e.forRange(cur.height * cur.width * channels);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(i.getBody());
      Value v = memref::LoadOp::create(b, loc, cur.buffer, ValueRange{r, i.getInductionVar()});
      memref::StoreOp::create(b, loc, v, scratch, ValueRange{i.getInductionVar()});
    };
    // Moves the sample by (dy, dx): cur[h, w] = old[h − dy, w − dx], 0 where that is outside.
    auto moveBy = [&](Value dy, Value dx, Value flipW, Value flipH) {
      toScratch();
      Image old{scratch, cur.height, cur.width};
      ops.forEachElement(cur, [&](Value h, Value w, Value c) {
        Value sh = arith::SubIOp::create(b, loc, h, dy), sw = arith::SubIOp::create(b, loc, w, dx);
        if (flipH)
          sh = arith::SelectOp::create(b, loc, flipH, arith::SubIOp::create(b, loc, e.idx(cur.height - 1), sh), sh);
        if (flipW)
          sw = arith::SelectOp::create(b, loc, flipW, arith::SubIOp::create(b, loc, e.idx(cur.width - 1), sw), sw);
        Value v = ops.loadOrZero(old, Value(), sh, sw, c);
        memref::StoreOp::create(b, loc, v, cur.buffer, ValueRange{r, ops.flat(cur, h, w, c)});
      });
    };
    Value zero = e.idx(0);
    for (auto [step, a] : llvm::enumerate(train.augmentation->steps)) {
      int64_t k = static_cast<int64_t>(step);
      int64_t sampleValues = cur.height * cur.width * channels;
      switch (a.kind) {
      case AugmentationKind::RandomCrop:
        if (const Image &dst = targets[step]; dst.buffer) {
          // The window's top-left corner in the image padded by `pad:` on each side, uniform.
          int64_t p = a.padding;
          Value offY = e.toIndex(e.between(draw(k, 0), -p, cur.height + p - a.size));
          Value offX = e.toIndex(e.between(draw(k, 1), -p, cur.width + p - a.size));
          ops.crop(cur, dst, offY, offX);
          cur = dst;
          break;
        }
        [[fallthrough]]; // a crop to the image's own size is a shift by up to `pad:` pixels
      case AugmentationKind::RandomShift: {
        int64_t p = a.kind == AugmentationKind::RandomShift ? a.pixels : a.padding;
        if (p == 0)
          break;
        Value dy = e.toIndex(e.between(draw(k, 0), -p, p));
        Value dx = e.toIndex(e.between(draw(k, 1), -p, p));
        moveBy(dy, dx, Value(), Value());
        break;
      }
      case AugmentationKind::RandomFlip: {
        // Each direction asked for flips with probability 1/2, independently.
        bool horizontal = a.flip != FlipDirection::Vertical, vertical = a.flip != FlipDirection::Horizontal;
        auto coin = [&](int64_t n) {
          Value u = e.uniform(draw(k, n));
          return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, u, e.f32(0.5)).getResult();
        };
        Value flipW = horizontal ? coin(0) : Value();
        Value flipH = vertical ? coin(1) : Value();
        moveBy(zero, zero, flipW, flipH);
        break;
      }
      case AugmentationKind::GaussianNoise: {
        // Box–Muller per element: two uniforms from the element's own counter.
        auto i = e.forRange(sampleValues);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(i.getBody());
        Value n = arith::IndexCastOp::create(b, loc, b.getI64Type(), i.getInductionVar());
        Value counter = arith::AddIOp::create(b, loc, n, e.i64(1));
        counter = arith::MulIOp::create(b, loc, counter, e.i64(0xA0761D6478BD642Full + static_cast<uint64_t>(k)));
        Value base = arith::AddIOp::create(b, loc, sampleKey, counter);
        Value one = e.f32(1);
        Value u1 = arith::SubFOp::create(b, loc, one, e.uniform(e.mix(base))); // (0, 1]
        Value u2 = e.uniform(e.mix(arith::XOrIOp::create(b, loc, base, e.i64(0xE7037ED1A0B428DBull))));
        Value minusTwo = e.f32(-2);
        Value radius =
            math::SqrtOp::create(b, loc, arith::MulFOp::create(b, loc, minusTwo, math::LogOp::create(b, loc, u1)));
        Value angle = arith::MulFOp::create(b, loc, e.f32(2 * M_PI), u2);
        Value noise = arith::MulFOp::create(b, loc, radius, math::CosOp::create(b, loc, angle));
        Value v = memref::LoadOp::create(b, loc, cur.buffer, ValueRange{r, i.getInductionVar()});
        v = arith::AddFOp::create(b, loc, v, arith::MulFOp::create(b, loc, noise, e.f32(a.stddev)));
        memref::StoreOp::create(b, loc, v, cur.buffer, ValueRange{r, i.getInductionVar()});
        break;
      }
      }
    }
  }
  for (const Image &dst : targets)
    if (dst.buffer && dst.buffer != x)
      memref::DeallocOp::create(b, loc, dst.buffer);
  func::ReturnOp::create(b, loc);
}
