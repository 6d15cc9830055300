// ExpandExp.cpp — lepton-expand-exp: f32 exponentials as inline arithmetic that LLVM vectorises, bit for bit
// glibc's expf.
//
// A softmax cross-entropy takes two exponentials per logit per step (its sum and its gradient's softmax); math.exp
// became a call of libm's expf, which LLVM cannot vectorise (it splits its vector form into one call per lane):
// 1.3 % of a Fashion-MNIST MLP run. The expansion is the algorithm of glibc's expf (from Arm's optimized-routines,
// also musl's) with the fused multiply-adds that glibc's x86-64 FMA build (__expf_fma) uses, so it returns the
// same bits for every f32 input (all 2^32 compared, with and without FTZ/DAZ): training numbers do not change. In
// double precision: k = round(x·32/ln 2) by adding 1.5·2^52, r = x·32/ln 2 - k, 2^(k/32) from a 32-entry table and
// the exponent bits of k, and exp(x) = 2^(k/32)·(1 + C2·r + (C0·r + C1)·r²), rounded once to f32. The range glibc
// handles apart is selected after: +inf above 88.72 (log of 2^128), 0 below -103.97 (log of 2^-150), NaN as x + x.
#include "codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONEXPANDEXP
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// glibc's __exp2f_data.tab: bits of 2^(i/32) less i << 47, so adding k << 47 gives 2^(k/32).
constexpr uint64_t kTable[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51, 0x3fef72b83c7d517b,
    0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1, 0x3fef06fe0a31b715, 0x3feef1a7373aa9cb,
    0x3feedea64c123422, 0x3feece086061892d, 0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429,
    0x3feea47eb03a5585, 0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d, 0x3feee89f995ad3ad,
    0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069, 0x3fef5818dcfba487, 0x3fef7c97337b9b5f,
    0x3fefa4afa2a490da, 0x3fefd0765b6e4540};
constexpr double kInvLn2N = 0x1.71547652b82fep+5; // 32 / ln 2
constexpr double kShift = 0x1.8p+52;              // adding it rounds to an integer, kept in the low bits
constexpr double kC0 = 0x1.c6af84b912394p-20, kC1 = 0x1.ebfce50fac4f3p-13, kC2 = 0x1.62e42ff0c52d6p-6;
constexpr float kOverflow = 0x1.62e42ep6f, kUnderflow = -0x1.9fe368p6f;
constexpr StringLiteral kTableName = "__lepton_exp2f_table";

/// The module's table of 2^(i/32), created on first use.
memref::GlobalOp tableIn(ModuleOp module) {
  if (auto existing = module.lookupSymbol<memref::GlobalOp>(kTableName))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto type = MemRefType::get({32}, b.getI64Type());
  SmallVector<APInt> bits;
  for (uint64_t v : kTable)
    bits.push_back(APInt(64, v));
  auto value = DenseElementsAttr::get(RankedTensorType::get({32}, b.getI64Type()), bits);
  return memref::GlobalOp::create(b, module.getLoc(), kTableName, b.getStringAttr("private"), type, value,
                                  /*constant=*/true, /*alignment=*/b.getI64IntegerAttr(64));
}

/// exp(x) for one f32 scalar, as glibc's __expf_fma computes it. Constants first, one op per statement:
/// the order of argument evaluation is unspecified (docs/testing.md).
Value expandExp(OpBuilder &b, Location loc, Value x, memref::GlobalOp table) {
  Type f64 = b.getF64Type(), i64 = b.getI64Type();
  auto d = [&](double v) -> Value { return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v)); };
  auto f = [&](float v) -> Value { return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v)); };
  auto i = [&](int64_t v) -> Value { return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v)); };
  Value invLn2N = d(kInvLn2N), shift = d(kShift), c0 = d(kC0), c1 = d(kC1), c2 = d(kC2), one = d(1.0);
  Value mask = i(31), exponentShift = i(47);
  Value overflowAt = f(kOverflow), underflowAt = f(kUnderflow);
  Value infinity = f(std::numeric_limits<float>::infinity()), zero = f(0.0f);

  Value xd = arith::ExtFOp::create(b, loc, f64, x);
  Value shifted = math::FmaOp::create(b, loc, invLn2N, xd, shift);
  Value ki = arith::BitcastOp::create(b, loc, i64, shifted);
  Value kd = arith::SubFOp::create(b, loc, shifted, shift);
  Value minusK = arith::NegFOp::create(b, loc, kd);
  Value r = math::FmaOp::create(b, loc, invLn2N, xd, minusK);
  Value slotBits = arith::AndIOp::create(b, loc, ki, mask);
  Value slot = arith::IndexCastOp::create(b, loc, b.getIndexType(), slotBits);
  Value entries = memref::GetGlobalOp::create(b, loc, table.getType(), table.getSymName());
  Value entry = memref::LoadOp::create(b, loc, entries, ValueRange{slot});
  Value exponentBits = arith::ShLIOp::create(b, loc, ki, exponentShift);
  Value scaleBits = arith::AddIOp::create(b, loc, entry, exponentBits);
  Value scale = arith::BitcastOp::create(b, loc, f64, scaleBits);
  Value z = math::FmaOp::create(b, loc, r, c0, c1);
  Value r2 = arith::MulFOp::create(b, loc, r, r);
  Value y = math::FmaOp::create(b, loc, r, c2, one);
  y = math::FmaOp::create(b, loc, z, r2, y);
  y = arith::MulFOp::create(b, loc, y, scale);
  Value result = arith::TruncFOp::create(b, loc, b.getF32Type(), y);
  using P = arith::CmpFPredicate;
  Value over = arith::CmpFOp::create(b, loc, P::OGT, x, overflowAt);
  result = arith::SelectOp::create(b, loc, over, infinity, result);
  Value under = arith::CmpFOp::create(b, loc, P::OLT, x, underflowAt);
  result = arith::SelectOp::create(b, loc, under, zero, result);
  Value nan = arith::CmpFOp::create(b, loc, P::UNO, x, x);
  Value quieted = arith::AddFOp::create(b, loc, x, x);
  return arith::SelectOp::create(b, loc, nan, quieted, result);
}

struct ExpandExpPass : lepton::impl::LeptonExpandExpBase<ExpandExpPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<math::ExpOp> exps;
    module.walk([&](math::ExpOp op) {
      if (op.getType().isF32())
        exps.push_back(op);
    });
    if (exps.empty())
      return;
    memref::GlobalOp table = tableIn(module);
    for (math::ExpOp op : exps) {
      OpBuilder b(op);
      op.replaceAllUsesWith(expandExp(b, op.getLoc(), op.getOperand(), table));
      op.erase();
    }
  }
};

} // namespace
