// Int8MatmulToVector.cpp — u8 × s8 → i32 matmuls on buffers as register-blocked kernels (VNNI, vpmaddubsw, portable).
//
// The contraction int8 inference runs: C[i, j] += Σ_k zext(A[i, k]) · sext(B[k, j]) with A the
// quantized activations (u8), B the quantized weights (s8) and C the i32 accumulator. B arrives
// either row-major (K × N: the kernel packs it once per call into [panel][k / 4][column][4 bytes]) or
// already packed (ir/Int8Layout.h: [k / 4][4 · column + k % 4], the layout of lepton.quantize_weights,
// read as it is, so inference with quantized weight buffers never packs): either way one vector holds,
// for each of `w` columns, four consecutive k values, exactly the operand of AVX-512 VNNI's vpdpbusd,
// which adds the four u8 × s8 products of every i32 lane into it. A's four bytes at (i, k..k+3) are read
// as one i32 and broadcast.
//
// Without VNNI, x86 CPUs with AVX2 (or AVX-512 BW) use `dot=maddubs`: vpmaddubsw adds pairs of u8 × s8
// products into i16 lanes and vpmaddwd pairs of those into i32. Its trap: the i16 sums saturate
// (255 · 127 · 2 = 64770 > 32767). A's bytes are therefore split, once per broadcast, into their low
// seven bits and their top bit, a = lo + 128 · hi: the pair sums of lo × b lie within ±32512 and those of
// hi × b within ±256, so neither saturates, and vpmaddwd adds them with weights 1 and 128 into exact i32
// sums (two vpmaddubsw per vector instead of one, still several times the portable path).
// Everywhere else (`dot=generic`) both sides are widened to i32, multiplied and added in groups of four.
// Integer sums are exact and associative: results are identical on every path.
#include "codegen/AccumulatorInit.h"
#include "codegen/ContractionEpilogue.h"
#include "codegen/Passes.h"
#include "ir/Attributes.h"
#include "ir/Int8Layout.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONINT8MATMULTOVECTOR
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// A, B and C of `op` when it is C[i, j] += zext(A[i, k]) · sext(B[k, j]) on 2-D memrefs (A and B
/// i8, C i32, row-major maps, N static; B row-major or packed), or failure.
struct Int8Matmul {
  Value a, b, c;
  bool prepacked = false; ///< B is [k / 4][4 · j + k % 4] (ir/Int8Layout.h)
};

FailureOr<Int8Matmul> matchInt8Matmul(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 3)
    return failure();
  auto iterators = op.getIteratorTypesArray();
  if (iterators[0] != utils::IteratorType::parallel || iterators[1] != utils::IteratorType::parallel ||
      iterators[2] != utils::IteratorType::reduction)
    return failure();
  MLIRContext *ctx = op.getContext();
  AffineExpr i, j, k;
  bindDims(ctx, i, j, k);
  SmallVector<AffineMap> expected{AffineMap::get(3, 0, {i, k}, ctx), AffineMap::get(3, 0, {k, j}, ctx),
                                  AffineMap::get(3, 0, {i, j}, ctx)};
  SmallVector<AffineMap> packedMaps = expected;
  packedMaps[1] = AffineMap::get(3, 0, {k.floorDiv(4), 4 * j + k % 4}, ctx);
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps != expected && maps != packedMaps)
    return failure();
  Int8Matmul m{op.getDpsInputs()[0], op.getDpsInputs()[1], op.getDpsInits()[0], maps == packedMaps};
  auto isMatrixOf = [](Value v, unsigned bits) {
    auto type = dyn_cast<MemRefType>(v.getType());
    return type && type.getRank() == 2 && type.getElementType().isInteger(bits);
  };
  if (!isMatrixOf(m.a, 8) || !isMatrixOf(m.b, 8) || !isMatrixOf(m.c, 32) ||
      cast<MemRefType>(m.c.getType()).isDynamicDim(1))
    return failure();
  // Packed B: every 16-column register load must stay inside a row (N padded to 16, ir/Int8Layout.h).
  if (m.prepacked) {
    auto bType = cast<MemRefType>(m.b.getType());
    int64_t n = cast<MemRefType>(m.c.getType()).getDimSize(1);
    if (bType.isDynamicDim(1) || bType.getDimSize(1) < lepton::int8PackedShape(1, n)[1] ||
        !bType.getLayout().isIdentity())
      return failure();
  }
  // Body: yield(addi(out, muli(extui(a), extsi(b)))), the multiplication's operands in either order.
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getValues().front().getDefiningOp<arith::AddIOp>();
  if (!add)
    return failure();
  Value acc = body.getArgument(2);
  Value product = add.getLhs() == acc ? add.getRhs() : add.getRhs() == acc ? add.getLhs() : Value();
  auto mul = product ? product.getDefiningOp<arith::MulIOp>() : arith::MulIOp();
  if (!mul)
    return failure();
  auto isExt = [&](Value v, bool isUnsigned, unsigned arg) {
    Operation *def = v.getDefiningOp();
    bool kind = isUnsigned ? isa_and_nonnull<arith::ExtUIOp>(def) : isa_and_nonnull<arith::ExtSIOp>(def);
    return kind && def->getOperand(0) == body.getArgument(arg);
  };
  bool ordered = isExt(mul.getLhs(), true, 0) && isExt(mul.getRhs(), false, 1);
  bool swapped = isExt(mul.getRhs(), true, 0) && isExt(mul.getLhs(), false, 1);
  if (!ordered && !swapped)
    return failure();
  if (body.getOperations().size() != 5) // extui, extsi, muli, addi, yield
    return failure();
  return m;
}

