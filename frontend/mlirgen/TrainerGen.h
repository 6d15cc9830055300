// TrainerGen.h — generates a `train` declaration as native code: state, step, evaluation, loop.
#ifndef LEPTON_FRONTEND_MLIRGEN_TRAINERGEN_H
#define LEPTON_FRONTEND_MLIRGEN_TRAINERGEN_H

#include "frontend/AST.h"
#include "frontend/mlirgen/ModelGen.h"
#include "frontend/mlirgen/RuntimeCalls.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace lepton {
class DiagnosticEngine;

/// Generates, for pipeline `p` and one train block (all shapes static, batch = the block's
/// `batch`; a last partial batch is padded and its padding rows weigh 0 in the loss) the
/// following, each named `__lepton_p_…` (below shortened to `p_…`) except the exports:
///   - globals `p_<param>` and optimizer state `p_<param>_<m|v|velocity|square_avg|buffer>`,
///   - `p_init(seed)`: parameter initialisation (PyTorch's nn.Linear bounds unless `init:`),
///   - `p_loss(params…, x, labels, weights, key)`: the model's forward pass and loss,
///   - `p_train_step(x, labels, weights, lr, step, key, logits) -> loss`: `lepton.grad` of p_loss
///     and the optimizer update written back into the globals; the batch's logits for accuracy,
///   - `p_predict_batch(x, logits)`, `p_preprocess(x)`, and per `export m as NAME` the C
///     function `p_NAME(const float *x, int64_t n, float *y)` (ExportGen),
///   - `p_run(cli)`, `p_predict(cli)` and `main`: the epoch/batch loop, evaluation, checkpoints,
///     reports (TrainingLoopGen, TrainerIOGen).
class TrainerGen {
public:
  TrainerGen(const ast::Program &program, const ast::Train &train, mlir::ModuleOp module,
             mlir::OpBuilder &builder);

  /// Reports every construct of the train block code generation cannot handle yet.
  bool checkSupported(DiagnosticEngine &diags) const;

  /// Emits everything listed above into the module (`p_run` and `main` only when `withMain`).
  void generate(bool withMain);

private:
  // TrainerGen.cpp: the tensor side.
  void emitGlobals();
  void emitInit();
  void emitLossFunction();
  void emitTrainStep();
  void emitPredictBatch();
  void emitPreprocess(llvm::StringRef name, const ast::DataFlow &flow);
  void emitExport(const ast::Export &exp);
  mlir::func::FuncOp beginFunction(llvm::StringRef symbolName, mlir::TypeRange args,
                                   mlir::TypeRange results, bool isPublic);
  mlir::Value globalBuffer(llvm::StringRef name);
  mlir::Value globalTensor(llvm::StringRef name, bool writable);
  llvm::SmallVector<std::string> optimizerStateNames(const Parameter &param) const;

  // TrainingLoopGen.cpp: the loop around it.
  /// Body of one batch: (start, size, batch index as i64, carried values) → next carried values.
  using BatchBody = llvm::function_ref<llvm::SmallVector<mlir::Value>(
      mlir::Value, mlir::Value, mlir::Value, mlir::ValueRange)>;
  llvm::SmallVector<mlir::Value> forEachBatch(mlir::Value count, mlir::ValueRange init,
                                              BatchBody body);
  void forEachBatch(mlir::Value count, llvm::function_ref<void(mlir::Value, mlir::Value)> body);
  void emitRun();
  void emitMain();
  mlir::Value loadDataset(const ast::DataFlow &flow);
  void loadBatch(mlir::Value dataset, mlir::Value order, mlir::Value start, mlir::Value size,
                 mlir::Value x, mlir::Value labelsPtr, llvm::StringRef preprocess);
  std::pair<mlir::Value, mlir::Value> evaluate(mlir::Value dataset, mlir::Value x,
                                               mlir::Value labels, mlir::Value logits,
                                               llvm::StringRef preprocess);
  std::pair<mlir::Value, mlir::Value>
  trainOneEpoch(mlir::Value data, mlir::Value order, mlir::Value epoch1, mlir::Value firstStep,
                mlir::Value lr, mlir::Value seed, mlir::Value progress, mlir::Value x,
                mlir::Value labels, mlir::Value weights, mlir::Value logits);
  mlir::Value learningRate(mlir::Value epoch, mlir::Value epochs);
  mlir::Value zeroedBuffer(mlir::MemRefType type);

  // TrainerIOGen.cpp: checkpoints, reports and `predict`.
  void emitPredict();
  mlir::Value createTensorSet();
  std::string architectureSignature() const;
  std::string layersText() const;
  std::string settingsFields() const;
  void ifNonNull(mlir::Value pointer, llvm::function_ref<void()> body);
  mlir::Value cliString(mlir::Value cli, llvm::StringRef name);
  mlir::Value shapeArray(llvm::ArrayRef<int64_t> shape);

  std::string symbol(llvm::StringRef suffix) const;       ///< internal: __lepton_p_suffix
  std::string exportSymbol(llvm::StringRef name) const; ///< C API: p_name
  mlir::Value index(int64_t v);
  mlir::Value i64(int64_t v);
  mlir::Value i32(int64_t v);
  mlir::Value f64(double v);

  const ast::Program &program;
  const ast::Train &train;
  const ast::Model &model;
  mlir::ModuleOp module;
  mlir::OpBuilder &b;
  mlir::Location loc;
  ModelGen modelGen;
  RuntimeCalls runtime;
  std::vector<Parameter> params;
  int64_t batch, sampleSize, outputs;
  mlir::RankedTensorType inputType, labelsType, weightsType, logitsType;
  mlir::MemRefType inputBuffer, labelsBuffer, weightsBuffer, logitsBuffer;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_TRAINERGEN_H
