// FuseOptimizerUpdates.cpp — lepton-fuse's last rewrite: a model's per-parameter optimizer updates become one.
#include "ir/Transforms/FuseOptimizerUpdates.h"

#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace {

/// Where a state tensor lives: `memref.view` at a constant byte offset of a `memref.global` of bytes.
struct Slot {
  StringAttr global;
  int64_t offset = 0;
  MemRefType block; ///< the global's type, memref<Bxi8>
  bool operator==(const Slot &o) const { return global == o.global && offset == o.offset; }
};

std::optional<Slot> slotOfBuffer(Value buffer) {
  auto view = buffer.getDefiningOp<memref::ViewOp>();
  if (!view || !view.getSizes().empty())
    return std::nullopt;
  std::optional<int64_t> offset = getConstantIntValue(view.getByteShift());
  auto global = view.getSource().getDefiningOp<memref::GetGlobalOp>();
  if (!offset || !global || !view.getType().getElementType().isF32())
    return std::nullopt;
  return Slot{global.getNameAttr().getAttr(), *offset, global.getType()};
}

/// The slot of a tensor read from model state (`to_tensor restrict writable` of a view).
std::optional<Slot> slotOfTensor(Value tensor) {
  auto read = tensor.getDefiningOp<bufferization::ToTensorOp>();
  if (!read || !read.getRestrict() || !read.getWritable())
    return std::nullopt;
  return slotOfBuffer(read.getBuffer());
}

/// One update op, matched: the parameter and its optimizer state (the tensor operands but the
/// gradient, in operand order, as the results are) and where each is read from and written to.
struct Update {
  Operation *op;
  SmallVector<Value> states;
  SmallVector<Slot> slots;
  SmallVector<bufferization::MaterializeInDestinationOp> stores;
  int64_t elements;
};

std::optional<Update> matchUpdate(Operation *op) {
  Update u{op};
  for (auto [i, operand] : llvm::enumerate(op->getOperands()))
    if (i != 1 && isa<RankedTensorType>(operand.getType()))
      u.states.push_back(operand);
  if (u.states.size() != op->getNumResults())
    return std::nullopt;
  auto type = cast<RankedTensorType>(u.states.front().getType());
  if (!type.hasStaticShape() || type.getRank() < 1)
    return std::nullopt;
  u.elements = type.getNumElements();
  for (auto [state, result] : llvm::zip(u.states, op->getResults())) {
    std::optional<Slot> slot = slotOfTensor(state);
    if (!slot || (!u.slots.empty() && slot->offset != u.slots.front().offset))
      return std::nullopt; // each state at the parameter's offset in its own block
    if (!result.hasOneUse())
      return std::nullopt;
    auto store = dyn_cast<bufferization::MaterializeInDestinationOp>(*result.getUsers().begin());
    std::optional<Slot> written = store ? slotOfBuffer(store.getDest()) : std::nullopt;
    if (!store || store.getSource() != result || !written || !(*written == *slot))
      return std::nullopt; // not written back where it was read from
    u.slots.push_back(*slot);
    u.stores.push_back(store);
  }
  return u;
}

/// Updates that may share one op: same kind, attributes, learning rate and step, same state blocks.
std::string fusionKey(const Update &u) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << u.op->getName() << u.op->getPropertiesAsAttribute() << u.op->getDiscardableAttrDictionary();
  for (Value operand : u.op->getOperands())
    if (!isa<RankedTensorType>(operand.getType()))
      os << '|' << operand.getAsOpaquePointer();
  for (const Slot &s : u.slots)
    os << '|' << s.global.getValue();
  return key;
}

/// True when `updates` (sorted by offset) cover their blocks whole: each starts at the previous end rounded
/// up to kStateAlignment, and the blocks end at the last one's end, so everything else in them is padding.
bool coverBlocks(ArrayRef<Update> updates) {
  int64_t end = 0;
  for (const Update &u : updates) {
    int64_t expected = (end + lepton::kStateAlignment - 1) / lepton::kStateAlignment * lepton::kStateAlignment;
    if (u.slots.front().offset != expected)
      return false;
    end = expected + u.elements * 4;
  }
  for (const Slot &s : updates.front().slots)
    if (s.block.getNumElements() != end || end % 4 != 0)
      return false;
  return true;
}

/// Whether `op` is, or is nested in, an op of `point`'s block before `point`.
bool isBefore(Operation *op, Operation *point) {
  Operation *ancestor = point->getBlock()->findAncestorOpInBlock(*op);
  return ancestor && ancestor->isBeforeInBlock(point);
}

/// Every op that may read the blocks' memory — through any `memref.get_global` of them in the function, its
/// views, the tensors read from those and the tensors that may alias them after bufferization (reshapes,
/// slices, casts) — comes before `point` in its block, the updates and their stores aside: writing the
/// whole blocks there in place cannot change what anything reads. The states' reads feed only their update.
bool readersBefore(ArrayRef<Update> updates, Operation *point) {
  llvm::SmallPtrSet<Operation *, 16> own;
  llvm::SmallPtrSet<Attribute, 4> globals;
  for (const Update &u : updates) {
    own.insert(u.op);
    for (auto store : u.stores)
      own.insert(store);
    for (Value state : ArrayRef<Value>(u.states).drop_front())
      if (!state.hasOneUse())
        return false;
  }
  for (const Slot &s : updates.front().slots)
    globals.insert(s.global);
  SmallVector<Value> worklist;
  point->getParentOp()->walk([&](memref::GetGlobalOp g) {
    if (globals.contains(g.getNameAttr().getAttr()))
      worklist.push_back(g.getResult());
  });
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (own.contains(user))
        continue;
      if (isa<memref::ViewOp, bufferization::ToTensorOp, tensor::CollapseShapeOp, tensor::ExpandShapeOp,
              tensor::ExtractSliceOp, tensor::CastOp, tensor::ReshapeOp>(user)) {
        worklist.append(user->result_begin(), user->result_end());
        continue;
      }
      if (!isBefore(user, point))
        return false;
    }
  }
  return true;
}

