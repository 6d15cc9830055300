// ObjectApiGen.h — the C API every compiled pipeline has besides its exports: loading weights, status codes, errors.
#ifndef LEPTON_FRONTEND_MLIRGEN_OBJECTAPIGEN_H
#define LEPTON_FRONTEND_MLIRGEN_OBJECTAPIGEN_H

#include "frontend/mlirgen/GenContext.h"

#include <functional>

namespace lepton {

/// One tensor a checkpoint holds for the pipeline, as the object reads it back.
struct CheckpointTensor {
  std::string name;                    ///< its name in the checkpoint
  std::string global;                  ///< the memref.global holding it
  int64_t offset;                      ///< bytes into that global (a block of several tensors)
  std::function<mlir::Value()> buffer; ///< its storage, as a memref at the builder's insertion point
  int32_t type;                        ///< LEPTON_EMBED_F32 / S8 / S32
  llvm::SmallVector<int64_t, 4> shape;
  bool required; ///< false: a derived tensor the object does not use (int8 state in an f32 build)
};

/// Weights an object derives from the checkpoint's: a first layer's weight and bias with the input's preprocessing
/// folded in (SupervisedTrainer::inputFold, runtime/embed/input_fold.c).
struct InputFoldTensors {
  std::string function;                   ///< the generated function that computes them, called after a load
  std::string weight, bias;               ///< the checkpoint names of the layer's weight and bias ("": none)
  std::string foldedWeight, foldedBias;   ///< the globals they go to (foldedBias "": the bias is not changed)
  int64_t rows, cols;                     ///< the weight as a matrix
  std::vector<float> scale, shift;        ///< per channel
};

/// Generates, for a pipeline whose checkpoint has `signature` and `tensors`:
///   - `<p>_load(path)`, `<p>_load_memory(data, size)`: check the whole checkpoint, then copy every tensor (a
///     failed load changes nothing), and mark the weights loaded;
///   - `<p>_last_error()`: this thread's last failure as text;
///   - the header's status codes (`<P>_OK`, `<P>_ERROR_ARGUMENT`, …: runtime/embed/lepton_embed.h).
/// And for every exported function (`checkExport`): a public wrapper that refuses null pointers, a count below 1
/// and unloaded weights with a status code before it calls the export's body.
class ObjectApiGen {
public:
  ObjectApiGen(GenContext &ctx, std::string signature, std::vector<CheckpointTensor> tensors,
               std::vector<InputFoldTensors> folds = {});

  /// The load functions and `<p>_last_error()`; with `--weights FILE` (ctx.frozenWeights) instead the file's
  /// tensors as the globals' constant values, checked like a load (errors reported, at no location, to
  /// ctx.diags), and only `<p>_last_error()`.
  void emitLoadFunctions();

  /// Makes `body` (a finished function with the export's C attributes, returning an i32 status) private under the
  /// name `<name>_body` and emits the public function `name` that checks its arguments and calls it.
  static void checkExport(GenContext &ctx, mlir::func::FuncOp body);

  /// Marks the weights present (the init functions of programs that train, and a successful load).
  static void markLoaded(GenContext &ctx);

private:
  void freeze();
  void emitLastError();
  static mlir::Value loadedFlag(GenContext &ctx);
  static void setDoc(GenContext &ctx, mlir::func::FuncOp fn, llvm::StringRef doc,
                     llvm::ArrayRef<std::pair<const char *, const char *>> args);
  GenContext &ctx;
  std::string signature;
  std::vector<CheckpointTensor> tensors;
  std::vector<InputFoldTensors> folds;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_OBJECTAPIGEN_H
