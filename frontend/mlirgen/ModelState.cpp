// ModelState.cpp — a model's tensors as globals or one heap block, their init and checkpoint set.
#include "frontend/mlirgen/ModelState.h"

#include "runtime/embed/lepton_embed.h"

#include "ir/Attributes.h"
#include "ir/Int8Layout.h"
#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

lepton::ModelState::ModelState(GenContext &ctx, const ast::Model &model, std::string prefix)
    : model(model), prefix(std::move(prefix)), ctx(ctx),
      params(modelParameters(model)) {
  for (const Parameter &param : params)
    addTensor(param.name, param.shape(), kParameterBlock);
  // Layer state (batchnorm's running statistics): named like the layer's parameters, saved in
  // checkpoints beside them.
  for (const Parameter &param : params) {
    const LayerEntry *entry = findLayerEntry(param.layer->kind);
    if (!entry->state || llvm::any_of(layerStates, [&](const LayerState &s) {
          return s.layer == param.layer;
        }))
      continue;
    std::string layerName = param.name.substr(0, param.name.rfind('_' + param.spec.role));
    for (const LayerStateSpec &spec : entry->state(*param.layer)) {
      layerStates.push_back({param.layer, layerName + "_" + spec.role, spec.shape, spec.initial});
      addCheckpointTensor(layerStates.back().name, spec.shape);
    }
  }
}

SmallVector<std::string> lepton::ModelState::layerStateNames(const ast::Layer &layer) const {
  SmallVector<std::string> names;
  for (const LayerState &s : layerStates)
    if (s.layer == &layer)
      names.push_back(s.name);
  return names;
}

SmallVector<Value> lepton::ModelState::layerState(const ast::Layer &layer, bool writable) {
  SmallVector<Value> values;
  for (const std::string &name : layerStateNames(layer))
    values.push_back(tensor(name, writable));
  return values;
}

int64_t lepton::ModelState::Tensor::bytes() const {
  return ast::saturatingMul(ast::numElements(shape), elementBytes());
}

namespace {
/// `bytes` rounded up to a multiple of kStateAlignment.
int64_t alignUp(int64_t bytes) {
  using namespace lepton;
  return ast::saturatingMul(ast::saturatingAdd(bytes, kStateAlignment - 1) / kStateAlignment, kStateAlignment);
}
} // namespace

void lepton::ModelState::addTensor(StringRef name, ArrayRef<int64_t> shape, StringRef block) {
  Tensor t{name.str(), SmallVector<int64_t, 4>(shape)};
  if (!block.empty()) {
    auto it = llvm::find_if(blocks, [&](const StateBlock &b) { return b.name == block; });
    if (it == blocks.end())
      it = blocks.insert(blocks.end(), StateBlock{block.str()});
    t.block = static_cast<int>(it - blocks.begin());
    t.offset = alignUp(it->bytes);
    it->bytes = ast::saturatingAdd(t.offset, t.bytes());
  }
  tensors.push_back(std::move(t));
}

std::vector<lepton::ModelState::Unit> lepton::ModelState::units() const {
  std::vector<Unit> out;
  std::vector<bool> placed(blocks.size(), false);
  int64_t end = 0;
  auto place = [&](int block, int tensor, int64_t bytes) {
    int64_t at = alignUp(end);
    out.push_back({block, tensor, at});
    end = ast::saturatingAdd(at, bytes);
  };
  for (auto [i, t] : llvm::enumerate(tensors)) {
    if (t.block < 0)
      place(-1, static_cast<int>(i), t.bytes());
    else if (!placed[t.block]) {
      placed[t.block] = true;
      place(t.block, -1, blocks[t.block].bytes);
    }
  }
  return out;
}

int64_t lepton::ModelState::heapOffset(int block, int tensor) const {
  for (const Unit &u : units())
    if (block >= 0 ? u.block == block : u.tensor == tensor)
      return u.heapOffset;
  llvm::report_fatal_error("internal error: model state unit not found");
}

