// LayerLowering.cpp — lepton → linalg patterns of the layer ops: dense, matmul, reduce_batch, add, dropout.
#include "ir/Conversion/LeptonToLinalg/LeptonToLinalg.h"
#include "ir/Conversion/LeptonToLinalg/LoweringUtils.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace lepton;
using namespace lepton::lowering;

namespace {

/// y = f(x·W + b): the bias broadcast over the batch is the accumulator of a `linalg.matmul`; a
/// fused activation f is the elementwise generic right after it, which lepton-matmul-to-vector
/// applies to the block of results in registers (codegen/ContractionEpilogue.h).
struct DenseLowering : OpConversionPattern<DenseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(DenseOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    Value init = emptyTensor(rewriter, loc, type,
                             {{adaptor.getInput(), 0}, {adaptor.getWeight(), 1}});
    Value acc = adaptor.getBias()
                    ? linalg::BroadcastOp::create(rewriter, loc, adaptor.getBias(), init,
                                                  ArrayRef<int64_t>{0})
                          ->getResult(0)
                    : fill(rewriter, loc, init, 0.0);
    auto matmul = linalg::MatmulOp::create(rewriter, loc, TypeRange{type},
                                           ValueRange{adaptor.getInput(), adaptor.getWeight()},
                                           ValueRange{acc});
    Value y = matmul->getResult(0);
    if (std::optional<StringRef> activation = op.getActivation()) {
      // In place on the matmul's result (its output is that tensor): bufferized into C itself, so
      // the kernel stores f(C) once and nothing else holds the pre-activation.
      float alpha = op.getAlpha() ? op.getAlpha()->convertToFloat() : 0.0f;
      AffineMap id = rewriter.getMultiDimIdentityMap(2);
      y = buildGeneric(rewriter, loc, y, y, {id, id}, iterators(2),
                       [&](OpBuilder &b, Location l, ValueRange x) {
                         return SmallVector<Value>{activationElement(b, l, *activation, alpha, x[0])};
                       })
              .front();
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// op(a)·op(b) as `linalg.matmul`; a transpose is an indexing map, never a copy.
struct MatmulLowering : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    bool ta = op.getTransposeA(), tb = op.getTransposeB();
    RankedTensorType type = op.getResult().getType();
    // With an accumulator the products are added onto it (linalg.matmul adds onto its output).
    Value acc = adaptor.getAcc();
    if (!acc) {
      Value init = emptyTensor(rewriter, loc, type,
                               {{adaptor.getLhs(), ta ? 1 : 0}, {adaptor.getRhs(), tb ? 0 : 1}});
      acc = fill(rewriter, loc, init, 0.0);
    }
    auto matmul = linalg::MatmulOp::create(rewriter, loc, TypeRange{type},
                                           ValueRange{adaptor.getLhs(), adaptor.getRhs()},
                                           ValueRange{acc});
    if (ta || tb) {
      // Loops (m, n, k): A is (m, k) or (k, m), B is (k, n) or (n, k), C is (m, n).
      MLIRContext *ctx = rewriter.getContext();
      AffineExpr m, n, k;
      bindDims(ctx, m, n, k);
      auto map = [&](AffineExpr r, AffineExpr c) {
        return AffineMapAttr::get(AffineMap::get(3, 0, {r, c}, ctx));
      };
      matmul.setIndexingMapsAttr(rewriter.getArrayAttr(
          {ta ? map(k, m) : map(m, k), tb ? map(n, k) : map(k, n), map(m, n)}));
    }
    rewriter.replaceOp(op, matmul->getResults());
    return success();
  }
};

/// Σ over the batch: a `linalg.generic` reducing dimension 0.
struct ReduceBatchLowering : OpConversionPattern<ReduceBatchOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ReduceBatchOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value acc = adaptor.getAcc()
                    ? adaptor.getAcc()
                    : fill(rewriter, loc,
                           emptyTensor(rewriter, loc, op.getResult().getType(), {{adaptor.getInput(), 1}}),
                           0.0);
    AffineExpr bDim, nDim;
    bindDims(ctx, bDim, nDim);
    SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(2, ctx),
                                AffineMap::get(2, 0, {nDim}, ctx)};
    ValueRange results = buildGeneric(
        rewriter, loc, adaptor.getInput(), acc, maps,
        {utils::IteratorType::reduction, utils::IteratorType::parallel},
        [](OpBuilder &b, Location l, ValueRange args) {
          return SmallVector<Value>{arith::AddFOp::create(b, l, args[1], args[0])};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct AddLowering : OpConversionPattern<AddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AddOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildElementwise(rewriter, op.getLoc(), op.getResult().getType(),
                                            adaptor.getOperands(),
                                            [](OpBuilder &b, Location l, ValueRange x) -> Value {
                                              return arith::AddFOp::create(b, l, x[0], x[1]);
                                            }));
    return success();
  }
};

