// GradientsInPlace.cpp — the gradients of a fused optimizer update computed straight into its flat gradient vector.
//
// Three passes: lepton-gradients-in-place before bufferization, lepton-drop-staging-buffers right after it,
// lepton-erase-self-copies after the deallocation pipeline.
#include "codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONGRADIENTSINPLACE
#define GEN_PASS_DEF_LEPTONERASESELFCOPIES
#define GEN_PASS_DEF_LEPTONDROPSTAGINGBUFFERS
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// The `tensor.empty` a linalg result is computed into: through the inits of destination-style ops (a fill, then
/// the op that accumulates into it) and of loops that carry it (a weight gradient summed over batch slices:
/// lepton-slice-patches), or null.
tensor::EmptyOp emptyInitOf(Value v) {
  for (int depth = 0; depth < 4; ++depth) {
    auto result = dyn_cast<OpResult>(v);
    if (auto loop = result ? dyn_cast<scf::ForOp>(result.getOwner()) : nullptr) {
      v = loop.getInits()[result.getResultNumber()];
      if (!v.hasOneUse())
        return nullptr;
      continue;
    }
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

/// `op`'s ancestor in `block` (itself when it is directly in it), or null.
Operation *ancestorIn(Block *block, Operation *op) { return block->findAncestorOpInBlock(*op); }

/// Every user of `buffer` and of the reshapes of it, transitively; false when one is not a reshape, a linalg op or
/// a memref.copy (users that take any strided layout), or is not before `copy` in its block (`copy` itself aside).
bool collectStagingUsers(Value buffer, memref::CopyOp copy, SmallVectorImpl<Operation *> &users) {
  for (Operation *user : buffer.getUsers()) {
    if (user == copy.getOperation())
      continue;
    Operation *ancestor = ancestorIn(copy->getBlock(), user);
    if (!ancestor || !ancestor->isBeforeInBlock(copy))
      return false;
    users.push_back(user);
    if (isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(user)) {
      if (!collectStagingUsers(user->getResult(0), copy, users))
        return false;
    } else if (!isa<linalg::LinalgOp, memref::CopyOp>(user)) {
      return false;
    }
  }
  return true;
}

/// Whether nothing but the copy into it touches elements [offset, offset + size) of local buffer `flat` before
/// `copy`: every other subview of it is disjoint or unused, every other user comes after the copy.
bool untouchedBefore(memref::AllocOp flat, int64_t offset, int64_t size, memref::CopyOp copy) {
  Block *block = copy->getBlock();
  for (Operation *user : flat->getUsers()) {
    auto subview = dyn_cast<memref::SubViewOp>(user);
    if (!subview) {
      Operation *ancestor = ancestorIn(block, user);
      if (!ancestor || !copy->isBeforeInBlock(ancestor))
        return false;
      continue;
    }
    std::optional<Place> part = placeOf(subview.getResult());
    auto type = cast<MemRefType>(subview.getType());
    if (!part || !type.hasStaticShape())
      return false;
    bool disjoint = part->offset + type.getNumElements() <= offset || offset + size <= part->offset;
    bool copiesInto = subview->hasOneUse() && *subview->getUsers().begin() == copy.getOperation();
    if (!disjoint && !copiesInto && !subview->use_empty())
      return false;
  }
  return true;
}

/// `oldValue`'s users read `newValue` (the same elements, another layout) instead; reshapes are rebuilt so that
/// their result types follow the new layout. `skip` (the copy) keeps its operands.
void redirect(OpBuilder &b, Value oldValue, Value newValue, Operation *skip, SmallVectorImpl<Operation *> &dead) {
  for (OpOperand &use : llvm::make_early_inc_range(oldValue.getUses())) {
    Operation *user = use.getOwner();
    if (user == skip)
      continue;
    b.setInsertionPoint(user);
    if (auto expand = dyn_cast<memref::ExpandShapeOp>(user)) {
      auto rebuilt = memref::ExpandShapeOp::create(b, expand.getLoc(), expand.getResultType().getShape(), newValue,
                                                   expand.getReassociationIndices());
      redirect(b, expand.getResult(), rebuilt.getResult(), skip, dead);
      dead.push_back(expand);
    } else if (auto collapse = dyn_cast<memref::CollapseShapeOp>(user)) {
      auto rebuilt =
          memref::CollapseShapeOp::create(b, collapse.getLoc(), newValue, collapse.getReassociationIndices());
      redirect(b, collapse.getResult(), rebuilt.getResult(), skip, dead);
      dead.push_back(collapse);
    } else {
      use.set(newValue);
    }
  }
}

/// `copy` moves a whole staging alloc into a part of a local flat buffer that nothing else touches before it: the
/// staging buffer's users get that part, and the copy goes.
void dropStaging(memref::CopyOp copy) {
  std::optional<Place> from = placeOf(copy.getSource()), to = placeOf(copy.getTarget());
  if (!from || !to || from->offset != 0)
    return;
  auto staging = from->root.getDefiningOp<memref::AllocOp>();
  auto flat = to->root.getDefiningOp<memref::AllocOp>();
  if (!staging || !flat || staging == flat || staging->getBlock() != copy->getBlock() ||
      flat->getBlock() != copy->getBlock() || !flat->isBeforeInBlock(staging))
    return;
  MemRefType stagingType = staging.getType(), flatType = flat.getType();
  if (!stagingType.hasStaticShape() || !stagingType.getLayout().isIdentity() || !flatType.hasStaticShape() ||
      flatType.getRank() != 1 || !flatType.getLayout().isIdentity() ||
      cast<MemRefType>(copy.getSource().getType()).getNumElements() != stagingType.getNumElements())
    return;
  int64_t size = stagingType.getNumElements();
  SmallVector<Operation *> users;
  if (!collectStagingUsers(staging.getResult(), copy, users) || !untouchedBefore(flat, to->offset, size, copy))
    return;
  // The part of the flat buffer, shaped as the staging buffer.
  OpBuilder b(staging);
  Value part = memref::SubViewOp::create(b, staging.getLoc(), flat.getResult(), ArrayRef<int64_t>{to->offset},
                                         ArrayRef<int64_t>{size}, ArrayRef<int64_t>{1});
  if (stagingType.getRank() != 1) {
    ReassociationIndices all;
    for (int64_t d = 0; d < stagingType.getRank(); ++d)
      all.push_back(d);
    part = memref::ExpandShapeOp::create(b, staging.getLoc(), stagingType.getShape(), part,
                                         ArrayRef<ReassociationIndices>{all});
  }
  SmallVector<Operation *> dead;
  redirect(b, staging.getResult(), part, copy, dead);
  copy.erase(); // the last reader of the old reshapes, which `dead` holds users first
  for (Operation *op : dead)
    op->erase();
  staging.erase();
}

/// Loops that carry a buffer they only update in place (a weight gradient summed over batch slices by
/// lepton-slice-patches, after bufferization) carry nothing: the buffer is used directly, so its users are
/// plain ops that dropStaging can redirect.
void stopCarryingBuffers(func::FuncOp fn) {
  SmallVector<Operation *> loops;
  fn.walk([&](scf::ForOp loop) {
    if (llvm::any_of(loop.getInitArgs(), [](Value v) { return isa<MemRefType>(v.getType()); }))
      loops.push_back(loop);
  });
  if (loops.empty())
    return;
  RewritePatternSet patterns(fn.getContext());
  scf::ForOp::getCanonicalizationPatterns(patterns, fn.getContext());
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::ExistingOps);
  (void)applyOpPatternsGreedily(loops, std::move(patterns), config);
}

struct LeptonDropStagingBuffersPass : lepton::impl::LeptonDropStagingBuffersBase<LeptonDropStagingBuffersPass> {
  void runOnOperation() override {
    stopCarryingBuffers(getOperation());
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies)
      dropStaging(copy);
  }
};

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