void lepton::ModelState::addCheckpointTensor(StringRef name, ArrayRef<int64_t> shape) {
  addTensor(name, shape);
  tensors.back().inCheckpoint = true;
}

void lepton::ModelState::addDerivedTensor(StringRef name, ArrayRef<int64_t> shape, Element element) {
  addTensor(name, shape);
  tensors.back().inCheckpoint = tensors.back().derived = true;
  tensors.back().element = element;
}

SmallVector<int64_t, 2> lepton::ModelState::int8Shape(const Parameter &weight) {
  int64_t columns = weight.shape().back();
  return {weight.numElements() / columns, columns};
}

SmallVector<int64_t, 2> lepton::ModelState::int8PackedShape(const Parameter &weight) {
  SmallVector<int64_t, 2> matrix = int8Shape(weight);
  return lepton::int8PackedShape(matrix[0], matrix[1]);
}

void lepton::ModelState::addInt8State() {
  if (!int8Weights.empty())
    return;
  for (const Parameter &param : params)
    if (param.spec.role == "weight" &&
        (param.layer->kind == LayerKind::Dense || param.layer->kind == LayerKind::Conv2D))
      int8Weights.push_back(&param);
  for (const Parameter *weight : int8Weights) {
    // As the lepton.dense reads it (a conv2d weight (kh, kw, cin, cout) as a (kh·kw·cin, cout) matrix),
    // packed for the int8 kernel (ir/Int8Layout.h).
    SmallVector<int64_t, 2> matrix = int8Shape(*weight);
    addDerivedTensor(int8Name(*weight), int8PackedShape(*weight), Element::S8);
    addDerivedTensor(int8ScaleName(*weight), {matrix[1]}, Element::F32);
    addDerivedTensor(int8SumsName(*weight), {matrix[1]}, Element::S32);
  }
  if (!int8Weights.empty())
    addDerivedTensor(kInt8Ranges, {static_cast<int64_t>(int8Weights.size())}, Element::F32);
}

Type lepton::ModelState::elementType(const Tensor &t) const {
  switch (t.element) {
  case Element::S8: return ctx.b.getI8Type();
  case Element::S32: return ctx.b.getI32Type();
  case Element::F32: break;
  }
  return ctx.b.getF32Type();
}

int64_t lepton::ModelState::bytes() const {
  std::vector<Unit> all = units();
  if (all.empty())
    return 0;
  const Unit &last = all.back();
  return ast::saturatingAdd(last.heapOffset, last.block >= 0 ? blocks[last.block].bytes
                                                              : tensors[last.tensor].bytes());
}

const lepton::ModelState::Tensor &lepton::ModelState::find(StringRef name) const {
  for (const Tensor &t : tensors)
    if (t.name == name)
      return t;
  llvm::report_fatal_error("internal error: model state has no tensor " + name);
}

