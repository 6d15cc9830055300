// MatmulToVector.cpp — lowers f32 matmuls on buffers to packed, register-blocked vector FMA kernels.
//
// Why not linalg's generic tiling + vectorizer: the whole win is keeping a block of C in registers
// across k and feeding it from contiguous, cache-resident copies of B (and A where it pays). Writing
// that nest directly is short, predictable, and gives the LLVM backend exactly one broadcast and one
// FMA per lane group.
//
// Every C element sums its k terms in ascending order in one FMA chain, whatever the blocking: a
// tile of C is loaded before each k block and stored after it. Results are bit-identical for any
// block size, tile shape, packing decision and batch size (the trainer's reproducibility relies on it).
#include "codegen/Passes.h"
#include "codegen/AccumulatorInit.h"
#include "codegen/ColumnSums.h"
#include "codegen/ContractionEpilogue.h"
#include "ir/Attributes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/PatternMatch.h"

#include <functional>

namespace lepton {
#define GEN_PASS_DEF_LEPTONMATMULTOVECTOR
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// How one contraction maps onto C[row, col] += A[row, k] · B[k, col].
struct MatmulOperands {
  Value a, b, c;
  bool aTransposed = false; // A stored as [k, row]
  bool bTransposed = false; // B stored as [col, k]
};

/// Recognises a plain 2-D f32 contraction on memrefs and names its operands' roles.
FailureOr<MatmulOperands> analyseMatmul(linalg::LinalgOp op, PatternRewriter &rewriter) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1)
    return rewriter.notifyMatchFailure(op, "not a two-input matmul on buffers");
  if (op.getNumLoops() != 3 || !linalg::isaContractionOpInterface(op))
    return rewriter.notifyMatchFailure(op, "not a 2-D contraction");
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || type.getRank() != 2 || !type.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "operands are not 2-D f32 memrefs");
  }
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || !dims->batch.empty() || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1)
    return rewriter.notifyMatchFailure(op, "not a single m/n/k contraction");

  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  auto dimsOf = [](AffineMap map, unsigned &first, unsigned &second) {
    auto d0 = dyn_cast<AffineDimExpr>(map.getResult(0));
    auto d1 = dyn_cast<AffineDimExpr>(map.getResult(1));
    if (!d0 || !d1)
      return false;
    first = d0.getPosition();
    second = d1.getPosition();
    return true;
  };
  unsigned row, col, x0, x1, y0, y1;
  if (!dimsOf(maps[2], row, col) || !dimsOf(maps[0], x0, x1) || !dimsOf(maps[1], y0, y1))
    return rewriter.notifyMatchFailure(op, "indexing maps are not plain dimensions");
  unsigned k = dims->k.front();

  MatmulOperands result;
  result.c = op.getDpsInits()[0];
  // The input indexed by the column dimension supplies vectors (B); the other supplies scalars (A).
  bool firstIsA = (x0 == row || x1 == row);
  Value lhs = op.getDpsInputs()[0], rhs = op.getDpsInputs()[1];
  unsigned a0 = firstIsA ? x0 : y0, a1 = firstIsA ? x1 : y1;
  unsigned b0 = firstIsA ? y0 : x0, b1 = firstIsA ? y1 : x1;
  result.a = firstIsA ? lhs : rhs;
  result.b = firstIsA ? rhs : lhs;
  if (a0 == row && a1 == k)
    result.aTransposed = false;
  else if (a0 == k && a1 == row)
    result.aTransposed = true;
  else
    return rewriter.notifyMatchFailure(op, "A is not indexed by (row, k)");
  if (b0 == k && b1 == col)
    result.bTransposed = false;
  else if (b0 == col && b1 == k)
    result.bTransposed = true;
  else
    return rewriter.notifyMatchFailure(op, "B is not indexed by (k, col)");
  if (MemRefType(cast<MemRefType>(result.c.getType())).isDynamicDim(1))
    return rewriter.notifyMatchFailure(op, "column count is dynamic");
  return result;
}

/// The register tile and blocking of one target.
struct KernelShape {
  int64_t width;       // f32 lanes per vector
  int64_t rows;        // rows of C in the main register tile
  int64_t vecs;        // vectors per row of the main tile; a panel of packed B is vecs × width columns
  int64_t kBlock;      // k values per block at most
  int64_t packMinRows; // B (row-major) is packed when C has at least this many rows
};

