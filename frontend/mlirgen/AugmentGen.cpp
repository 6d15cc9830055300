// AugmentGen.cpp — an `augment` block as generated code on training batches (after preprocessing).
//
// Randomness is counter-based: each sample's draws are a hash of (seed, epoch, the sample's index
// in the data set, the step), so a run is reproducible and a sample is augmented the same way
// whatever batch it lands in.
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "frontend/Diagnostics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cmath>

using namespace mlir;

namespace {

/// Arithmetic on i64 and index values for the augmentation loops.
struct Emit {
  OpBuilder &b;
  Location loc;
  Value i64(uint64_t v) {
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(b.getI64Type(), static_cast<int64_t>(v)));
  }
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value f32(double v) {
    return arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(static_cast<float>(v)));
  }
  /// SplitMix64's finaliser: a well-mixed 64-bit value from any counter.
  Value mix(Value z) {
    auto step = [&](Value v, uint64_t shift, uint64_t mul) -> Value {
      Value x = arith::XOrIOp::create(b, loc, v, arith::ShRUIOp::create(b, loc, v, i64(shift)));
      return mul ? arith::MulIOp::create(b, loc, x, i64(mul)).getResult() : x;
    };
    z = arith::AddIOp::create(b, loc, z, i64(0x9E3779B97F4A7C15ull));
    return step(step(step(z, 30, 0xBF58476D1CE4E5B9ull), 27, 0x94D049BB133111EBull), 31, 0);
  }
  /// u in [0, 1) from the top 24 bits.
  Value uniform(Value bits) {
    Value top = arith::ShRUIOp::create(b, loc, bits, i64(40));
    return arith::MulFOp::create(b, loc, arith::UIToFPOp::create(b, loc, b.getF32Type(), top),
                                 f32(1.0 / 16777216.0));
  }
  /// A whole number in [lo, hi] from `bits`.
  Value between(Value bits, int64_t lo, int64_t hi) {
    Value r = arith::RemUIOp::create(b, loc, arith::ShRUIOp::create(b, loc, bits, i64(11)),
                                     i64(static_cast<uint64_t>(hi - lo + 1)));
    return arith::AddIOp::create(b, loc, r, i64(static_cast<uint64_t>(lo)));
  }
  Value toIndex(Value v) { return arith::IndexCastOp::create(b, loc, b.getIndexType(), v); }
};

} // namespace

bool lepton::checkAugmentationSupported(const ast::Train &train, DiagnosticEngine &diags) {
  if (!train.augmentation)
    return true;
  bool ok = true;
  const ast::Shape &shape = train.data.sampleShape; // after preprocessing, before augmenting
  for (const ast::Augmentation &a : train.augmentation->steps)
    if (a.kind == AugmentationKind::RandomCrop &&
        (shape.size() < 2 || a.size != shape[0] || a.size != shape[1])) {
      diags.report(a.loc, diag::NotSupportedByCodegen)
          << "'random_crop' to a size smaller than the image";
      ok = false;
    }
  return ok;
}