/// The requantizing epilogue right after an int8 matmul (lepton.dense_int8's lowering, QuantLowering.cpp): an
/// all-parallel generic whose first input is C (identity map) — or C viewed by a `memref.expand_shape` that keeps
/// its columns innermost (a convolution's rows as images, after lepton-fuse-elementwise moved the reshape) — and
/// whose other inputs are per-column vectors (→ the innermost loop: column sums, scales, bias), writing an
/// identity-layout output of that shape that is not C, with a body of elementwise ops that does not read the
/// output; C, a buffer of this function, read by nothing else. The kernel then applies it to its accumulators and
/// stores the results — f32, or u8 when elementwise fusion made it requantize for the next layer — into the
/// output viewed as rows × columns: C's i32 values never reach memory.
/// Only with a static K > 0 (with K = 0 the kernel writes nothing, and the epilogue would have to run on zeros).
struct Int8Epilogue {
  linalg::GenericOp op;
  Value output;                    ///< the generic's output buffer
  SmallVector<Operation *> between; ///< ops between the matmul and it, to move before the kernel
  explicit operator bool() const { return static_cast<bool>(op); }
};

Int8Epilogue int8EpilogueOf(linalg::GenericOp matmul, const Int8Matmul &m) {
  int64_t k = cast<MemRefType>(m.a.getType()).getDimSize(1);
  if (ShapedType::isDynamic(k) || k == 0 || !isa_and_nonnull<memref::AllocOp, memref::AllocaOp>(m.c.getDefiningOp()))
    return {};
  // Between them: views, allocations of static buffers, and the scalar arithmetic of the next layer's
  // quantization scale (when elementwise fusion already made the epilogue requantize for it) — all moved before
  // the kernel, which reads what the epilogue reads.
  SmallVector<Operation *> between;
  Operation *next = matmul->getNextNode();
  for (; next && !isa<linalg::GenericOp>(next); next = next->getNextNode()) {
    bool view = isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(next);
    bool alloc = isa<memref::AllocOp, memref::AllocaOp>(next) && next->getNumOperands() == 0;
    bool scalar = next->getDialect() && next->getDialect()->getNamespace() == "arith" && isPure(next) &&
                  next->getNumRegions() == 0;
    auto load = dyn_cast<memref::LoadOp>(next);
    if (!view && !alloc && !scalar && !(load && load.getMemRef() != m.c))
      return {};
    between.push_back(next);
  }
  auto g = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!g || !g.hasPureBufferSemantics() || g.getNumDpsInits() != 1 || g.getNumDpsInputs() < 1 ||
      g.getDpsInits().front() == m.c)
    return {};
  int64_t loops = g.getNumLoops();
  if (loops < 2 ||
      llvm::any_of(g.getIteratorTypesArray(), [](utils::IteratorType t) { return t != utils::IteratorType::parallel; }))
    return {};
  Value first = g.getDpsInputs().front();
  Operation *view = nullptr;
  if (first != m.c) {
    auto expand = first.getDefiningOp<memref::ExpandShapeOp>();
    if (!expand || expand.getSrc() != m.c || !expand->hasOneUse() || expand.getReassociationIndices().size() != 2 ||
        expand.getReassociationIndices()[1].size() != 1)
      return {};
    view = expand;
  } else if (loops != 2) {
    return {};
  }
  MLIRContext *ctx = g.getContext();
  AffineMap id = AffineMap::getMultiDimIdentityMap(loops, ctx);
  AffineMap column = AffineMap::get(loops, 0, {getAffineDimExpr(loops - 1, ctx)}, ctx);
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  if (maps.front() != id || maps.back() != id)
    return {};
  for (auto [input, map] : llvm::zip(ValueRange(g.getDpsInputs()).drop_front(), ArrayRef<AffineMap>(maps).drop_front()))
    if (map != column || cast<MemRefType>(input.getType()).getRank() != 1)
      return {};
  Value output = g.getDpsInits().front();
  auto outType = cast<MemRefType>(output.getType());
  if (!outType.getLayout().isIdentity() || !outType.hasStaticShape())
    return {};
  if (Operation *def = output.getDefiningOp(); def && def->getBlock() == matmul->getBlock() &&
                                               matmul->isBeforeInBlock(def) && !llvm::is_contained(between, def))
    return {};
  Block &body = g.getRegion().front();
  if (!body.getArguments().back().use_empty())
    return {};
  for (Operation &op : body.without_terminator())
    if (op.getNumResults() != 1 || op.getNumRegions() != 0 || !isPure(&op))
      return {};
  for (Operation *user : m.c.getUsers())
    if (user != matmul && user != g && user != view && !isa<memref::DeallocOp>(user) &&
        !(isa<linalg::FillOp>(user) && user->isBeforeInBlock(matmul)))
      return {};
  return {g, output, between};
}