/// The register tile when the options leave it open: as many accumulators as the target's vector
/// registers allow next to the B vectors (32 zmm for AVX-512, 16 for AVX2 and SSE).
KernelShape defaultShape(int64_t width, int64_t rows, int64_t vecs, int64_t kBlock, int64_t packMinRows) {
  int64_t autoRows = width >= 16 ? 14 : width == 8 ? 6 : 4;
  return {width, rows > 0 ? rows : autoRows, vecs > 0 ? vecs : 2, kBlock, packMinRows};
}

/// Packed B for one k block lives in a buffer of at most this many bytes (it streams from L2).
constexpr int64_t kPackedBBudget = 1 << 20;

/// A k block this short reads a transposed A's lines in place from L1 (two lines per k at most: 16 KiB).
constexpr int64_t kShortKBlock = 128;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t roundUp(int64_t a, int64_t b) { return ceilDiv(a, b) * b; }
bool isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

/// Emits the kernel for one matmul.
///
/// Loop nest (packed path):
///   for each k block:                     B's k block packed into [panel][k][vecs × width]
///     for each block of `rows` rows:      (the loop to parallelise; A's rows packed when it pays)
///       for each panel: tile              (rows × vecs vectors of C in registers across the k block)
///     leftover rows: tiles of 8, 4, 2, 1 rows, each as wide as the register file allows
/// The direct path (few rows: batch-1 inference, or no scratch allowed) is the same nest reading B
/// in place.
class KernelEmitter {
public:
  /// `init`: C's contents are zeros or a bias row (the fill or broadcast folded away): the first k
  /// block starts its accumulators from them instead of loading C. `epilogue`: the last k block
  /// applies it to the accumulators and stores its results into its outputs (C's shape) instead of
  /// the accumulators into C.
  /// `sums`: B's column sums (a bias gradient) are added up in one more accumulator row of the
  /// remainder tile (C's row count static) or in a tile of their own, and stored into sums.out.
  KernelEmitter(PatternRewriter &rewriter, Location loc, const MatmulOperands &ops,
                const KernelShape &shape, bool stackScratch, lepton::AccumulatorInit init = {},
                linalg::GenericOp epilogue = {}, lepton::ColumnSums sums = {})
      : b(rewriter), loc(loc), ops(ops), shape(shape), w(shape.width), stackScratch(stackScratch),
        init(init), epilogue(epilogue), sums(sums),
        vecType(VectorType::get({w}, b.getF32Type())),
        maskType(VectorType::get({w}, b.getI1Type())) {
    numCols = cast<MemRefType>(ops.c.getType()).getDimSize(1);
    panelCols = shape.vecs * w;
    numPanels = ceilDiv(numCols, panelCols);
  }

  LogicalResult emit() {
    chooseKBlock();
    int64_t packedBytes = numPanels * kBlockPadded * panelCols * 4;
    bool packingAllowed = !stackScratch || packedBytes <= lepton::kStackScratchMaxBuffer;
    if (ops.bTransposed && !packingAllowed)
      return failure();
    numRows = memref::DimOp::create(b, loc, ops.c, 0);
    numK = memref::DimOp::create(b, loc, ops.a, ops.aTransposed ? 0 : 1);
    // B's rows are numCols floats apart: a multiple of 4 KiB puts the k rows a tile reads in one L1
    // set, so such a B is always packed.
    bool bRowsAlias = (numCols * 4) % 4096 == 0;
    if (ops.bTransposed) {
      emitNest(/*packed=*/true);
    } else if (stackScratch) {
      // Exported inference: few rows, and a packed copy of B would take stack per call.
      emitNest(/*packed=*/false);
    } else {
      // Packing B costs about one pass over B; it pays once C has many row blocks, or at once when
      // B's rows alias. (Measured on the MLP's 64×128×784: 168 GFLOP/s reading B in place against 152
      // packed, so a batch of 64 reads in place.)
      if (bRowsAlias) {
        emitNest(/*packed=*/true);
        return success();
      }
      Value many = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, numRows,
                                         constant(shape.packMinRows));
      auto branch = scf::IfOp::create(b, loc, many, /*withElseRegion=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      emitNest(/*packed=*/true);
      b.setInsertionPointToStart(branch.elseBlock());
      emitNest(/*packed=*/false);
    }
    return success();
  }

