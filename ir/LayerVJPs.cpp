// LayerVJPs.cpp — vector-Jacobian products of the layer ops (dense, matmul, add, dropout).
#include "ir/LeptonDialect.h"

using namespace mlir;
using namespace lepton;

/// y = x·W + b: dx = dy·Wᵀ, dW = xᵀ·dy, db = Σ_batch dy.
LogicalResult DenseOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                SmallVectorImpl<Value> &operandCotangents) {
  Value dy = resultCotangents[0];
  Location loc = getLoc();
  // A fused activation: dy becomes the cotangent of x·W + b, from the output y (see the op).
  if (std::optional<StringRef> activation = getActivation()) {
    Value y = getResult();
    if (*activation == "relu")
      dy = ReluGradOp::create(b, loc, y, dy);
    else if (*activation == "sigmoid")
      dy = SigmoidGradOp::create(b, loc, y, dy);
    else if (*activation == "tanh")
      dy = TanhGradOp::create(b, loc, y, dy);
    else
      dy = LeakyReluGradOp::create(b, loc, y, dy, getAlphaAttr());
  }
  operandCotangents.push_back(MatmulOp::create(b, loc, getInput().getType(), dy, getWeight(),
                                               /*acc=*/Value(), /*transpose_a=*/false, /*transpose_b=*/true));
  operandCotangents.push_back(MatmulOp::create(b, loc, getWeight().getType(), getInput(), dy,
                                               /*acc=*/Value(), /*transpose_a=*/true, /*transpose_b=*/false));
  if (Value bias = getBias())
    operandCotangents.push_back(ReduceBatchOp::create(b, loc, bias.getType(), dy, /*acc=*/Value()));
  return success();
}

/// C = A'·B' with A' = op(A), B' = op(B): dA' = dC·B'ᵀ and dB' = A'ᵀ·dC, transposed back when
/// the operand itself was transposed. Every product is one `lepton.matmul` with flags.
LogicalResult MatmulOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                 SmallVectorImpl<Value> &operandCotangents) {
  Value dc = resultCotangents[0];
  Location loc = getLoc();
  Value lhs = getLhs(), rhs = getRhs();
  bool ta = getTransposeA(), tb = getTransposeB();
  // dA = dC·op(B)ᵀ, or (dC·op(B)ᵀ)ᵀ = op(B)·dCᵀ when A was transposed.
  Value da = ta ? MatmulOp::create(b, loc, lhs.getType(), rhs, dc, Value(), tb, true)
                : MatmulOp::create(b, loc, lhs.getType(), dc, rhs, Value(), false, !tb);
  // dB = op(A)ᵀ·dC, or (op(A)ᵀ·dC)ᵀ = dCᵀ·op(A) when B was transposed.
  Value db = tb ? MatmulOp::create(b, loc, rhs.getType(), dc, lhs, Value(), true, ta)
                : MatmulOp::create(b, loc, rhs.getType(), lhs, dc, Value(), !ta, false);
  operandCotangents.push_back(da);
  operandCotangents.push_back(db);
  if (getAcc()) // C + A'·B': dC flows to the accumulator unchanged
    operandCotangents.push_back(dc);
  return success();
}

/// y = a + b: da = db = dy.
LogicalResult AddOp::buildVJP(OpBuilder &, ArrayRef<Value> resultCotangents,
                              SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(resultCotangents[0]);
  operandCotangents.push_back(resultCotangents[0]);
  return success();
}

/// y = mask(key) · x / (1 - rate): dx = the same mask and scale applied to dy; the key gets none.
LogicalResult DropoutOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultCotangents,
                                  SmallVectorImpl<Value> &operandCotangents) {
  operandCotangents.push_back(DropoutGradOp::create(b, getLoc(), getInput().getType(),
                                                    resultCotangents[0], getKey(),
                                                    getRateAttr()));
  operandCotangents.push_back(nullptr);
  return success();
}