/// Emits the kernel of one u8 × s8 matmul.
class Int8KernelEmitter {
public:
  /// `zeroInit`: C was just filled with zeros, so the accumulators start at zero instead of loading it.
  enum class Dot { Vnni, Maddubs, Generic };
  Int8KernelEmitter(RewriterBase &rewriter, Location loc, const Int8Matmul &m, int64_t width, Dot dot,
                    bool zeroInit, Int8Epilogue epilogue)
      : b(rewriter), loc(loc), m(m), w(width), dotKind(dot), zeroInit(zeroInit), epilogue(epilogue),
        accType(VectorType::get({width}, rewriter.getI32Type())),
        bytesType(VectorType::get({4 * width}, rewriter.getI8Type())) {
    numCols = cast<MemRefType>(m.c.getType()).getDimSize(1);
    numPanels = llvm::divideCeil(numCols, w);
  }

  void emit() {
    Value rows = memref::DimOp::create(b, loc, m.c, 0);
    Value depth = memref::DimOp::create(b, loc, m.a, 1);
    Value three = constant(3);
    Value depthPlus3 = arith::AddIOp::create(b, loc, depth, three);
    Value four = constant(4);
    k4Count = arith::DivUIOp::create(b, loc, depthPlus3, four);
    k = depth;
    // packed[panel][k4][4·lane + j] = B[4·k4 + j, panel·w + lane], zero past K and past N (a packed B
    // already holds these bytes at [k4][4·(panel·w + lane) + j]).
    if (!m.prepacked) {
      auto packedType = MemRefType::get({numPanels, ShapedType::kDynamic, 4 * w}, b.getI8Type());
      packed = memref::AllocOp::create(b, loc, packedType, ValueRange{k4Count}, b.getI64IntegerAttr(64));
      packB();
    }
    Value rem = arith::RemUIOp::create(b, loc, rows, constant(kRows));
    Value fullRows = arith::SubIOp::create(b, loc, rows, rem);
    forLoop(constant(0), fullRows, kRows, [&](Value i) { rowBlock(i, kRows); });
    forLoop(fullRows, rows, 1, [&](Value i) { rowBlock(i, 1); });
    if (!m.prepacked)
      memref::DeallocOp::create(b, loc, packed);
  }

private:
  /// Rows of C per register tile (and panels per tile below): 8 × 2 accumulators plus two B
  /// vectors and a broadcast fit 16 registers.
  /// (The vpmaddubsw path at 8 lanes spills some of them on AVX2's 16 registers; smaller tiles measured no faster.)
  static constexpr int64_t kRows = 8, kPanels = 2;

