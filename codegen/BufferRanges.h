// BufferRanges.h — which buffer a memref view was cut from, and which elements of it: for disjointness checks.
#ifndef LEPTON_CODEGEN_BUFFERRANGES_H
#define LEPTON_CODEGEN_BUFFERRANGES_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include <optional>
#include <utility>

namespace lepton {

/// What a subview or reshape (whose type keeps the offset from its source's start) was made from; else null.
inline mlir::Value offsetKeepingSource(mlir::Operation *def) {
  if (auto subview = mlir::dyn_cast_or_null<mlir::memref::SubViewOp>(def))
    return subview.getSource();
  if (auto expand = mlir::dyn_cast_or_null<mlir::memref::ExpandShapeOp>(def))
    return expand.getSrc();
  if (auto collapse = mlir::dyn_cast_or_null<mlir::memref::CollapseShapeOp>(def))
    return collapse.getSrc();
  return {};
}

/// The buffer a view was cut from, through subviews and reshapes only (their types keep the
/// offset from that buffer's start); null when another view (memref.view, a cast) is on the way.
inline mlir::Value rootOf(mlir::Value v) {
  while (mlir::Operation *def = v.getDefiningOp()) {
    if (mlir::Value source = offsetKeepingSource(def))
      v = source;
    else if (mlir::isa<mlir::ViewLikeOpInterface>(def))
      return {};
    else
      break;
  }
  return v;
}

/// The element range [first, end) a statically shaped view covers in its root buffer.
inline std::optional<std::pair<int64_t, int64_t>> staticRange(mlir::Value v) {
  auto type = mlir::dyn_cast<mlir::MemRefType>(v.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  mlir::SmallVector<int64_t> strides;
  int64_t offset;
  if (mlir::failed(type.getStridesAndOffset(strides, offset)) || mlir::ShapedType::isDynamic(offset))
    return std::nullopt;
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides)) {
    if (mlir::ShapedType::isDynamic(stride) || stride < 0)
      return std::nullopt;
    if (size == 0)
      return std::make_pair(offset, offset);
    last += (size - 1) * stride;
  }
  return std::make_pair(offset, last + 1);
}

/// The static range of `v` or, when its offset or shape is dynamic (a thread's columns), of the
/// nearest view it was cut from: a view's elements lie within its source's.
inline std::optional<std::pair<int64_t, int64_t>> enclosingStaticRange(mlir::Value v) {
  while (true) {
    if (auto range = staticRange(v))
      return range;
    v = offsetKeepingSource(v.getDefiningOp());
    if (!v)
      return std::nullopt;
  }
}

/// The memory a view was cut from through view ops of any kind (memref.view and casts too): an
/// allocation, a global's memref.get_global, or a function argument.
inline mlir::Value baseOf(mlir::Value v) {
  while (auto view = v.getDefiningOp<mlir::ViewLikeOpInterface>())
    v = view.getViewSource();
  return v;
}

/// Whether two bases (baseOf) are different memory: an allocation and anything else, or two globals.
inline bool distinctBases(mlir::Value a, mlir::Value b) {
  if (a == b)
    return false;
  auto isAllocation = [](mlir::Value r) {
    return r.getDefiningOp<mlir::memref::AllocOp>() || r.getDefiningOp<mlir::memref::AllocaOp>();
  };
  if (isAllocation(a) || isAllocation(b))
    return true;
  auto ga = a.getDefiningOp<mlir::memref::GetGlobalOp>(), gb = b.getDefiningOp<mlir::memref::GetGlobalOp>();
  return ga && gb && ga.getName() != gb.getName();
}

/// True when the two buffers cannot share an element: different memory (distinctBases), or static ranges
/// of one buffer that do not meet (the flat gradient vector's slices, or views cut from them).
inline bool disjoint(mlir::Value x, mlir::Value y) {
  if (distinctBases(baseOf(x), baseOf(y)))
    return true;
  mlir::Value rx = rootOf(x), ry = rootOf(y);
  if (!rx || !ry)
    return false;
  auto isAllocation = [](mlir::Value r) {
    return r.getDefiningOp<mlir::memref::AllocOp>() || r.getDefiningOp<mlir::memref::AllocaOp>();
  };
  if (rx != ry)
    return isAllocation(rx) || isAllocation(ry);
  auto a = enclosingStaticRange(x), b = enclosingStaticRange(y);
  return a && b && (a->second <= b->first || b->second <= a->first);
}

} // namespace lepton

#endif // LEPTON_CODEGEN_BUFFERRANGES_H