void lepton::ModelState::emitStorage(bool onHeap) {
  OpBuilder &b = ctx.b;
  heap = onHeap;
  b.setInsertionPointToEnd(ctx.module.getBody());
  if (heap) {
    // One pointer, set by emitAllocate(); every tensor is a view at its offset.
    auto global = LLVM::GlobalOp::create(b, ctx.loc, ctx.ptrType(), /*isConstant=*/false,
                                         LLVM::Linkage::Internal, ctx.symbol(prefix + "memory"),
                                         Attribute());
    Block *init = b.createBlock(&global.getInitializerRegion());
    b.setInsertionPointToStart(init);
    LLVM::ReturnOp::create(b, ctx.loc, ValueRange{LLVM::ZeroOp::create(b, ctx.loc, ctx.ptrType())});
    return;
  }
  for (const Unit &u : units()) {
    if (u.block >= 0) { // bytes, viewed as each tensor (buffer())
      const StateBlock &block = blocks[u.block];
      auto type = MemRefType::get({block.bytes}, b.getI8Type());
      memref::GlobalOp::create(b, ctx.loc, b.getStringAttr(ctx.symbol(prefix + block.name + "_block")),
                               b.getStringAttr("private"), TypeAttr::get(type),
                               DenseElementsAttr::get(RankedTensorType::get({block.bytes}, b.getI8Type()),
                                                      int8_t(0)),
                               /*constant=*/nullptr, b.getI64IntegerAttr(kStateAlignment));
      continue;
    }
    const Tensor &t = tensors[u.tensor];
    auto type = MemRefType::get(t.shape, elementType(t));
    auto tensorType = RankedTensorType::get(t.shape, elementType(t));
    auto zeros = t.element == Element::S8    ? DenseElementsAttr::get(tensorType, int8_t(0))
                 : t.element == Element::S32 ? DenseElementsAttr::get(tensorType, int32_t(0))
                                             : DenseElementsAttr::get(tensorType, 0.0f);
    memref::GlobalOp::create(b, ctx.loc, b.getStringAttr(ctx.symbol(prefix + t.name)),
                             b.getStringAttr("private"), TypeAttr::get(type), zeros,
                             /*constant=*/nullptr, b.getI64IntegerAttr(kStateAlignment));
  }
}

void lepton::ModelState::emitAllocate() {
  // Heap models only: the block is requested before anything else runs, so a machine without
  // the memory fails at once (exit 5) naming what the model needs.
  if (!heap)
    return;
  OpBuilder &b = ctx.b;
  Value memory = ctx.call(RuntimeFn::lepton_model_memory,
                          {ctx.i64(bytes()), ctx.i64(model.numParams), ctx.string(model.name)});
  Value slot = LLVM::AddressOfOp::create(b, ctx.loc, ctx.ptrType(), ctx.symbol(prefix + "memory"));
  LLVM::StoreOp::create(b, ctx.loc, memory, slot);
}

Value lepton::ModelState::heapView(MemRefType type, int64_t offset) {
  // A memref over base + offset: the descriptor built in the LLVM dialect and cast to the memref
  // type; lowering to LLVM folds the cast away (reconcile-unrealized-casts).
  OpBuilder &b = ctx.b;
  mlir::Location loc = ctx.loc;
  Type i64 = b.getI64Type(), ptr = ctx.ptrType();
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = shape.size();
  auto array = LLVM::LLVMArrayType::get(i64, rank);
  auto descType = LLVM::LLVMStructType::getLiteral(b.getContext(), {ptr, ptr, i64, array, array});
  Value slot = LLVM::AddressOfOp::create(b, loc, ptr, ctx.symbol(prefix + "memory"));
  Value base = LLVM::LoadOp::create(b, loc, ptr, slot);
  Value at = base;
  if (offset)
    at = LLVM::GEPOp::create(b, loc, ptr, b.getI8Type(), base, ValueRange{ctx.i64(offset)});
  Value desc = LLVM::PoisonOp::create(b, loc, descType);
  desc = LLVM::InsertValueOp::create(b, loc, desc, at, ArrayRef<int64_t>{0});
  desc = LLVM::InsertValueOp::create(b, loc, desc, at, ArrayRef<int64_t>{1});
  desc = LLVM::InsertValueOp::create(b, loc, desc, ctx.i64(0), ArrayRef<int64_t>{2});
  int64_t stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    desc = LLVM::InsertValueOp::create(b, loc, desc, ctx.i64(shape[d]), ArrayRef<int64_t>{3, d});
    desc = LLVM::InsertValueOp::create(b, loc, desc, ctx.i64(stride), ArrayRef<int64_t>{4, d});
    stride *= shape[d];
  }
  return UnrealizedConversionCastOp::create(b, loc, TypeRange{type}, ValueRange{desc}).getResult(0);
}