  /// Four rows of w bytes (masked: zeros past N and past K) interleaved byte by byte into one vector of
  /// 4w bytes, [c0 of rows 0..3, c1 of rows 0..3, …], in two rounds of two-input shuffles.
  void packB() {
    auto rowType = VectorType::get({w}, b.getI8Type());
    auto maskType = VectorType::get({w}, b.getI1Type());
    Value rowZeros = arith::ConstantOp::create(b, loc, rowType, DenseElementsAttr::get(rowType, int8_t(0)));
    SmallVector<int64_t> pairs, quads;
    for (int64_t c = 0; c < w; ++c) {
      pairs.push_back(c);
      pairs.push_back(w + c);
    }
    for (int64_t c = 0; c < w; ++c)
      for (int64_t half = 0; half < 2; ++half) {
        quads.push_back(half * 2 * w + 2 * c);
        quads.push_back(half * 2 * w + 2 * c + 1);
      }
    forLoop(constant(0), constant(numPanels), 1, [&](Value p) {
      Value width = constant(w);
      Value firstCol = arith::MulIOp::create(b, loc, p, width);
      Value cols = constant(numCols);
      Value colsLeft = arith::SubIOp::create(b, loc, cols, firstCol);
      forLoop(constant(0), k4Count, 1, [&](Value k4) {
        Value four = constant(4);
        Value firstRow = arith::MulIOp::create(b, loc, k4, four);
        SmallVector<Value> rows;
        for (int64_t j = 0; j < 4; ++j) {
          Value row = arith::AddIOp::create(b, loc, firstRow, constant(j));
          Value rowIn = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row, k);
          Value none = constant(0);
          Value lanes = arith::SelectOp::create(b, loc, rowIn, colsLeft, none);
          Value mask = vector::CreateMaskOp::create(b, loc, maskType, ValueRange{lanes});
          Value safeRow = arith::SelectOp::create(b, loc, rowIn, row, none); // never addresses past K
          rows.push_back(vector::MaskedLoadOp::create(b, loc, rowType, m.b, ValueRange{safeRow, firstCol}, mask,
                                                      rowZeros));
        }
        Value low = vector::ShuffleOp::create(b, loc, rows[0], rows[1], pairs);
        Value high = vector::ShuffleOp::create(b, loc, rows[2], rows[3], pairs);
        Value interleaved = vector::ShuffleOp::create(b, loc, low, high, quads);
        vector::StoreOp::create(b, loc, interleaved, packed, ValueRange{p, k4, constant(0)});
      });
    });
  }

  /// Rows [i, i + rows): tiles of kPanels panels across the full panels, then the rest one panel each.
  void rowBlock(Value i, int64_t rows) {
    int64_t groups = numPanels / kPanels;
    if (groups > 0)
      forLoop(constant(0), constant(groups * kPanels), kPanels, [&](Value p) { tile(i, rows, p, kPanels); });
    for (int64_t p = groups * kPanels; p < numPanels; ++p)
      tile(i, rows, constant(p), 1);
  }

  /// A rows × panels tile of C in registers across all of K, then stored (the last panel masked).
  void tile(Value i, int64_t rows, Value firstPanel, int64_t panels) {
    SmallVector<Value> rowIndex, colIndex, masks;
    for (int64_t r = 0; r < rows; ++r)
      rowIndex.push_back(arith::AddIOp::create(b, loc, i, constant(r)));
    for (int64_t v = 0; v < panels; ++v) {
      Value panel = arith::AddIOp::create(b, loc, firstPanel, constant(v));
      colIndex.push_back(arith::MulIOp::create(b, loc, panel, constant(w)));
      // Lanes left in this panel: w, or fewer in the last one.
      Value left = arith::SubIOp::create(b, loc, constant(numCols), colIndex.back());
      masks.push_back(vector::CreateMaskOp::create(b, loc, VectorType::get({w}, b.getI1Type()), ValueRange{left}));
    }
    Value zeros = arith::ConstantOp::create(b, loc, accType, DenseElementsAttr::get(accType, int32_t(0)));
    SmallVector<Value> init;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < panels; ++v)
        init.push_back(zeroInit ? zeros
                                : vector::MaskedLoadOp::create(b, loc, accType, m.c,
                                                               ValueRange{rowIndex[r], colIndex[v]}, masks[v], zeros)
                                      .getResult());
    auto loop = scf::ForOp::create(b, loc, constant(0), k4Count, constant(1), init);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value k4 = loop.getInductionVar();
      SmallVector<Value> bVec;
      for (int64_t v = 0; v < panels; ++v) {
        Value panel = arith::AddIOp::create(b, loc, firstPanel, constant(v));
        Value bytes;
        if (m.prepacked) {
          Value offset = arith::MulIOp::create(b, loc, panel, constant(4 * w));
          bytes = vector::LoadOp::create(b, loc, bytesType, m.b, ValueRange{k4, offset});
        } else {
          bytes = vector::LoadOp::create(b, loc, bytesType, packed, ValueRange{panel, k4, constant(0)});
        }
        bVec.push_back(vector::BitCastOp::create(b, loc, accType, bytes));
      }
      // A's bytes k..k+3 of each row (fewer at the end of K, the rest read as 0), as one i32.
      Value kStart = arith::MulIOp::create(b, loc, k4, constant(4));
      Value kLeft = arith::SubIOp::create(b, loc, k, kStart);
      auto quadType = VectorType::get({4}, b.getI8Type());
      Value quadMask = vector::CreateMaskOp::create(b, loc, VectorType::get({4}, b.getI1Type()), ValueRange{kLeft});
      Value quadZeros = arith::ConstantOp::create(b, loc, quadType, DenseElementsAttr::get(quadType, int8_t(0)));
      // A K that is a known multiple of 4 needs no mask (a masked 4-byte load is slow: byte by byte).
      int64_t staticK = cast<MemRefType>(m.a.getType()).getDimSize(1);
      bool wholeQuads = !ShapedType::isDynamic(staticK) && staticK % 4 == 0;
      SmallVector<Value> next;
      for (int64_t r = 0; r < rows; ++r) {
        Value quad = wholeQuads ? vector::LoadOp::create(b, loc, quadType, m.a, ValueRange{rowIndex[r], kStart})
                                      .getResult()
                                : vector::MaskedLoadOp::create(b, loc, quadType, m.a, ValueRange{rowIndex[r], kStart},
                                                               quadMask, quadZeros)
                                      .getResult();
        Value word = vector::BitCastOp::create(b, loc, VectorType::get({1}, b.getI32Type()), quad);
        Value scalar = vector::ExtractOp::create(b, loc, word, ArrayRef<int64_t>{0});
        Value aVec = vector::BroadcastOp::create(b, loc, accType, scalar);
        if (dotKind == Dot::Maddubs) {
          // a = lo + 128 · hi per byte (see the file header), split once for all panels.
          Value lo = arith::AndIOp::create(b, loc, aVec, splat(0x7F7F7F7F));
          Value shifted = arith::ShRUIOp::create(b, loc, aVec, splat(7));
          Value hi = arith::AndIOp::create(b, loc, shifted, splat(0x01010101));
          for (int64_t v = 0; v < panels; ++v)
            next.push_back(maddubs(loop.getRegionIterArgs()[r * panels + v], lo, hi, bVec[v]));
          continue;
        }
        for (int64_t v = 0; v < panels; ++v)
          next.push_back(dot(loop.getRegionIterArgs()[r * panels + v], aVec, bVec[v]));
      }
      scf::YieldOp::create(b, loc, next);
    }
    if (epilogue) {
      // The per-column inputs of each panel once, then the epilogue on every accumulator vector.
      SmallVector<SmallVector<Value>> columns(panels);
      for (int64_t v = 0; v < panels; ++v)
        for (Value input : ValueRange(epilogue.op.getDpsInputs()).drop_front()) {
          auto type = VectorType::get({w}, cast<MemRefType>(input.getType()).getElementType());
          Value zeros = arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
          columns[v].push_back(
              vector::MaskedLoadOp::create(b, loc, type, input, ValueRange{colIndex[v]}, masks[v], zeros));
        }
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t v = 0; v < panels; ++v) {
          SmallVector<Value> args{loop.getResult(r * panels + v)};
          args.append(columns[v]);
          Value y = lepton::applyEpilogue(b, loc, epilogue.op, args);
          vector::MaskedStoreOp::create(b, loc, epilogue.output, ValueRange{rowIndex[r], colIndex[v]}, masks[v], y);
        }
      return;
    }
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < panels; ++v)
        vector::MaskedStoreOp::create(b, loc, m.c, ValueRange{rowIndex[r], colIndex[v]}, masks[v],
                                      loop.getResult(r * panels + v));
  }

  /// acc + Σ_{j<4} zext(a.byte[4·lane + j]) · sext(b.byte[4·lane + j]) for every i32 lane.
  Value dot(Value acc, Value a, Value bv) {
    Value aBytes = vector::BitCastOp::create(b, loc, bytesType, a);
    Value bBytes = vector::BitCastOp::create(b, loc, bytesType, bv);
    if (dotKind == Dot::Vnni) {
      // LLVM 22 declares the byte operands as <64 x i8> (<32 x i8>), not as i32 vectors.
      StringRef intrinsic = w == 16 ? "llvm.x86.avx512.vpdpbusd.512" : "llvm.x86.avx512.vpdpbusd.256";
      return LLVM::CallIntrinsicOp::create(b, loc, accType, b.getStringAttr(intrinsic),
                                           ValueRange{acc, aBytes, bBytes})
          .getResult(0);
    }
    // Byte j of every lane (a shuffle), widened to i32, multiplied, added: four exact products.
    Value sum = acc;
    for (int64_t j = 0; j < 4; ++j) {
      SmallVector<int64_t> lanes;
      for (int64_t lane = 0; lane < w; ++lane)
        lanes.push_back(4 * lane + j);
      Value aj = vector::ShuffleOp::create(b, loc, aBytes, aBytes, lanes);
      Value bj = vector::ShuffleOp::create(b, loc, bBytes, bBytes, lanes);
      Value aWide = arith::ExtUIOp::create(b, loc, accType, aj);
      Value bWide = arith::ExtSIOp::create(b, loc, accType, bj);
      Value product = arith::MulIOp::create(b, loc, aWide, bWide);
      sum = arith::AddIOp::create(b, loc, sum, product);
    }
    return sum;
  }

  /// acc + Σ_{j<4} (lo.byte + 128 · hi.byte) · sext(b.byte) over the four bytes of every i32 lane, with lo < 128 and
  /// hi ≤ 1 per byte: vpmaddubsw's i16 pair sums cannot saturate.
  Value maddubs(Value acc, Value lo, Value hi, Value bv) {
    bool wide = w == 16;
    auto pairType = VectorType::get({2 * w}, b.getI16Type());
    StringRef madd8 = wide ? "llvm.x86.avx512.pmaddubs.w.512" : "llvm.x86.avx2.pmadd.ub.sw";
    StringRef madd16 = wide ? "llvm.x86.avx512.pmaddw.d.512" : "llvm.x86.avx2.pmadd.wd";
    Value bBytes = vector::BitCastOp::create(b, loc, bytesType, bv);
    auto pairs = [&](Value a) {
      Value aBytes = vector::BitCastOp::create(b, loc, bytesType, a);
      return LLVM::CallIntrinsicOp::create(b, loc, pairType, b.getStringAttr(madd8), ValueRange{aBytes, bBytes})
          .getResult(0);
    };
    auto quads = [&](Value pairSums, int16_t weight) {
      Value weights = arith::ConstantOp::create(b, loc, pairType, DenseElementsAttr::get(pairType, weight));
      return LLVM::CallIntrinsicOp::create(b, loc, accType, b.getStringAttr(madd16), ValueRange{pairSums, weights})
          .getResult(0);
    };
    Value low = quads(pairs(lo), 1);
    Value high = quads(pairs(hi), 128);
    return arith::AddIOp::create(b, loc, acc, arith::AddIOp::create(b, loc, low, high));
  }

  Value splat(int32_t v) { return arith::ConstantOp::create(b, loc, accType, DenseElementsAttr::get(accType, v)); }

  Value constant(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  void forLoop(Value lo, Value hi, int64_t step, function_ref<void(Value)> body) {
    auto loop = scf::ForOp::create(b, loc, lo, hi, constant(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    body(loop.getInductionVar());
  }

  RewriterBase &b;
  Location loc;
  Int8Matmul m;
  int64_t w;
  Dot dotKind;
  bool zeroInit;
  Int8Epilogue epilogue;
  VectorType accType, bytesType;
  int64_t numCols, numPanels;
  Value k, k4Count, packed;
};

struct LeptonInt8MatmulToVectorPass
    : lepton::impl::LeptonInt8MatmulToVectorBase<LeptonInt8MatmulToVectorPass> {
  using LeptonInt8MatmulToVectorBase::LeptonInt8MatmulToVectorBase;

  void runOnOperation() override {
    if (dot != "vnni" && dot != "maddubs" && dot != "generic") {
      getOperation().emitError("lepton-int8-matmul-to-vector: dot must be vnni, maddubs or generic, not '")
          << dot << "'";
      return signalPassFailure();
    }
    if (dot != "generic" && vectorWidth != 16 && vectorWidth != 8) {
      getOperation().emitError("lepton-int8-matmul-to-vector: dot=") << dot << " needs vector-width 16 or 8";
      return signalPassFailure();
    }
    using Dot = Int8KernelEmitter::Dot;
    Dot kind = dot == "vnni" ? Dot::Vnni : dot == "maddubs" ? Dot::Maddubs : Dot::Generic;
    if (vectorWidth < 1) {
      getOperation().emitError("lepton-int8-matmul-to-vector: vector-width must be at least 1");
      return signalPassFailure();
    }
    // `fuse: off` (and -O0) keep the requantizing epilogue a pass of its own, as for the f32 kernels.
    auto module = getOperation()->getParentOfType<ModuleOp>();
    auto mode = module ? module->getAttrOfType<StringAttr>(lepton::kFuseAttr) : StringAttr();
    bool fuse = !(mode && mode.getValue() == "off");
    SmallVector<std::pair<linalg::GenericOp, Int8Matmul>> matmuls;
    getOperation().walk([&](linalg::GenericOp op) {
      if (FailureOr<Int8Matmul> m = matchInt8Matmul(op); succeeded(m))
        matmuls.push_back({op, *m});
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, m] : matmuls) {
      // C = 0 right before (the int8 dense layer's fill): the accumulators start at zero and the fill's pass
      // over C runs only when K = 0 (the kernel then writes nothing).
      lepton::AccumulatorInit init = lepton::accumulatorInitOf(cast<linalg::LinalgOp>(op.getOperation()));
      bool zeroInit = init && !init.bias;
      Int8Epilogue epilogue = fuse ? int8EpilogueOf(op, m) : Int8Epilogue{};
      if (epilogue) {
        for (Operation *moved : epilogue.between)
          rewriter.moveOpBefore(moved, op);
        // The output as rows × columns, C's shape (a convolution's images collapsed back into rows).
        auto outType = cast<MemRefType>(epilogue.output.getType());
        if (outType.getRank() > 2) {
          rewriter.setInsertionPoint(op);
          ReassociationIndices rows;
          for (int64_t d = 0; d + 1 < outType.getRank(); ++d)
            rows.push_back(d);
          epilogue.output = memref::CollapseShapeOp::create(
              rewriter, op.getLoc(), epilogue.output,
              ArrayRef<ReassociationIndices>{rows, {outType.getRank() - 1}});
        }
      }
      rewriter.setInsertionPoint(op);
      Int8KernelEmitter(rewriter, op.getLoc(), m, vectorWidth, kind, zeroInit, epilogue).emit();
      if (epilogue) // applied in the kernel's registers: C is never written
        rewriter.eraseOp(epilogue.op);
      if (zeroInit) {
        rewriter.setInsertionPoint(op);
        Value kDim = memref::DimOp::create(rewriter, op.getLoc(), m.a, 1);
        Value zero = arith::ConstantIndexOp::create(rewriter, op.getLoc(), 0);
        Value noK = arith::CmpIOp::create(rewriter, op.getLoc(), arith::CmpIPredicate::eq, kDim, zero);
        auto onlyIfNoK = scf::IfOp::create(rewriter, op.getLoc(), noK, /*withElseRegion=*/false);
        rewriter.moveOpBefore(init.op, onlyIfNoK.thenBlock()->getTerminator());
      }
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