private:
  /// Where a tile reads its B vectors and A scalars for one k block.
  struct Sources {
    Value packedB; // [panel][k - kStart][panelCols], or null: B read in place
    Value packedA; // [k - kStart][row - first row of the block], or null: A read in place
    Value kStart, kEnd;
  };

  /// The k block: at most kBlock, at most what keeps packed B in kPackedBBudget, and balanced so
  /// that a static K splits into equal blocks (784 → 4 × 196, not 3 × 256 + 16).
  void chooseKBlock() {
    int64_t budget = stackScratch ? lepton::kStackScratchMaxBuffer : kPackedBBudget;
    int64_t maxBlock = std::max(w, std::min(shape.kBlock, budget / (4 * numPanels * panelCols) / w * w));
    kBlock = maxBlock;
    int64_t staticK = cast<MemRefType>(ops.a.getType()).getDimSize(ops.aTransposed ? 0 : 1);
    if (!ShapedType::isDynamic(staticK) && staticK > 0)
      kBlock = ceilDiv(staticK, ceilDiv(staticK, maxBlock));
    kBlockPadded = roundUp(kBlock, w);
  }

  /// A's rows are packed [k][row] per row block when the packed path runs, the vector width is a
  /// power of two, and either A is stored transposed over a long k block (its tile then reads one or
  /// two lines per k in place, 14 floats of a long row: packed, the block's k values are contiguous
  /// and stay in L1 across the panels; +8 % on the CNN's weight gradient, k blocks of 484) or A's rows
  /// would otherwise share L1 sets (a row stride of a multiple of 4 KiB puts every row of the block in
  /// the same set). A transposed A over a short k block (at most kShortKBlock: the batch of a dense
  /// layer's weight gradient) stays in L1 unpacked, and the copy would only add its cost: the MLP's
  /// first-layer weight gradient (k = 64) runs 2–3 % of the whole trainer faster unpacked.
  bool packsA() const {
    if (!isPowerOfTwo(w))
      return false;
    if (ops.aTransposed)
      return kBlock > kShortKBlock;
    int64_t stride = cast<MemRefType>(ops.a.getType()).getDimSize(1);
    return !ShapedType::isDynamic(stride) && (stride * 4) % 4096 == 0;
  }

  void emitNest(bool packed) {
    Value packedB;
    if (packed) {
      auto type = MemRefType::get({numPanels, kBlockPadded, panelCols}, b.getF32Type());
      packedB = stackScratch ? memref::AllocaOp::create(b, loc, type, b.getI64IntegerAttr(64)).getResult()
                             : memref::AllocOp::create(b, loc, type, b.getI64IntegerAttr(64)).getResult();
    }
    Value rowRem = arith::RemUIOp::create(b, loc, numRows, constant(shape.rows));
    Value fullRows = arith::SubIOp::create(b, loc, numRows, rowRem);
    bool packA = packed && packsA();
    forLoop(constant(0), numK, kBlock, [&](Value kStart) {
      Value kEnd = arith::MinUIOp::create(b, loc, add(kStart, constant(kBlock)), numK);
      if (packed)
        ops.bTransposed ? packTransposedB(packedB, kStart, kEnd) : packB(packedB, kStart, kEnd);
      // Row blocks: each iteration reads packed B (shared, read-only), writes only its own rows of
      // C and allocates its own scratch (packed A) on the stack, released at the iteration's end.
      // This is the loop to run in parallel (scf.parallel) once threads come.
      forLoop(constant(0), fullRows, shape.rows, [&](Value i) {
        auto rowBlock = [&] {
          Sources src{packedB, Value(), kStart, kEnd};
          if (packA)
            src.packedA = packRowsOfA(i, kStart, kEnd);
          columnTiles(shape.vecs, [&](Value j, ArrayRef<int64_t> lanes) {
            emitTile(i, shape.rows, j, lanes, src);
          });
        };
        packA ? stackScope(rowBlock) : rowBlock();
      });
      emitLeftoverRows(fullRows, rowRem, Sources{packedB, Value(), kStart, kEnd});
    });
    if (packed && !stackScratch)
      memref::DeallocOp::create(b, loc, packedB);
  }

  /// Rows after the last full block (fewer than shape.rows): one tile of that many rows when C's row
  /// count is static, else tiles of 8, 4, 2, 1 rows, a power of two each; each as many vectors wide
  /// as the main tile has accumulators (batch 1 gets 1 × 28 vectors).
  void emitLeftoverRows(Value fullRows, Value rowRem, Sources src) {
    int64_t staticRows = cast<MemRefType>(ops.c.getType()).getDimSize(0);
    if (!ShapedType::isDynamic(staticRows)) {
      // A static remainder is one tile of exactly that many rows: B's block is read once more, not
      // once per power of two (a convolution's 9-row weight gradient: one 9-row tile, not 8 + 1).
      // With column sums the tile has one more row: every B vector is also added into it.
      int64_t rem = staticRows % shape.rows, tileRows = rem + (sums ? 1 : 0);
      if (tileRows == 0)
        return;
      int64_t vecs = shape.vecs * std::max<int64_t>(1, shape.rows / tileRows);
      columnTiles(vecs, [&](Value j, ArrayRef<int64_t> lanes) {
        emitTile(fullRows, rem, j, lanes, src, /*withSums=*/bool(sums));
      });
      return;
    }
    for (int64_t h = int64_t(1) << 62; h >= 1; h >>= 1) {
      if (h >= shape.rows)
        continue;
      Value present = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                            arith::AndIOp::create(b, loc, rowRem, constant(h)), constant(0));
      auto branch = scf::IfOp::create(b, loc, present, /*withElseRegion=*/false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      Value i = add(fullRows, arith::AndIOp::create(b, loc, rowRem, constant(~(2 * h - 1))));
      int64_t vecs = shape.vecs * std::max<int64_t>(1, shape.rows / h);
      columnTiles(vecs, [&](Value j, ArrayRef<int64_t> lanes) { emitTile(i, h, j, lanes, src); });
    }
    // Column sums with a dynamic row count (a thread's chunk of a weight gradient): a tile of the sums
    // row alone, B's block read once more from where it was packed.
    if (sums)
      columnTiles(shape.vecs * shape.rows,
                  [&](Value j, ArrayRef<int64_t> lanes) { emitTile(fullRows, 0, j, lanes, src, /*withSums=*/true); });
  }

  /// Calls `tile` for each group of `vecs` vectors across C's columns (a multiple of whole panels),
  /// the last group with the lanes that remain.
  void columnTiles(int64_t vecs, function_ref<void(Value, ArrayRef<int64_t>)> tile) {
    int64_t groupCols = vecs * w;
    int64_t fullCols = numCols / groupCols * groupCols, tail = numCols - fullCols;
    SmallVector<int64_t> full(vecs, w), tailLanes;
    for (int64_t left = tail; left > 0; left -= w)
      tailLanes.push_back(std::min(left, w));
    if (fullCols > 0)
      forLoop(constant(0), constant(fullCols), groupCols, [&](Value j) { tile(j, full); });
    if (tail > 0)
      tile(constant(fullCols), tailLanes);
  }

  /// One tile: `rows` rows × lanes.size() vectors of C from (i, j), accumulated in registers over
  /// the k block.
  void emitTile(Value i, int64_t rows, Value j, ArrayRef<int64_t> lanes, const Sources &src,
                bool withSums = false) {
    SmallVector<Value> colIndex, masks;
    for (size_t v = 0; v < lanes.size(); ++v) {
      colIndex.push_back(add(j, constant(v * w)));
      masks.push_back(lanes[v] == w ? Value()
                                    : vector::ConstantMaskOp::create(b, loc, maskType, ArrayRef<int64_t>{lanes[v]})
                                          .getResult());
    }
    Value firstPanel = src.packedB ? arith::DivUIOp::create(b, loc, j, constant(panelCols)).getResult() : Value();
    SmallVector<Value> rowIndex, acc;
    for (int64_t r = 0; r < rows; ++r)
      rowIndex.push_back(add(i, constant(r)));
    auto loadTile = [&] {
      SmallVector<Value> tile;
      for (int64_t r = 0; r < rows; ++r)
        for (size_t v = 0; v < lanes.size(); ++v)
          tile.push_back(load(ops.c, {rowIndex[r], colIndex[v]}, masks[v]));
      return tile;
    };
    if (rows > 0 && !init) {
      acc = loadTile();
    } else if (rows > 0) {
      // C was initialised to zeros or a bias row: the first k block starts from those (C is never
      // read when one block covers K).
      acc = startAccumulators(src.kStart, rows * lanes.size(), loadTile, [&] {
        SmallVector<Value> tile;
        for (int64_t r = 0; r < rows; ++r)
          for (size_t v = 0; v < lanes.size(); ++v)
            tile.push_back(init.bias ? load(init.bias, {colIndex[v]}, masks[v]) : zeroVector());
        return tile;
      });
    }
    if (withSums) {
      // The column sums' row: from db, or from the value of db's fill when that was folded here.
      auto stored = [&] {
        SmallVector<Value> row;
        for (size_t v = 0; v < lanes.size(); ++v)
          row.push_back(load(sums.out, {colIndex[v]}, masks[v]));
        return row;
      };
      SmallVector<Value> start = !sums.fill ? stored() : startAccumulators(src.kStart, lanes.size(), stored, [&] {
        Value splat = vector::BroadcastOp::create(b, loc, vecType, sums.fill.getInputs().front());
        return SmallVector<Value>(lanes.size(), splat);
      });
      llvm::append_range(acc, start);
    }

    auto kLoop = scf::ForOp::create(b, loc, src.kStart, src.kEnd, constant(1), acc);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(kLoop.getBody());
      Value k = kLoop.getInductionVar();
      Value kk = (src.packedB || src.packedA) ? arith::SubIOp::create(b, loc, k, src.kStart).getResult() : Value();
      SmallVector<Value> bVec;
      for (size_t v = 0; v < lanes.size(); ++v) {
        if (!src.packedB) {
          bVec.push_back(load(ops.b, {k, colIndex[v]}, masks[v]));
          continue;
        }
        int64_t panel = v / shape.vecs, offset = (v % shape.vecs) * w;
        bVec.push_back(vector::LoadOp::create(b, loc, vecType, src.packedB,
                                              ValueRange{add(firstPanel, constant(panel)), kk, constant(offset)}));
      }
      SmallVector<Value> next;
      for (int64_t r = 0; r < rows; ++r) {
        Value a;
        if (src.packedA)
          a = memref::LoadOp::create(b, loc, src.packedA, ValueRange{kk, constant(r)});
        else if (ops.aTransposed)
          a = memref::LoadOp::create(b, loc, ops.a, ValueRange{k, rowIndex[r]});
        else
          a = memref::LoadOp::create(b, loc, ops.a, ValueRange{rowIndex[r], k});
        Value aVec = vector::BroadcastOp::create(b, loc, vecType, a);
        for (size_t v = 0; v < lanes.size(); ++v)
          next.push_back(vector::FMAOp::create(b, loc, aVec, bVec[v],
                                               kLoop.getRegionIterArgs()[r * lanes.size() + v]));
      }
      // The column sums: sum + B[k], as the reduction adds (one chain per column, k ascending).
      for (size_t v = 0; withSums && v < lanes.size(); ++v)
        next.push_back(arith::AddFOp::create(b, loc, kLoop.getRegionIterArgs()[rows * lanes.size() + v], bVec[v]));
      scf::YieldOp::create(b, loc, next);
    }

    auto storeAll = [&](bool last) {
      for (int64_t r = 0; r < rows; ++r)
        for (size_t v = 0; v < lanes.size(); ++v) {
          Value value = kLoop.getResult(r * lanes.size() + v);
          if (last)
            storeEpilogue(value, {rowIndex[r], colIndex[v]}, masks[v]);
          else
            store(value, ops.c, {rowIndex[r], colIndex[v]}, masks[v]);
        }
    };
    for (size_t v = 0; withSums && v < lanes.size(); ++v)
      store(kLoop.getResult(rows * lanes.size() + v), sums.out, {colIndex[v]}, masks[v]);
    if (!epilogue || rows == 0) {
      storeAll(false);
      return;
    }
    Value last = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, src.kEnd, numK);
    auto branch = scf::IfOp::create(b, loc, last, /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    storeAll(true);
    b.setInsertionPointToStart(branch.elseBlock());
    storeAll(false);
  }

  /// The `count` accumulators at the start of a k block whose memory a folded fill or broadcast
  /// initialised: `initial()` in the first block, later blocks what the previous one stored.
  SmallVector<Value> startAccumulators(Value kStart, size_t count, function_ref<SmallVector<Value>()> stored,
                                       function_ref<SmallVector<Value>()> initial) {
    Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, kStart, constant(0));
    SmallVector<Type> types(count, vecType);
    auto start = scf::IfOp::create(b, loc, types, first, /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(start.thenBlock());
    scf::YieldOp::create(b, loc, initial());
    b.setInsertionPointToStart(start.elseBlock());
    scf::YieldOp::create(b, loc, stored());
    return SmallVector<Value>(start.getResults());
  }

  /// Copies B[kStart:kEnd, :] (row-major) into packed[panel][k - kStart][0:panelCols], zero-filling
  /// the lanes past the last column.
  void packB(Value packed, Value kStart, Value kEnd) {
    int64_t fullPanels = numCols / panelCols, tail = numCols - fullPanels * panelCols;
    forLoop(kStart, kEnd, 1, [&](Value k) {
      Value kk = arith::SubIOp::create(b, loc, k, kStart);
      if (fullPanels > 0)
        forLoop(constant(0), constant(fullPanels), 1, [&](Value p) {
          Value col = arith::MulIOp::create(b, loc, p, constant(panelCols));
          for (int64_t v = 0; v < shape.vecs; ++v) {
            Value vec = load(ops.b, {k, add(col, constant(v * w))}, Value());
            vector::StoreOp::create(b, loc, vec, packed, ValueRange{p, kk, constant(v * w)});
          }
        });
      for (int64_t v = 0; v * w < tail; ++v) {
        int64_t lanes = std::min(w, tail - v * w);
        Value mask = lanes == w ? Value() : constantMask(lanes);
        Value vec = load(ops.b, {k, constant(fullPanels * panelCols + v * w)}, mask);
        vector::StoreOp::create(b, loc, vec, packed, ValueRange{constant(fullPanels), kk, constant(v * w)});
      }
    });
  }

  /// Packs B stored as [col, k] straight into packed[panel][k - kStart][lane]: width × width blocks
  /// loaded along k, transposed in registers, stored along columns. This replaces a full transposed
  /// copy of W on every backward step.
  void packTransposedB(Value packed, Value kStart, Value kEnd) {
    Value kLen = arith::SubIOp::create(b, loc, kEnd, kStart);
    if (!isPowerOfTwo(w)) {
      forLoop(constant(0), constant(numCols), 1, [&](Value col) {
        Value p = arith::DivUIOp::create(b, loc, col, constant(panelCols));
        Value lane = arith::RemUIOp::create(b, loc, col, constant(panelCols));
        forLoop(constant(0), kLen, 1, [&](Value kk) {
          Value x = memref::LoadOp::create(b, loc, ops.b, ValueRange{col, add(kStart, kk)});
          memref::StoreOp::create(b, loc, x, packed, ValueRange{p, kk, lane});
        });
      });
      return;
    }
    // Column groups of w columns; a group never straddles a panel (panelCols is a multiple of w).
    auto group = [&](Value col, int64_t cols) {
      Value p = arith::DivUIOp::create(b, loc, col, constant(panelCols));
      Value lane = arith::RemUIOp::create(b, loc, col, constant(panelCols));
      forLoop(constant(0), kLen, w, [&](Value kk) {
        Value left = arith::SubIOp::create(b, loc, kLen, kk);
        Value mask = vector::CreateMaskOp::create(b, loc, maskType, ValueRange{left});
        SmallVector<Value> vecs;
        for (int64_t c = 0; c < w; ++c)
          vecs.push_back(c < cols ? load(ops.b, {add(col, constant(c)), add(kStart, kk)}, mask) : zeroVector());
        SmallVector<Value> t = transpose(vecs);
        // Rows past kLen land in the buffer's padding (kBlockPadded is a multiple of w).
        for (int64_t l = 0; l < w; ++l)
          vector::StoreOp::create(b, loc, t[l], packed, ValueRange{p, add(kk, constant(l)), lane});
      });
    };
    int64_t fullGroups = numCols / w, tail = numCols % w;
    if (fullGroups > 0)
      forLoop(constant(0), constant(fullGroups * w), w, [&](Value col) { group(col, w); });
    if (tail > 0)
      group(constant(fullGroups * w), tail);
  }

  /// Packs A[i : i + rows, kStart : kEnd] into a fresh stack buffer [k - kStart][row - i] so that a
  /// tile's broadcasts read one contiguous line per k.
  Value packRowsOfA(Value i, Value kStart, Value kEnd) {
    int64_t rowsPadded = roundUp(shape.rows, w);
    auto type = MemRefType::get({kBlockPadded, rowsPadded}, b.getF32Type());
    Value packed = memref::AllocaOp::create(b, loc, type, b.getI64IntegerAttr(64));
    Value kLen = arith::SubIOp::create(b, loc, kEnd, kStart);
    if (ops.aTransposed) {
      forLoop(constant(0), kLen, 1, [&](Value kk) {
        for (int64_t r = 0; r < shape.rows; r += w) {
          int64_t lanes = std::min(w, shape.rows - r);
          Value vec = load(ops.a, {add(kStart, kk), add(i, constant(r))}, lanes == w ? Value() : constantMask(lanes));
          vector::StoreOp::create(b, loc, vec, packed, ValueRange{kk, constant(r)});
        }
      });
      return packed;
    }
    forLoop(constant(0), kLen, w, [&](Value kk) {
      Value left = arith::SubIOp::create(b, loc, kLen, kk);
      Value mask = vector::CreateMaskOp::create(b, loc, maskType, ValueRange{left});
      for (int64_t r0 = 0; r0 < shape.rows; r0 += w) {
        SmallVector<Value> vecs;
        for (int64_t c = 0; c < w; ++c)
          vecs.push_back(r0 + c < shape.rows ? load(ops.a, {add(i, constant(r0 + c)), add(kStart, kk)}, mask)
                                             : zeroVector());
        SmallVector<Value> t = transpose(vecs);
        for (int64_t l = 0; l < w; ++l)
          vector::StoreOp::create(b, loc, t[l], packed, ValueRange{add(kk, constant(l)), constant(r0)});
      }
    });
    return packed;
  }

  /// Transposes w vectors of w lanes (w a power of two) with log2(w) rounds of two-input shuffles:
  /// round h swaps bit h of the row index with bit h of the lane index.
  SmallVector<Value> transpose(SmallVector<Value> rows) {
    for (int64_t h = w / 2; h >= 1; h /= 2) {
      SmallVector<int64_t> lowMask, highMask;
      for (int64_t l = 0; l < w; ++l) {
        bool high = l & h;
        lowMask.push_back(high ? w + l - h : l);
        highMask.push_back(high ? w + l : l + h);
      }
      SmallVector<Value> next(rows);
      for (int64_t r = 0; r < w; ++r) {
        if (r & h)
          continue;
        next[r] = vector::ShuffleOp::create(b, loc, rows[r], rows[r + h], lowMask);
        next[r + h] = vector::ShuffleOp::create(b, loc, rows[r], rows[r + h], highMask);
      }
      rows = std::move(next);
    }
    return rows;
  }

  Value constant(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value constantMask(int64_t lanes) {
    return vector::ConstantMaskOp::create(b, loc, maskType, ArrayRef<int64_t>{lanes});
  }
  Value zeroVector() {
    return arith::ConstantOp::create(b, loc, vecType, DenseElementsAttr::get(vecType, 0.0f));
  }

  void forLoop(Value lo, Value hi, int64_t step, function_ref<void(Value)> body) {
    auto loop = scf::ForOp::create(b, loc, lo, hi, constant(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    body(loop.getInductionVar());
  }

  /// Runs `body` between a stack save and restore: stack scratch allocated in a loop iteration is
  /// released at its end. (memref.alloca_scope would say the same, but its region must stay one
  /// block and the pipeline lowers scf to blocks before memref.)
  void stackScope(function_ref<void()> body) {
    Value saved = LLVM::StackSaveOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()));
    body();
    LLVM::StackRestoreOp::create(b, loc, saved);
  }

  Value load(Value mem, ValueRange idx, Value mask) {
    if (!mask)
      return vector::LoadOp::create(b, loc, vecType, mem, idx);
    return vector::MaskedLoadOp::create(b, loc, vecType, mem, idx, mask, zeroVector());
  }
  void store(Value value, Value mem, ValueRange idx, Value mask) {
    if (!mask)
      vector::StoreOp::create(b, loc, value, mem, idx);
    else
      vector::MaskedStoreOp::create(b, loc, mem, idx, mask, value);
  }

  /// The epilogue on one accumulator vector: the outputs' vectors at `idx` loaded where its body reads
  /// them (an optimizer update reads the weight and its state), its results stored there.
  void storeEpilogue(Value acc, ValueRange idx, Value mask) {
    Block &body = epilogue.getRegion().front();
    SmallVector<Value> args{acc};
    for (auto [i, out] : llvm::enumerate(epilogue.getDpsInits()))
      args.push_back(body.getArgument(1 + i).use_empty() ? Value() : load(out, idx, mask));
    SmallVector<Value> results = lepton::applyEpilogueValues(b, loc, epilogue, args);
    for (auto [value, out] : llvm::zip(results, epilogue.getDpsInits()))
      store(value, out, idx, mask);
  }

  PatternRewriter &b;
  Location loc;
  MatmulOperands ops;
  KernelShape shape;
  int64_t w;
  bool stackScratch;
  lepton::AccumulatorInit init;
  linalg::GenericOp epilogue;
  lepton::ColumnSums sums;
  VectorType vecType, maskType;
  int64_t numCols, panelCols, numPanels, kBlock = 0, kBlockPadded = 0;
  Value numRows, numK;
};