/// The whole block `global` as a `tensor<Pxf32>` read for writing, and its memref.
std::pair<Value, Value> wholeBlock(OpBuilder &b, Location loc, const Slot &slot, int64_t elements) {
  Value bytes = memref::GetGlobalOp::create(b, loc, slot.block, slot.global.getValue());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  auto type = MemRefType::get({elements}, b.getF32Type());
  Value view = memref::ViewOp::create(b, loc, type, bytes, zero, ValueRange{});
  Value tensor = bufferization::ToTensorOp::create(b, loc, RankedTensorType::get({elements}, b.getF32Type()), view,
                                                   b.getUnitAttr(), b.getUnitAttr());
  return {tensor, view};
}

/// Erases `op` when nothing reads it, then the view and global read that fed only it.
void eraseDeadChain(Operation *op) {
  while (op && op->use_empty()) {
    Operation *next = op->getNumOperands() ? op->getOperand(0).getDefiningOp() : nullptr;
    op->erase();
    op = next && isa<memref::ViewOp, memref::GetGlobalOp>(next) ? next : nullptr;
  }
}

void fuse(MutableArrayRef<Update> updates) {
  llvm::sort(updates, [](const Update &a, const Update &b) { return a.slots.front().offset < b.slots.front().offset; });
  if (!coverBlocks(updates))
    return;
  Operation *last = updates.front().op;
  for (const Update &u : updates)
    if (last->isBeforeInBlock(u.op))
      last = u.op;
  if (!readersBefore(updates, last))
    return;

  OpBuilder b(last->getContext());
  b.setInsertionPointAfter(last);
  Location loc = b.getFusedLoc(llvm::map_to_vector(updates, [](const Update &u) { return u.op->getLoc(); }));
  int64_t total = updates.front().slots.front().block.getNumElements() / 4;
  auto flatType = RankedTensorType::get({total}, b.getF32Type());

  // The gradients, flattened into one vector laid out as the blocks are (zeros in the padding).
  Value grads = tensor::EmptyOp::create(b, loc, flatType.getShape(), b.getF32Type());
  int64_t at = 0;
  auto insert = [&](Value part, int64_t offset, int64_t size) {
    grads = tensor::InsertSliceOp::create(b, loc, part, grads, ArrayRef<OpFoldResult>{b.getIndexAttr(offset)},
                                          ArrayRef<OpFoldResult>{b.getIndexAttr(size)},
                                          ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  };
  auto padding = [&](int64_t from, int64_t to) {
    if (to == from)
      return;
    auto type = RankedTensorType::get({to - from}, b.getF32Type());
    insert(arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, 0.0f)), from, to - from);
  };
  for (const Update &u : updates) {
    int64_t start = u.slots.front().offset / 4;
    padding(at, start);
    Value g = u.op->getOperand(1);
    auto type = cast<RankedTensorType>(g.getType());
    if (type.getRank() > 1) {
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < type.getRank(); ++d)
        all.front().push_back(d);
      g = tensor::CollapseShapeOp::create(b, loc, g, all);
    }
    insert(g, start, u.elements);
    at = start + u.elements;
  }
  padding(at, total);

  // One update over the whole blocks, written back in place.
  IRMapping mapping;
  SmallVector<Value> views;
  Operation *first = updates.front().op;
  for (auto [state, slot] : llvm::zip(updates.front().states, updates.front().slots)) {
    auto [tensor, view] = wholeBlock(b, loc, slot, total);
    mapping.map(state, tensor);
    views.push_back(view);
  }
  mapping.map(first->getOperand(1), grads);
  Operation *fused = b.clone(*first, mapping);
  fused->setLoc(loc);
  for (auto [result, view] : llvm::zip(fused->getResults(), views)) {
    result.setType(flatType);
    auto store = bufferization::MaterializeInDestinationOp::create(b, loc, result, view);
    store.setRestrict(true);
    store.setWritable(true);
  }

  // The per-parameter updates, their stores and the state reads only they had go.
  for (Update &u : updates) {
    for (auto store : u.stores)
      store.erase();
    u.op->erase();
    for (Value state : ArrayRef<Value>(u.states).drop_front())
      eraseDeadChain(state.getDefiningOp());
  }
}

} // namespace

void lepton::fuseOptimizerUpdates(Operation *root) {
  // Grouped by block (one train step's updates share one) and key, in order of first appearance.
  std::vector<std::pair<std::pair<Block *, std::string>, std::vector<Update>>> groups;
  root->walk([&](Operation *op) {
    if (!isa<AdamUpdateOp, SgdUpdateOp, RmspropUpdateOp>(op))
      return;
    std::optional<Update> u = matchUpdate(op);
    if (!u)
      return;
    std::pair<Block *, std::string> key{op->getBlock(), fusionKey(*u)};
    auto group = llvm::find_if(groups, [&](const auto &g) { return g.first == key; });
    if (group == groups.end())
      group = groups.insert(groups.end(), {key, {}});
    group->second.push_back(std::move(*u));
  });
  for (auto &[key, updates] : groups)
    if (updates.size() > 1)
      fuse(updates);
}
