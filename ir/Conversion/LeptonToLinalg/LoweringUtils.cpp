// LoweringUtils.cpp — builders shared by the lepton → linalg patterns: empty/filled tensors, generics.
#include "ir/Conversion/LeptonToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace lepton::lowering {

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<DimSource> sources) {
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(
          b.createOrFold<tensor::DimOp>(loc, sources[d].tensor, sources[d].dim));
  return tensor::EmptyOp::create(b, loc, type, dynamicSizes);
}

Value emptyLike(OpBuilder &b, Location loc, RankedTensorType type, Value like) {
  SmallVector<DimSource> sources;
  for (int64_t d = 0; d < type.getRank(); ++d)
    sources.push_back({like, d});
  return emptyTensor(b, loc, type, sources);
}

Value f32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(static_cast<float>(value)));
}

Value fill(OpBuilder &b, Location loc, Value init, double value) {
  return linalg::FillOp::create(b, loc, ValueRange{f32Constant(b, loc, value)}, ValueRange{init})
      .getResult(0);
}

Value scalarAccumulator(OpBuilder &b, Location loc, double value) {
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, b.getF32Type());
  return fill(b, loc, init, value);
}

SmallVector<utils::IteratorType> iterators(unsigned numParallel, unsigned numReduction) {
  SmallVector<utils::IteratorType> kinds(numParallel, utils::IteratorType::parallel);
  kinds.append(numReduction, utils::IteratorType::reduction);
  return kinds;
}

AffineMap dropLastDimMap(unsigned rank, MLIRContext *ctx) {
  // (d0, …, d{rank-1}) -> (d0, …, d{rank-2}); for rank 1 that is (d0) -> (), which
  // getMajorSubMap(0) would return as a null map.
  SmallVector<AffineExpr> leading;
  for (unsigned d = 0; d + 1 < rank; ++d)
    leading.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, leading, ctx);
}

ValueRange buildGeneric(OpBuilder &b, Location loc, ValueRange inputs, ValueRange outputs,
                        ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iteratorKinds,
                        GenericBody body) {
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange(outputs), inputs, outputs, maps, iteratorKinds,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc, body(nested, nestedLoc, args));
      });
  return generic.getResults();
}

Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs,
                       function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  unsigned rank = resultType.getRank();
  MLIRContext *ctx = b.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(cast<RankedTensorType>(input.getType()).getRank() == 0 && rank != 0
                       ? AffineMap::get(rank, 0, {}, ctx)
                       : identity);
  maps.push_back(identity);
  Value like = *llvm::find_if(inputs, [&](Value v) {
    return cast<RankedTensorType>(v.getType()).getRank() == rank;
  });
  Value init = emptyLike(b, loc, resultType, like);
  return buildGeneric(b, loc, inputs, init, maps, iterators(rank),
                      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                        return SmallVector<Value>{
                            body(nested, nestedLoc, args.drop_back())};
                      })
      .front();
}

Value buildFullReduction(OpBuilder &b, Location loc, Value input,
                         function_ref<Value(OpBuilder &, Location, Value, Value)> body) {
  unsigned rank = cast<RankedTensorType>(input.getType()).getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(rank, ctx),
                              AffineMap::get(rank, 0, {}, ctx)};
  return buildGeneric(b, loc, input, scalarAccumulator(b, loc, 0.0), maps,
                      iterators(0, rank),
                      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                        return SmallVector<Value>{body(nested, nestedLoc, args[1], args[0])};
                      })
      .front();
}

Value buildLastDimReduction(OpBuilder &b, Location loc, ValueRange inputs, double init,
                            function_ref<Value(OpBuilder &, Location, Value, ValueRange)> body) {
  auto type = cast<RankedTensorType>(inputs.front().getType());
  unsigned rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  auto rowType = RankedTensorType::get(type.getShape().drop_back(), b.getF32Type());
  Value acc = fill(b, loc, emptyLike(b, loc, rowType, inputs.front()), init);
  AffineMap rowMap = dropLastDimMap(rank, ctx);
  SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(rank, ctx)};
  maps.append(inputs.size(), rowMap); // further inputs, then the output
  return buildGeneric(b, loc, inputs, acc, maps, iterators(rank - 1, 1),
                      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                        return SmallVector<Value>{
                            body(nested, nestedLoc, args.back(), args.drop_back())};
                      })
      .front();
}

std::pair<Value, Value> buildRowMaxAndSumExp(OpBuilder &b, Location loc, Value x) {
  Value max = buildLastDimReduction(
      b, loc, x, -std::numeric_limits<double>::infinity(),
      [](OpBuilder &nb, Location l, Value acc, ValueRange e) -> Value {
        return arith::MaximumFOp::create(nb, l, acc, e[0]);
      });
  Value sum = buildLastDimReduction(
      b, loc, ValueRange{x, max}, 0.0,
      [](OpBuilder &nb, Location l, Value acc, ValueRange e) -> Value {
        Value shifted = arith::SubFOp::create(nb, l, e[0], e[1]);
        return arith::AddFOp::create(nb, l, acc, math::ExpOp::create(nb, l, shifted));
      });
  return {max, sum};
}

} // namespace lepton::lowering

Value lepton::lowering::activationElement(OpBuilder &b, Location loc, StringRef activation,
                                          float alpha, Value x) {
  if (activation == "relu") {
    Value zero = f32Constant(b, loc, 0.0);
    return arith::MaximumFOp::create(b, loc, x, zero);
  }
  if (activation == "sigmoid") {
    // 1 / (1 + exp(-x)): exp overflows to +inf for very negative x and the quotient is then 0.
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
    Value one = f32Constant(b, loc, 1.0);
    Value denominator = arith::AddFOp::create(b, loc, one, e);
    Value numerator = f32Constant(b, loc, 1.0);
    return arith::DivFOp::create(b, loc, numerator, denominator);
  }
  if (activation == "tanh")
    return math::TanhOp::create(b, loc, x);
  assert(activation == "leaky_relu" && "the verifier admits no other activation");
  Value slope = f32Constant(b, loc, alpha);
  Value scaled = arith::MulFOp::create(b, loc, x, slope);
  Value zero = f32Constant(b, loc, 0.0);
  Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
  return arith::SelectOp::create(b, loc, positive, x, scaled);
}
