// ScalarEmitter.h — constants and counter-based random numbers for generated scalar loops.
#ifndef LEPTON_FRONTEND_MLIRGEN_SCALAREMITTER_H
#define LEPTON_FRONTEND_MLIRGEN_SCALAREMITTER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace lepton {

/// Scalar arithmetic for generated loops: i64/index/f32 constants and counter-based random numbers
/// (a hash of a counter, so draws are reproducible and independent of the order they are made in).
struct ScalarEmitter {
  mlir::OpBuilder &b;
  mlir::Location loc;
  mlir::Value i64(uint64_t v) {
    return mlir::arith::ConstantOp::create(b, loc, b.getIntegerAttr(b.getI64Type(), static_cast<int64_t>(v)));
  }
  mlir::Value idx(int64_t v) { return mlir::arith::ConstantIndexOp::create(b, loc, v); }
  /// `scf.for` over [0, n) step 1, its bounds created in source order (a call's argument order is unspecified).
  mlir::scf::ForOp forRange(int64_t n) {
    mlir::Value zero = idx(0), end = idx(n), one = idx(1);
    return mlir::scf::ForOp::create(b, loc, zero, end, one);
  }
  mlir::Value f32(double v) {
    return mlir::arith::ConstantFloatOp::create(b, loc, b.getF32Type(), llvm::APFloat(static_cast<float>(v)));
  }
  /// SplitMix64's finaliser: a well-mixed 64-bit value from any counter.
  mlir::Value mix(mlir::Value z) {
    auto step = [&](mlir::Value v, uint64_t shift, uint64_t mul) -> mlir::Value {
      mlir::Value x = mlir::arith::XOrIOp::create(b, loc, v, mlir::arith::ShRUIOp::create(b, loc, v, i64(shift)));
      return mul ? mlir::arith::MulIOp::create(b, loc, x, i64(mul)).getResult() : x;
    };
    z = mlir::arith::AddIOp::create(b, loc, z, i64(0x9E3779B97F4A7C15ull));
    return step(step(step(z, 30, 0xBF58476D1CE4E5B9ull), 27, 0x94D049BB133111EBull), 31, 0);
  }
  /// u in [0, 1) from the top 24 bits.
  mlir::Value uniform(mlir::Value bits) {
    mlir::Value top = mlir::arith::ShRUIOp::create(b, loc, bits, i64(40));
    mlir::Value asFloat = mlir::arith::UIToFPOp::create(b, loc, b.getF32Type(), top);
    return mlir::arith::MulFOp::create(b, loc, asFloat, f32(1.0 / 16777216.0));
  }
  /// A whole number in [lo, hi] from `bits`.
  mlir::Value between(mlir::Value bits, int64_t lo, int64_t hi) {
    mlir::Value high = mlir::arith::ShRUIOp::create(b, loc, bits, i64(11));
    mlir::Value r = mlir::arith::RemUIOp::create(b, loc, high, i64(static_cast<uint64_t>(hi - lo + 1)));
    return mlir::arith::AddIOp::create(b, loc, r, i64(static_cast<uint64_t>(lo)));
  }
  mlir::Value toIndex(mlir::Value v) { return mlir::arith::IndexCastOp::create(b, loc, b.getIndexType(), v); }
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_SCALAREMITTER_H