Value lepton::ModelState::buffer(StringRef name) {
  const Tensor &t = find(name);
  int index = static_cast<int>(&t - tensors.data());
  auto type = MemRefType::get(t.shape, elementType(t));
  if (t.block < 0) {
    if (heap)
      return heapView(type, heapOffset(-1, index));
    return memref::GetGlobalOp::create(ctx.b, ctx.loc, type, ctx.symbol(prefix + t.name));
  }
  const StateBlock &block = blocks[t.block];
  auto blockType = MemRefType::get({block.bytes}, ctx.b.getI8Type());
  Value bytes = heap ? heapView(blockType, heapOffset(t.block, -1))
                     : memref::GetGlobalOp::create(ctx.b, ctx.loc, blockType,
                                                   ctx.symbol(prefix + block.name + "_block"))
                           .getResult();
  Value shift = arith::ConstantIndexOp::create(ctx.b, ctx.loc, t.offset);
  return memref::ViewOp::create(ctx.b, ctx.loc, type, bytes, shift, ValueRange{});
}

std::string lepton::ModelState::globalOf(StringRef name) const {
  const Tensor &t = find(name);
  return ctx.symbol(prefix + (t.block < 0 ? t.name : blocks[t.block].name + "_block"));
}

Value lepton::ModelState::tensor(StringRef name, bool writable) {
  Value memref = buffer(name);
  auto type = cast<MemRefType>(memref.getType());
  return bufferization::ToTensorOp::create(
      ctx.b, ctx.loc, RankedTensorType::get(type.getShape(), type.getElementType()), memref,
      ctx.b.getUnitAttr(), writable ? ctx.b.getUnitAttr() : UnitAttr());
}

void lepton::ModelState::writeBack(Value value, StringRef name) {
  auto store =
      bufferization::MaterializeInDestinationOp::create(ctx.b, ctx.loc, value, buffer(name));
  store.setRestrict(true);
  store.setWritable(true);
}

SmallVector<Value> lepton::ModelState::parameterTensors(bool writable) {
  SmallVector<Value> values;
  for (const Parameter &param : params)
    values.push_back(tensor(param.name, writable));
  return values;
}

void lepton::ModelState::emitInit() {
  // init(seed): parameter i draws from RNG stream i + 1 of the seed (stream 0 is shuffling),
  // in every model: a model starts as it would in a pipeline of its own with that seed.
  OpBuilder &b = ctx.b;
  func::FuncOp fn = ctx.beginFunction(initSymbol(), {b.getI64Type()}, {}, /*isPublic=*/true);
  Value seed = fn.getArgument(0);
  for (auto [i, param] : llvm::enumerate(params)) {
    const ParameterSpec &spec = param.spec;
    double bound = 1.0 / std::sqrt(static_cast<double>(spec.fanIn)); // nn.Linear, nn.Conv2d
    Initializer init = param.layer->init != Initializer::Default ? param.layer->init : model.init;
    if (spec.isBias && init != Initializer::Default)
      bound = 0;
    else if (init == Initializer::He)
      bound = std::sqrt(6.0 / spec.fanIn);
    else if (init == Initializer::Glorot)
      bound = std::sqrt(6.0 / (spec.fanIn + spec.fanOut));
    else if (init == Initializer::Zeros)
      bound = 0;
    double lo = -bound, hi = bound;
    if (spec.constant) // fixed start (batchnorm's γ = 1, β = 0)
      lo = hi = *spec.constant;
    int64_t stream = static_cast<int64_t>(i) + 1;
    ctx.call(RuntimeFn::lepton_rng_fill_uniform,
             {ctx.pointer(buffer(param.name)), ctx.i64(param.numElements()), seed,
              ctx.i64(stream), ctx.i64(0), ctx.f32(lo), ctx.f32(hi)});
  }
  for (const LayerState &s : layerStates) // running statistics start at their initial values
    ctx.call(RuntimeFn::lepton_rng_fill_uniform,
             {ctx.pointer(buffer(s.name)), ctx.i64(ast::numElements(s.shape)), seed, ctx.i64(0),
              ctx.i64(0), ctx.f32(s.initial), ctx.f32(s.initial)});
  ObjectApiGen::markLoaded(ctx); // exported functions may run from here on
  func::ReturnOp::create(b, ctx.loc);
}

