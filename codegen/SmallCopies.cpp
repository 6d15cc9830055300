// SmallCopies.cpp — lepton-vectorize-small-copies: short memref.copy ops become vector loads and stores.
//
// A convolution's patches are copied a window row at a time (KW·C contiguous elements, e.g. 384 bytes for
// 3 pixels of 32 channels): thousands of copies per batch slice. memref.copy lowers to a call of memcpy
// for each (LLVM inlines only a few stores' worth), and the calls cost more than the bytes moved (7% of
// a Fashion-MNIST CNN step at 2 threads). Rows of a static shape with unit innermost stride are moved
// with one vector load and store each instead.
#include "codegen/Passes.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONVECTORIZESMALLCOPIES
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// Largest copy moved in registers: beyond it memcpy's loop wins, and unrolled code only grows.
constexpr int64_t kMaxBytes = 1024;

/// Whether `type` is a static shape whose innermost dimension is contiguous.
bool rowsAreContiguous(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  return type.hasStaticShape() && type.getRank() >= 1 && succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

/// Whether `copy` is short enough, with rows both sides can load and store as vectors.
bool isSmallRowCopy(memref::CopyOp copy) {
  auto source = dyn_cast<MemRefType>(copy.getSource().getType());
  auto target = dyn_cast<MemRefType>(copy.getTarget().getType());
  if (!source || !target || source.getShape() != target.getShape() ||
      source.getElementType() != target.getElementType() || !source.getElementType().isIntOrFloat() ||
      source.getElementType().getIntOrFloatBitWidth() % 8 != 0 ||
      !rowsAreContiguous(source) || !rowsAreContiguous(target))
    return false;
  int64_t bits = source.getNumElements() * source.getElementType().getIntOrFloatBitWidth();
  return bits > 0 && bits <= kMaxBytes * 8;
}

/// The copy as one vector.load / vector.store pair per row (outer indices unrolled: at most kMaxBytes rows).
void vectorizeCopy(memref::CopyOp copy) {
  OpBuilder b(copy);
  Location loc = copy.getLoc();
  auto type = cast<MemRefType>(copy.getSource().getType());
  ArrayRef<int64_t> shape = type.getShape();
  auto row = VectorType::get({shape.back()}, type.getElementType());
  int64_t rows = type.getNumElements() / shape.back();
  llvm::SmallDenseMap<int64_t, Value> constants;
  auto index = [&](int64_t v) {
    Value &c = constants[v];
    if (!c)
      c = arith::ConstantIndexOp::create(b, loc, v);
    return c;
  };
  for (int64_t r = 0; r < rows; ++r) {
    SmallVector<Value> indices(shape.size(), index(0));
    for (int64_t d = static_cast<int64_t>(shape.size()) - 2, rest = r; d >= 0; rest /= shape[d], --d)
      indices[d] = index(rest % shape[d]);
    Value v = vector::LoadOp::create(b, loc, row, copy.getSource(), indices);
    vector::StoreOp::create(b, loc, v, copy.getTarget(), indices);
  }
  copy.erase();
}

struct LeptonVectorizeSmallCopiesPass
    : lepton::impl::LeptonVectorizeSmallCopiesBase<LeptonVectorizeSmallCopiesPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      if (isSmallRowCopy(copy))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies)
      vectorizeCopy(copy);
  }
};

} // namespace
