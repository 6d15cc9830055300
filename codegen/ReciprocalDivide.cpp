// ReciprocalDivide.cpp — lepton-reciprocal-divide: a marked f32 vector division on the FMA ports instead of the divider.
//
// Adam's update divides every parameter's momentum by √v·c + ε: with the square root, one division per parameter
// keeps the divider busy for a fifth of a Fashion-MNIST MLP step (both share it; `vdivps` zmm ~10 cycles per
// 16 lanes), while the two FMA ports idle between the weight gradient's tiles. The division becomes the hardware
// reciprocal estimate (`vrcp14ps`, 14 bits; AVX2's `vrcpps`, 12 bits), Newton steps y += y·(1 − d·y) (one for
// 14 bits, two for 12), the quotient q0 = m·y and Markstein's correction q = q0 − (q0·d − m)·y with the
// residual exact in one fused multiply-add: the correctly rounded quotient but for divisors whose significand
// is all ones (1 in 2^23 of them), where the last bit of some quotients (m a power of two) rounds the other way
// — 2 of 34 billion quotients over all divisor significands (session note, 2026-11-28). The residual's sign is
// taken so that a zero numerator keeps its sign for a positive divisor without a copysign (which cost 3 % of the
// MLP run; a NaN check with the hardware division as fallback cost 2 %). leptonc runs the pass for AVX-512 targets
// only (codegen/ObjectEmitter.cpp: AVX2's form measured slower than its cheaper ymm division).
//
// What the marking lowering promises (Adam's and RMSprop's update, ir/Conversion/LeptonToLinalg/
// OptimizerLowering.cpp): the divisor is a positive normal number below 2^126, +∞ or NaN, and the numerator is
// finite where the divisor is. +∞ is clamped to the largest float, whose reciprocal flushes to 0: the quotient is
// ±0 as IEEE's; NaN stays NaN. Left different from IEEE: a quotient that overflows is NaN, not ±∞; a numerator
// below 2^-103 (its residual flushes) or a quotient within an ulp of 2^-126 can differ in the last bit or flush
// — an update that small vanishes in the parameter's own rounding. The rewrite needs subnormals flushed (the
// estimate of a huge divisor would otherwise be subnormal, not 0), so a module with `denormals: keep` is left
// alone, as one with `lepton.skip_reciprocal_divide` (leptonc --fuse-skip=reciprocal-divide).
#include "codegen/Passes.h"
#include "ir/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <limits>

namespace lepton {
#define GEN_PASS_DEF_LEPTONRECIPROCALDIVIDE
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// The estimate instruction of one target: the lanes it takes and the Newton steps that bring it to ~24 bits.
struct Estimate {
  int64_t lanes;
  StringRef intrinsic;
  int steps;
  bool masked; // AVX-512's form takes a pass-through vector and a lane mask
};

std::optional<Estimate> estimateFor(StringRef kind) {
  if (kind == "avx512")
    return Estimate{16, "llvm.x86.avx512.rcp14.ps.512", 1, true};
  if (kind == "avx2")
    return Estimate{8, "llvm.x86.avx.rcp.ps.256", 2, false};
  return std::nullopt;
}

Value splat(OpBuilder &b, Location loc, VectorType type, float value) {
  return arith::ConstantOp::create(b, loc, type, DenseElementsAttr::get(type, b.getF32FloatAttr(value)));
}

/// m / d for one marked division (see the file comment).
Value reciprocalDivide(OpBuilder &b, Location loc, Value m, Value d, const Estimate &estimate) {
  auto type = cast<VectorType>(d.getType());
  Value largest = splat(b, loc, type, std::numeric_limits<float>::max());
  Value infinite = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, largest, d);
  Value divisor = arith::SelectOp::create(b, loc, infinite, largest, d);
  SmallVector<Value> args{divisor};
  if (estimate.masked) {
    args.push_back(splat(b, loc, type, 0.0f));
    args.push_back(LLVM::ConstantOp::create(b, loc, b.getI16Type(), b.getI16IntegerAttr(-1)));
  }
  Value y = LLVM::CallIntrinsicOp::create(b, loc, type, b.getStringAttr(estimate.intrinsic), args).getResult(0);
  Value negDivisor = arith::NegFOp::create(b, loc, divisor);
  Value one = splat(b, loc, type, 1.0f);
  for (int i = 0; i < estimate.steps; ++i) {
    Value error = vector::FMAOp::create(b, loc, negDivisor, y, one);
    y = vector::FMAOp::create(b, loc, y, error, y);
  }
  Value q0 = arith::MulFOp::create(b, loc, m, y);
  // q0·d − m, then q0 − that·y: a zero m gives (±0) − (+0) = ±0 where the residual m − q0·d would give +0.
  Value residual = vector::FMAOp::create(b, loc, q0, divisor, arith::NegFOp::create(b, loc, m));
  return vector::FMAOp::create(b, loc, arith::NegFOp::create(b, loc, residual), y, q0);
}

struct ReciprocalDividePass : lepton::impl::LeptonReciprocalDivideBase<ReciprocalDividePass> {
  using LeptonReciprocalDivideBase::LeptonReciprocalDivideBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<Estimate> chosen = estimateFor(estimate);
    if (!chosen) {
      module.emitError("lepton-reciprocal-divide: unknown estimate '") << estimate << "' (avx512 or avx2)";
      return signalPassFailure();
    }
    auto denormals = module->getAttrOfType<StringAttr>(lepton::kDenormalsAttr);
    if (module->hasAttr(lepton::kSkipReciprocalDivideAttr) || (denormals && denormals.getValue() == "keep"))
      return;
    SmallVector<arith::DivFOp> divisions;
    module.walk([&](arith::DivFOp op) {
      auto type = dyn_cast<VectorType>(op.getType());
      if (op->hasAttr(lepton::kReciprocalDivideMark) && type && type.getRank() == 1 &&
          type.getNumElements() == chosen->lanes && type.getElementType().isF32())
        divisions.push_back(op);
    });
    for (arith::DivFOp op : divisions) {
      OpBuilder b(op);
      op.replaceAllUsesWith(reciprocalDivide(b, op.getLoc(), op.getLhs(), op.getRhs(), *chosen));
      op.erase();
    }
  }
};

} // namespace