struct MatmulToVectorPattern : OpInterfaceRewritePattern<linalg::LinalgOp> {
  MatmulToVectorPattern(MLIRContext *ctx, KernelShape shape)
      : OpInterfaceRewritePattern(ctx), shape(shape) {}

  LogicalResult matchAndRewrite(linalg::LinalgOp op, PatternRewriter &rewriter) const override {
    FailureOr<MatmulOperands> operands = analyseMatmul(op, rewriter);
    if (failed(operands))
      return failure();
    auto fn = op->getParentOfType<func::FuncOp>();
    bool stackScratch = fn && fn->hasAttr(lepton::kStackScratchAttr);
    // C = 0 or C = bias, then C += A·B: no pass over C for the init, no C reads in the first k block.
    lepton::AccumulatorInit init = lepton::accumulatorInitOf(op);
    Operation *fill = init.op;
    // C = f(C) right after it: f applied to the accumulators, stored where the elementwise op wrote.
    lepton::ContractionEpilogue after = lepton::epilogueOf(op);
    // A bias gradient over the same B (the weight gradient's dy), summed in the remainder tile.
    lepton::ColumnSums sums;
    if (!stackScratch && operands->aTransposed && !operands->bTransposed)
      sums = lepton::takeColumnSumsOf(op, operands->b);
    rewriter.setInsertionPoint(op);
    if (failed(KernelEmitter(rewriter, op.getLoc(), *operands, shape, stackScratch, init, after.op, sums)
                   .emit()))
      return rewriter.notifyMatchFailure(op, "packed B would not fit the stack");
    if (sums)
      rewriter.eraseOp(sums.op);
    if (fill || after || sums.fill) {
      // With K = 0 the kernel writes nothing: the fill or broadcast, and the elementwise op after
      // the contraction, then run after it (the kernel never reads what they write otherwise).
      rewriter.setInsertionPoint(op);
      Value kDim = memref::DimOp::create(rewriter, op.getLoc(), operands->a, operands->aTransposed ? 0 : 1);
      Value zero = arith::ConstantIndexOp::create(rewriter, op.getLoc(), 0);
      Value noK = arith::CmpIOp::create(rewriter, op.getLoc(), arith::CmpIPredicate::eq, kDim, zero);
      auto onlyIfNoK = scf::IfOp::create(rewriter, op.getLoc(), noK, /*withElseRegion=*/false);
      if (fill)
        rewriter.moveOpBefore(fill, onlyIfNoK.thenBlock()->getTerminator());
      if (after)
        rewriter.moveOpBefore(after.op, onlyIfNoK.thenBlock()->getTerminator());
      if (sums.fill)
        rewriter.moveOpBefore(sums.fill, onlyIfNoK.thenBlock()->getTerminator());
    }
    rewriter.eraseOp(op);
    return success();
  }

  KernelShape shape;
};

struct LeptonMatmulToVectorPass
    : lepton::impl::LeptonMatmulToVectorBase<LeptonMatmulToVectorPass> {
  using LeptonMatmulToVectorBase::LeptonMatmulToVectorBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || rows < 0 || panelVectors < 0 || kBlock < 1) {
      getOperation().emitError("lepton-matmul-to-vector needs vector-width and k-block of at least 1");
      return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> matmuls;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (linalg::isaContractionOpInterface(op))
        matmuls.push_back(op);
    });
    MatmulToVectorPattern pattern(&getContext(),
                                  defaultShape(vectorWidth, rows, panelVectors, kBlock, packMinRows));
    PatternRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : matmuls)
      (void)pattern.matchAndRewrite(op, rewriter);
  }
};

} // namespace
