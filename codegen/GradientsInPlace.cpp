// GradientsInPlace.cpp — the gradients of a fused optimizer update computed straight into its flat gradient vector.
//
// Two passes: lepton-gradients-in-place before bufferization, lepton-erase-self-copies after it.
#include "codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONGRADIENTSINPLACE
#define GEN_PASS_DEF_LEPTONERASESELFCOPIES
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// The `tensor.empty` a linalg result is computed into: through the inits of destination-style ops (a fill, then
/// the op that accumulates into it), or null.
tensor::EmptyOp emptyInitOf(Value v) {
  for (int depth = 0; depth < 4; ++depth) {
    auto result = dyn_cast<OpResult>(v);
    auto dps = result ? dyn_cast<DestinationStyleOpInterface>(result.getOwner()) : nullptr;
    if (!dps || !isa<linalg::LinalgOp>(result.getOwner()))
      return nullptr;
    v = dps.getDpsInitOperand(result.getResultNumber())->get();
    if (auto empty = v.getDefiningOp<tensor::EmptyOp>())
      return empty;
    if (!v.hasOneUse())
      return nullptr;
  }
  return nullptr;
}

/// `insert` puts a whole gradient (collapsed to 1-D, or 1-D already) into a chain of insertions rooted at a static
/// 1-D `tensor.empty`: that gradient's own empty init becomes a view of the root at the same offsets.
void computeInPlace(tensor::InsertSliceOp insert, Block &entry) {
  Value dest = insert.getDest();
  while (auto previous = dest.getDefiningOp<tensor::InsertSliceOp>())
    dest = previous.getDest();
  auto flat = dest.getDefiningOp<tensor::EmptyOp>();
  if (!flat || flat.getType().getRank() != 1 || !flat.getType().hasStaticShape())
    return;
  if (insert.getSourceType().getRank() != 1 || !insert.hasUnitStride() || !insert.getSourceType().hasStaticShape())
    return;
  auto collapse = insert.getSource().getDefiningOp<tensor::CollapseShapeOp>();
  Value gradient = collapse ? collapse.getSrc() : insert.getSource();
  if (!gradient.hasOneUse())
    return;
  tensor::EmptyOp init = emptyInitOf(gradient);
  if (!init || !init->hasOneUse() || !init.getType().hasStaticShape())
    return;
  flat->moveBefore(&entry, entry.begin()); // no operands: it may go first and dominate every gradient
  OpBuilder b(init);
  Value slice = tensor::ExtractSliceOp::create(b, init.getLoc(), insert.getSourceType(), flat.getResult(),
                                               insert.getMixedOffsets(), insert.getMixedSizes(),
                                               insert.getMixedStrides());
  Value view = slice;
  if (collapse)
    view = tensor::ExpandShapeOp::create(b, init.getLoc(), init.getType(), slice, collapse.getReassociationIndices());
  init.replaceAllUsesWith(view);
  init.erase();
}

struct LeptonGradientsInPlacePass : lepton::impl::LeptonGradientsInPlaceBase<LeptonGradientsInPlacePass> {
  void runOnOperation() override {
    SmallVector<tensor::InsertSliceOp> inserts;
    getOperation().walk([&](tensor::InsertSliceOp op) { inserts.push_back(op); });
    for (tensor::InsertSliceOp insert : inserts)
      computeInPlace(insert, getOperation().getBody().front());
  }
};

/// Where a contiguous memref starts: its root buffer and the element offset into it, through reshapes and
/// unit-stride subviews with static offsets; the root itself is the last buffer that is neither.
struct Place {
  Value root;
  int64_t offset = 0;
};

std::optional<Place> placeOf(Value memref) {
  Place place{memref};
  while (true) {
    Operation *def = place.root.getDefiningOp();
    if (auto collapse = dyn_cast_or_null<memref::CollapseShapeOp>(def)) {
      place.root = collapse.getSrc();
    } else if (auto expand = dyn_cast_or_null<memref::ExpandShapeOp>(def)) {
      place.root = expand.getSrc();
    } else if (auto subview = dyn_cast_or_null<memref::SubViewOp>(def)) {
      auto sourceType = cast<MemRefType>(subview.getSource().getType());
      if (sourceType.getRank() != 1 || !sourceType.getLayout().isIdentity() || subview.getStaticStrides()[0] != 1 ||
          ShapedType::isDynamic(subview.getStaticOffsets()[0]))
        return std::nullopt;
      place.offset += subview.getStaticOffsets()[0];
      place.root = subview.getSource();
    } else {
      return place;
    }
  }
}

struct LeptonEraseSelfCopiesPass : lepton::impl::LeptonEraseSelfCopiesBase<LeptonEraseSelfCopiesPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> selfCopies;
    getOperation().walk([&](memref::CopyOp copy) {
      auto source = cast<MemRefType>(copy.getSource().getType());
      auto target = cast<MemRefType>(copy.getTarget().getType());
      if (!source.hasStaticShape() || source.getNumElements() != target.getNumElements())
        return;
      std::optional<Place> from = placeOf(copy.getSource()), to = placeOf(copy.getTarget());
      if (from && to && from->root == to->root && from->offset == to->offset)
        selfCopies.push_back(copy);
    });
    for (memref::CopyOp copy : selfCopies)
      copy.erase();
  }
};

} // namespace
