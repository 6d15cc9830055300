// ModelState.h — one model's parameters and optimizer state: storage, initialisation, checkpoints.
#ifndef LEPTON_FRONTEND_MLIRGEN_MODELSTATE_H
#define LEPTON_FRONTEND_MLIRGEN_MODELSTATE_H

#include "frontend/mlirgen/GenContext.h"
#include "frontend/mlirgen/ModelGen.h"
#include "frontend/mlirgen/ObjectApiGen.h"

namespace lepton {

/// The state of one model instance, under a symbol prefix (empty when the pipeline has one
/// model, else `<model>_`); a module may hold several (two models, or an online and a target
/// network). Interface:
///   - `parameters()`: the trainable tensors (modelParameters), `addTensor` adds more state
///     (optimizer moments: OptimizerGen); `bytes()` counts all of them;
///   - *blocks*: the parameters live in one contiguous block (`kParameterBlock`), and each optimizer
///     state kind in a block of its own with the same layout (`addTensor(…, block)`), every tensor a
///     `memref.view` at the same 64-byte-aligned offset (kStateAlignment) in each: lepton-fuse then
///     turns the per-parameter updates into one update over whole blocks. Other state (running
///     statistics, preprocessing statistics, int8 state) has a storage unit of its own;
///   - `emitStorage(onHeap)`: one `memref.global` per storage unit, or — for models past what static
///     data can hold — one heap block that `emitAllocate()` requests from the runtime
///     (exit 5 with the parameter count and bytes when it cannot be had);
///   - `buffer(name)` / `tensor(name, writable)` / `writeBack(value, name)`: access in functions;
///   - `emitInit()`: `__lepton_<p>_<prefix>init(seed)`, the random initialisation;
///   - `addToTensorSet(set, namePrefix)`, `signature()`, `layersText()`: checkpoints and reports.
class ModelState {
public:
  ModelState(GenContext &ctx, const ast::Model &model, std::string prefix);

  const ast::Model &model;
  const std::string prefix;

  const std::vector<Parameter> &parameters() const { return params; }
  /// A tensor in storage of its own, or — with `block` — appended to that block (f32 tensors only).
  void addTensor(llvm::StringRef name, llvm::ArrayRef<int64_t> shape, llvm::StringRef block = "");
  static constexpr const char *kParameterBlock = "parameters";
  /// A tensor that is not trained but belongs in checkpoints (preprocessing statistics).
  void addCheckpointTensor(llvm::StringRef name, llvm::ArrayRef<int64_t> shape);
  /// A tensor computed from the others after training or loading (int8 weights, their scales,
  /// activation ranges): saved as *derived* (docs/abi.md), so a checkpoint without it loads too.
  /// Element types of state tensors (the checkpoint's LEPTON_TENSOR_F32/S8/S32).
  enum class Element { F32, S8, S32 };
  void addDerivedTensor(llvm::StringRef name, llvm::ArrayRef<int64_t> shape, Element element);
  int64_t bytes() const;
  bool onHeap() const { return heap; }

  /// int8 state (a target with `quantize: int8(…)`), added once: for each weight that enters a
  /// lepton.dense (dense and conv2d layers, layer order) its s8 copy `<weight>_int8`, per-column
  /// scales `<weight>_int8_scale` and column sums `<weight>_int8_sums` (lepton.quantize_weights'
  /// results), and `int8_ranges`, one calibrated input range per such layer; all derived tensors. `quantizedWeights()` is empty until then.
  void addInt8State();
  const std::vector<const Parameter *> &quantizedWeights() const { return int8Weights; }
  static std::string int8Name(const Parameter &weight) { return weight.name + "_int8"; }
  static std::string int8ScaleName(const Parameter &weight) { return weight.name + "_int8_scale"; }
  static std::string int8SumsName(const Parameter &weight) { return weight.name + "_int8_sums"; }
  /// The (rows, columns) matrix a quantized weight is as its lepton.dense reads it.
  static llvm::SmallVector<int64_t, 2> int8Shape(const Parameter &weight);
  /// Its s8 copy's shape: that matrix packed for the int8 kernel (ir/Int8Layout.h).
  static llvm::SmallVector<int64_t, 2> int8PackedShape(const Parameter &weight);
  static constexpr const char *kInt8Ranges = "int8_ranges";

  void emitStorage(bool onHeap);
  void emitAllocate();
  void emitInit();
  std::string initSymbol() const { return ctx.symbol(prefix + "init"); }

  mlir::Value buffer(llvm::StringRef name);
  /// The memref.global that holds tensor `name` (its block's, for a tensor in a block); static storage only.
  std::string globalOf(llvm::StringRef name) const;
  mlir::Value tensor(llvm::StringRef name, bool writable);
  void writeBack(mlir::Value value, llvm::StringRef name);
  llvm::SmallVector<mlir::Value> parameterTensors(bool writable);

  /// The state tensors of a layer (LayerEntry::state), e.g. batchnorm's running statistics.
  llvm::SmallVector<mlir::Value> layerState(const ast::Layer &layer, bool writable);
  llvm::SmallVector<std::string> layerStateNames(const ast::Layer &layer) const;
  bool hasLayerState() const { return !layerStates.empty(); }

  void addToTensorSet(mlir::Value set, llvm::StringRef namePrefix);
  /// The same tensors, in the same order, for an object's load functions (ObjectApiGen); derived ones are
  /// required when `derivedRequired` (the object computes with them: int8 exports).
  void appendCheckpointTensors(std::vector<CheckpointTensor> &out, llvm::StringRef namePrefix,
                               bool derivedRequired);
  std::string signature() const;
  std::string layersText() const;

private:
  struct Tensor {
    std::string name;
    llvm::SmallVector<int64_t, 4> shape;
    int block = -1;     ///< index into `blocks`, or -1: a storage unit of its own
    int64_t offset = 0; ///< bytes into its block (0 for a unit of its own)
    bool inCheckpoint = false; ///< saved beside the parameters (addCheckpointTensor)
    bool derived = false;      ///< addDerivedTensor
    Element element = Element::F32;
    int64_t elementBytes() const { return element == Element::S8 ? 1 : 4; }
    int64_t bytes() const;
  };
  struct StateBlock {
    std::string name;
    int64_t bytes = 0;
  };
  /// A storage unit: a block, or a tensor outside blocks; `heapOffset` its bytes into the heap block.
  struct Unit {
    int block;  ///< or -1
    int tensor; ///< when block is -1
    int64_t heapOffset;
  };
  /// Units in order of first appearance, each 64-byte aligned in the heap block.
  std::vector<Unit> units() const;
  int64_t heapOffset(int block, int tensor) const;
  mlir::Type elementType(const Tensor &t) const;
  const Tensor &find(llvm::StringRef name) const;
  mlir::Value heapView(mlir::MemRefType type, int64_t offset);

  GenContext &ctx;
  std::vector<Parameter> params;
  struct LayerState {
    const ast::Layer *layer;
    std::string name;
    llvm::SmallVector<int64_t, 1> shape;
    float initial;
  };
  std::vector<LayerState> layerStates;
  std::vector<Tensor> tensors; ///< parameters first, then added state
  std::vector<StateBlock> blocks;
  std::vector<const Parameter *> int8Weights;
  bool heap = false;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_MODELSTATE_H