/// The dropout mask of element `flat` (row-major index): SplitMix64 of key + (flat+1)·φ,
/// top 24 bits as u in [0, 1), kept when u >= rate. Returns the i1 "kept".
Value buildKeepBit(OpBuilder &b, Location loc, Value key, Value flatIndex, float rate) {
  auto i64 = b.getI64Type();
  auto constant = [&](uint64_t v) {
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(i64, static_cast<int64_t>(v)));
  };
  auto mixStep = [&](Value z, uint64_t shift, uint64_t mul) -> Value {
    Value shifted = arith::ShRUIOp::create(b, loc, z, constant(shift));
    Value mixed = arith::XOrIOp::create(b, loc, z, shifted);
    return mul ? arith::MulIOp::create(b, loc, mixed, constant(mul)).getResult() : mixed;
  };
  Value counter = arith::AddIOp::create(b, loc, flatIndex, constant(1));
  Value z = arith::AddIOp::create(
      b, loc, key, arith::MulIOp::create(b, loc, counter, constant(0x9E3779B97F4A7C15ull)));
  z = mixStep(z, 30, 0xBF58476D1CE4E5B9ull);
  z = mixStep(z, 27, 0x94D049BB133111EBull);
  z = mixStep(z, 31, 0);
  Value top24 = arith::ShRUIOp::create(b, loc, z, constant(40));
  // One op per statement: argument evaluation order is unspecified, and the IR must not depend on the compiler.
  Value scale = f32Constant(b, loc, 1.0 / 16777216.0);
  Value u = arith::MulFOp::create(b, loc, arith::UIToFPOp::create(b, loc, b.getF32Type(), top24), scale);
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, u,
                               f32Constant(b, loc, rate));
}

/// dropout and dropout_grad are the same computation: x (or dy) masked and scaled.
template <typename OpTy>
struct DropoutLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    float rate = op.getRate().convertToFloat();
    // Extents of dims 1..r-1 (for the row-major flat index), read outside the loop nest.
    SmallVector<Value> extents;
    for (int64_t d = 1; d < type.getRank(); ++d)
      extents.push_back(rewriter.createOrFold<tensor::DimOp>(loc, input, d));
    Value key = adaptor.getKey();
    Value result = buildElementwise(
        rewriter, loc, type, input, [&](OpBuilder &b, Location l, ValueRange x) -> Value {
          Value flat = type.getRank() == 0
                           ? arith::ConstantIndexOp::create(b, l, 0).getResult()
                           : linalg::IndexOp::create(b, l, 0).getResult();
          for (auto [d, extent] : llvm::enumerate(extents)) {
            Value index = linalg::IndexOp::create(b, l, d + 1);
            flat = arith::AddIOp::create(b, l, arith::MulIOp::create(b, l, flat, extent), index);
          }
          Value flat64 = arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
          Value kept = buildKeepBit(b, l, key, flat64, rate);
          Value scaled = arith::MulFOp::create(b, l, x[0], f32Constant(b, l, 1.0 / (1.0 - rate)));
          return arith::SelectOp::create(b, l, kept, scaled, f32Constant(b, l, 0.0));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void lepton::populateLayerLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<DenseLowering, MatmulLowering, ReduceBatchLowering, AddLowering,
               DropoutLowering<DropoutOp>, DropoutLowering<DropoutGradOp>>(
      patterns.getContext());
}