void lepton::SupervisedTrainer::emitAugment() {
  // augment(x, order, start, size, seed, epoch): every real row of the batch, augmented in place.
  ctx.loc = loc;
  func::FuncOp fn = ctx.beginFunction(
      symbol("augment"),
      {inputBuffer, ctx.ptrType(), b.getI64Type(), b.getI64Type(), b.getI64Type(), b.getI64Type()},
      {}, /*isPublic=*/false);
  Value x = fn.getArgument(0), order = fn.getArgument(1), start = fn.getArgument(2);
  Value size = fn.getArgument(3), seed = fn.getArgument(4), epoch = fn.getArgument(5);
  Emit e{b, loc};
  const ast::Shape &shape = train.data.sampleShape;
  int64_t height = shape.size() >= 2 ? shape[0] : 1, width = shape.size() >= 2 ? shape[1] : 1;
  int64_t channels = shape.size() == 3 ? shape[2] : 1;
  // A scratch sample for the moves that read what they overwrite.
  Value scratch = memref::AllocaOp::create(b, loc, MemRefType::get({sampleSize}, b.getF32Type()));
  Value epochKey = e.mix(arith::XOrIOp::create(
      b, loc, e.mix(seed), arith::MulIOp::create(b, loc, epoch, e.i64(0xD1B54A32D192ED03ull))));

  auto rows = scf::ForOp::create(b, loc, e.idx(0), e.toIndex(size), e.idx(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rows.getBody());
  Value r = rows.getInductionVar();
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
  // x[r, (h·W + w)·C + c] as an index.
  auto flat = [&](Value h, Value w, Value c) {
    Value hw = arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, h, e.idx(width)), w);
    return arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, hw, e.idx(channels)), c)
        .getResult();
  };
  auto forEachElement = [&](function_ref<void(Value, Value, Value)> body) {
    auto hs = scf::ForOp::create(b, loc, e.idx(0), e.idx(height), e.idx(1));
    OpBuilder::InsertionGuard g1(b);
    b.setInsertionPointToStart(hs.getBody());
    auto ws = scf::ForOp::create(b, loc, e.idx(0), e.idx(width), e.idx(1));
    b.setInsertionPointToStart(ws.getBody());
    auto cs = scf::ForOp::create(b, loc, e.idx(0), e.idx(channels), e.idx(1));
    b.setInsertionPointToStart(cs.getBody());
    body(hs.getInductionVar(), ws.getInductionVar(), cs.getInductionVar());
  };
  auto toScratch = [&] {
    auto i = scf::ForOp::create(b, loc, e.idx(0), e.idx(sampleSize), e.idx(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(i.getBody());
    Value v = memref::LoadOp::create(b, loc, x, ValueRange{r, i.getInductionVar()});
    memref::StoreOp::create(b, loc, v, scratch, ValueRange{i.getInductionVar()});
  };
  // Moves the sample by (dy, dx): x[h, w] = old[h − dy, w − dx], 0 where that is outside.
  auto moveBy = [&](Value dy, Value dx, Value flipW, Value flipH) {
    toScratch();
    forEachElement([&](Value h, Value w, Value c) {
      Value sh = arith::SubIOp::create(b, loc, h, dy), sw = arith::SubIOp::create(b, loc, w, dx);
      if (flipH)
        sh = arith::SelectOp::create(b, loc, flipH, arith::SubIOp::create(b, loc, e.idx(height - 1), sh), sh);
      if (flipW)
        sw = arith::SelectOp::create(b, loc, flipW, arith::SubIOp::create(b, loc, e.idx(width - 1), sw), sw);
      auto inRange = [&](Value v, int64_t n) {
        Value lo = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, v, e.idx(0));
        Value hi = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, e.idx(n));
        return arith::AndIOp::create(b, loc, lo, hi).getResult();
      };
      Value inside = arith::AndIOp::create(b, loc, inRange(sh, height), inRange(sw, width));
      Value ch = arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, sh, e.idx(0)), e.idx(height - 1));
      Value cw = arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, sw, e.idx(0)), e.idx(width - 1));
      Value v = memref::LoadOp::create(b, loc, scratch, ValueRange{flat(ch, cw, c)});
      v = arith::SelectOp::create(b, loc, inside, v, e.f32(0));
      memref::StoreOp::create(b, loc, v, x, ValueRange{r, flat(h, w, c)});
    });
  };
  Value zero = e.idx(0);
  for (auto [step, a] : llvm::enumerate(train.augmentation->steps)) {
    int64_t k = static_cast<int64_t>(step);
    switch (a.kind) {
    case AugmentationKind::RandomShift:
    case AugmentationKind::RandomCrop: {
      // Shift: up to `pixels` each way. A padded crop to the image's own size is the same as a
      // shift by up to `pad:` pixels.
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
        return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, e.uniform(draw(k, n)),
                                     e.f32(0.5))
            .getResult();
      };
      moveBy(zero, zero, horizontal ? coin(0) : Value(), vertical ? coin(1) : Value());
      break;
    }
    case AugmentationKind::GaussianNoise: {
      // Box–Muller per element: two uniforms from the element's own counter.
      auto i = scf::ForOp::create(b, loc, e.idx(0), e.idx(sampleSize), e.idx(1));
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(i.getBody());
      Value n = arith::IndexCastOp::create(b, loc, b.getI64Type(), i.getInductionVar());
      Value base = arith::AddIOp::create(
          b, loc, sampleKey,
          arith::MulIOp::create(b, loc, arith::AddIOp::create(b, loc, n, e.i64(1)),
                                e.i64(0xA0761D6478BD642Full + static_cast<uint64_t>(k))));
      Value u1 = arith::SubFOp::create(b, loc, e.f32(1), e.uniform(e.mix(base))); // (0, 1]
      Value u2 = e.uniform(e.mix(arith::XOrIOp::create(b, loc, base, e.i64(0xE7037ED1A0B428DBull))));
      Value radius = math::SqrtOp::create(
          b, loc, arith::MulFOp::create(b, loc, e.f32(-2), math::LogOp::create(b, loc, u1)));
      Value angle = arith::MulFOp::create(b, loc, e.f32(2 * M_PI), u2);
      Value noise = arith::MulFOp::create(b, loc, radius, math::CosOp::create(b, loc, angle));
      Value v = memref::LoadOp::create(b, loc, x, ValueRange{r, i.getInductionVar()});
      v = arith::AddFOp::create(b, loc, v, arith::MulFOp::create(b, loc, noise, e.f32(a.stddev)));
      memref::StoreOp::create(b, loc, v, x, ValueRange{r, i.getInductionVar()});
      break;
    }
    }
  }
  b.setInsertionPointAfter(rows);
  func::ReturnOp::create(b, loc);
}