void lepton::ModelState::addToTensorSet(Value set, StringRef namePrefix) {
  // The parameters, then the statistics that preprocessing needs to reproduce the training data.
  auto add = [&](StringRef name, ArrayRef<int64_t> shape) {
    Value dims = ctx.shapeArray(shape);
    ctx.call(RuntimeFn::lepton_tensor_set_add,
             {set, ctx.string((namePrefix + name).str()), ctx.pointer(buffer(name)),
              ctx.i32(shape.size()), ctx.pointer(dims)});
  };
  for (const Parameter &param : params)
    add(param.name, param.shape());
  for (const Tensor &t : tensors)
    if (t.inCheckpoint && !t.derived)
      add(t.name, t.shape);
  // Derived tensors (int8 state) last, typed: the file is then version 2 (docs/abi.md).
  for (const Tensor &t : tensors)
    if (t.derived) {
      Value dims = ctx.shapeArray(t.shape);
      ctx.call(RuntimeFn::lepton_tensor_set_add_typed,
               {set, ctx.string((namePrefix + t.name).str()), ctx.pointer(buffer(t.name)),
                ctx.i32(t.element == Element::S8    ? LEPTON_TENSOR_S8
                        : t.element == Element::S32 ? LEPTON_TENSOR_S32
                                                    : LEPTON_TENSOR_F32),
                ctx.i32(LEPTON_TENSOR_DERIVED),
                ctx.i32(t.shape.size()), ctx.pointer(dims)});
    }
}

void lepton::ModelState::appendCheckpointTensors(std::vector<CheckpointTensor> &out, StringRef namePrefix,
                                                 bool derivedRequired) {
  auto add = [&](StringRef name, ArrayRef<int64_t> shape, Element element, bool required) {
    int32_t type = element == Element::S8    ? LEPTON_EMBED_S8
                   : element == Element::S32 ? LEPTON_EMBED_S32
                                             : LEPTON_EMBED_F32;
    std::string own = name.str();
    out.push_back({(namePrefix + name).str(), globalOf(own), find(own).offset, [this, own] { return buffer(own); }, type,
                   SmallVector<int64_t, 4>(shape), required});
  };
  for (const Parameter &param : params)
    add(param.name, param.shape(), Element::F32, true);
  for (const Tensor &t : tensors)
    if (t.inCheckpoint && !t.derived)
      add(t.name, t.shape, t.element, true);
  for (const Tensor &t : tensors)
    if (t.derived)
      add(t.name, t.shape, t.element, derivedRequired);
}

std::string lepton::ModelState::signature() const {
  // Everything that decides which tensors a checkpoint holds and what they mean.
  std::string sig = ctx.program.pipelineName + ":" + model.name + ":f32" +
                    ast::formatShape(model.input.shape);
  for (const ast::Layer &layer : model.layers)
    sig += ">" + findLayerEntry(layer.kind)->describe(layer, /*forSignature=*/true);
  sig.erase(std::remove(sig.begin(), sig.end(), ' '), sig.end());
  return sig;
}

std::string lepton::ModelState::layersText() const {
  std::string text;
  for (const ast::Layer &layer : model.layers)
    text += findLayerEntry(layer.kind)->describe(layer, /*forSignature=*/false) + "  " +
            ast::formatShape(layer.inputShape) + " -> " + ast::formatShape(layer.outputShape) +
            "  " + std::to_string(layer.numParams) + " parameters\n";
  text += "total: " + std::to_string(model.numParams) + " trainable parameters";
  return text;
}
