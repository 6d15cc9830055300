// SupervisedTrainer.h — one `train` block as native code: loss, step, evaluation, epochs, predict.
#ifndef LEPTON_FRONTEND_MLIRGEN_SUPERVISEDTRAINER_H
#define LEPTON_FRONTEND_MLIRGEN_SUPERVISEDTRAINER_H

#include "frontend/mlirgen/GenContext.h"
#include "frontend/mlirgen/ModelGen.h"
#include "frontend/mlirgen/ModelState.h"
#include "frontend/mlirgen/OptimizerGen.h"

#include <optional>

namespace lepton {
class DiagnosticEngine;

/// Reports every construct of a train block code generation cannot handle yet.
bool checkSupervisedSupported(const ast::Train &train, DiagnosticEngine &diags);

/// Generates one train block of a supervised model, a client of the model's state. All shapes
/// are static with batch = the block's `batch`: a last partial batch is padded and its padding
/// rows weigh 0 in the loss. Functions, named `__lepton_<p>_<tag>…` (`tag` is empty when the
/// pipeline has one train block, else `<model>_`):
///   - `loss(params…, x, labels, weights, key)`: the model's forward pass and loss (private),
///   - `train_step(x, labels, weights, lr, step, key, logits) -> loss`: `lepton.grad` of `loss`
///     and the optimizer update written back into the model state; the batch's logits,
///   - `predict_batch(x, logits)`, `preprocess(raw)` (and `preprocess_validation`),
///   - `augment(raw, x, …)` on training batches and, when a `random_crop` changes the sample's
///     size, `center_crop(raw, x)` on the others (`raw` is the preprocessed sample before the
///     crop; without such a crop it is `x` itself),
///   - `train(cli, epochs, seed, progress flags) -> progress`: data, epochs, batches, evaluation
///     (TrainingLoopGen.cpp); the caller initialises, loads, saves and reports,
///   - `predict_samples(cli, output)`: `predict`'s samples through preprocessing and the model,
///   - per export of the model, the C function `<p>_NAME` (ExportGen.cpp).
class SupervisedTrainer {
public:
  SupervisedTrainer(GenContext &ctx, const ast::Train &train, ModelState &state, std::string tag);

  const ast::Train &train;
  ModelState &state;

  void emitStepFunctions();
  void emitTrain();
  void emitPredictSamples();
  void emitExport(const ast::Export &exp);
  /// The C type of one value of a raw sample as the data set stores it: uint8_t for IDX images, float else.
  bool rawSamplesAreBytes() const;

  /// The target asks for int8 inference (`quantize: int8(calibrate: N)`) and the model has layers to
  /// quantize: evaluation's final figures, `predict` and exports then use the int8 model
  /// (QuantizeGen.cpp): `calibrate_batch`/`calibrate_row(x)`, `quantize_weights()`,
  /// `quantize(dataset)` (both, from the data set's first N samples), `predict_batch_int8(x, y)`.
  bool quantized() const;
  /// `quantize_from_training_data()`, for `predict` after loading a checkpoint without int8 state.
  void emitQuantizeFromTrainingData();

  /// The training flow's `scale`/`normalize` folded into the first layer's weights for inference (InputFoldGen.cpp):
  /// `predict` and the raw exports then feed the layer the raw values, and `fold_input()` computes its weight (and,
  /// when the preprocessing shifts, its bias) once after training or a load. Planned by `planInputFold()` for the
  /// model's first train block when fusion is on, the model f32, the flow per-channel affine and the first
  /// computing layer a dense layer or a convolution that the fold keeps exact (no padding to shift).
  struct InputFold {
    const Parameter *weight = nullptr, *bias = nullptr; ///< the layer's (bias null without one)
    std::vector<float> scale, shift;                    ///< per channel: preprocessed = raw · scale + shift
    bool foldsBias = false;                             ///< some shift is not 0: the bias changes too
    int64_t rows = 0, cols = 0;                         ///< the weight as a matrix (conv: kh·kw·cin × filters)
    std::string weightName() const { return weight->name + "_input_folded"; }
    std::string biasName() const { return bias->name + "_input_folded"; }
  };
  void planInputFold();
  const std::optional<InputFold> &inputFold() const { return fold; }

  std::string symbol(llvm::StringRef suffix) const { return ctx.symbol(tag + suffix.str()); }
  /// The block's settings as JSON fields (without braces) for reports.
  std::string settingsFields() const;
  std::string reportTitle() const;
  int64_t outputs() const { return numOutputs; }

  /// What the loss compares the outputs with: class indices (cross_entropy), one-hot rows of the
  /// class (mse/huber on class data), the class as 0/1 (binary_cross_entropy), or regression
  /// targets (mse/huber on `targets:` data).
  enum class Targets { ClassIndex, OneHot, Binary, Regression };

private:
  // TrainStepGen.cpp
  void emitLossFunction();
  void emitEvalLoss();
  void emitMakeTargets();
  mlir::Value lossOp(mlir::Value outputs, mlir::Value target, mlir::Value weights);
  mlir::Value runningAverage(mlir::Value running, mlir::Value batchValue, double momentum);
  ForwardExtras inferenceExtras();
  void emitTrainStep();
  void emitPredictBatch();
  /// `name(x, y)`: the forward pass in evaluation mode on exactly `rows` samples; with
  /// `stackScratch` its intermediate buffers live on the stack (no allocation per call).
  /// With `foldedInput`, x is the raw flow and the first layer reads the folded weights (inputFold()).
  void emitInference(llvm::StringRef name, int64_t rows, bool stackScratch, bool int8 = false,
                     bool foldedInput = false);
  // InputFoldGen.cpp
  void emitFoldInput();
  // QuantizeGen.cpp
  void emitQuantizeFunctions();
  void emitCalibration(llvm::StringRef name, int64_t rows);
  void emitInt8Inference(llvm::StringRef name, int64_t rows, bool stackScratch);
  mlir::RankedTensorType rangesType() const;
  mlir::func::FuncOp emitExportFunction(const ast::Export &exp, llvm::ArrayRef<int64_t> steps, bool raw);
  mlir::func::FuncOp lookup(llvm::StringRef suffix);
  /// Rows per chunk of an exported call: up to 8 (a register block of the matmul kernel), fewer
  /// when a chunk's intermediate values would pass kStackBudget bytes; 1 means row by row.
  int64_t exportChunkRows() const;
  // PreprocessGen.cpp
  void emitPreprocess(llvm::StringRef name, const ast::DataFlow &flow, size_t upTo = SIZE_MAX, int64_t rows = 0,
                      bool fromBytes = false);
  void emitStatistics();
  /// A preprocessing step whose values come from the training set (standardize, min_max,
  /// fill_missing(mean)): its per-feature statistics, tensors of the model state saved in
  /// checkpoints, computed by `statistics(dataset)` before the first epoch.
  struct StatStep {
    const ast::Transform *transform;
    size_t position; ///< in the training flow's steps
    std::string first, second; ///< tensor names: mean/std, min/max, or the fill value
  };
  std::vector<StatStep> statSteps;
  const StatStep *statStepFor(const ast::Transform *t) const;
  // AugmentGen.cpp
  void emitAugment();
  /// `name(raw, x)` on `rows` samples (0: the batch).
  void emitCenterCrop(llvm::StringRef name = "center_crop", int64_t rows = 0);

  // TrainingLoopGen.cpp
  using BatchBody = llvm::function_ref<llvm::SmallVector<mlir::Value>(
      mlir::Value, mlir::Value, mlir::Value, mlir::ValueRange)>;
  llvm::SmallVector<mlir::Value> forEachBatch(mlir::Value count, mlir::ValueRange init,
                                              BatchBody body);
  void forEachBatch(mlir::Value count, llvm::function_ref<void(mlir::Value, mlir::Value)> body);
  /// A loaded batch of `size` rows: a full one through `wholeBatch()`, a shorter (the last) one row
  /// by row through `eachRow(i)` (i: the row's index), so a model computes exactly the real rows.
  void wholeOrRowByRow(mlir::Value size, llvm::function_ref<void()> wholeBatch,
                       llvm::function_ref<void(mlir::Value)> eachRow);
  /// Row `i` of a (rows, width) buffer as a (1, width) view.
  mlir::Value rowOf(mlir::Value matrix, mlir::Value i, int64_t width);
  mlir::Value loadDataset(const ast::DataFlow &flow);
  mlir::Value loadDatasetDecl(const ast::Dataset &data, bool missingAllowed);
  /// The buffers a batch goes through: preprocessed samples before a size-changing crop (`x`
  /// itself without one), the model's input, class labels, f32 targets (null for class
  /// indices), per-sample weights, the model's outputs.
  struct BatchBuffers {
    /// bytes: a batch of samples as an IDX file stores them (rows × flowSize i8), for `NAME_bytes`.
    mlir::Value raw, x, bytes, labels, targets, weights, logits;
    mlir::Value lossTarget() const { return targets ? targets : labels; }
  };
  BatchBuffers allocateBatch();
  /// Reads and preprocesses a batch into `buf.raw`; unless `augmenting` (the training batches
  /// of a block with an augmentation, whose `augment` fills `buf.x`), also centre-crops it
  /// into `buf.x` when the block crops.
  void loadBatch(mlir::Value dataset, mlir::Value order, mlir::Value start, mlir::Value size,
                 const BatchBuffers &buf, llvm::StringRef preprocess, bool augmenting = false);
  void fillWeights(mlir::Value weights, mlir::Value size, mlir::Value realRowWeight);
  mlir::Value countCorrect(const BatchBuffers &buf, mlir::Value size);
  /// Results over every sample of a data set: accuracy (NaN without classes), mean loss, mean
  /// absolute and squared error (NaN unless regression).
  struct Evaluation {
    mlir::Value accuracy, loss, mae, mse;
  };
  Evaluation evaluate(mlir::Value dataset, const BatchBuffers &buf, llvm::StringRef preprocess,
                      llvm::StringRef predict = "predict_batch");
  std::pair<mlir::Value, mlir::Value>
  trainOneEpoch(mlir::Value data, mlir::Value order, mlir::Value epoch1, mlir::Value firstStep,
                mlir::Value lr, mlir::Value seed, mlir::Value progress, const BatchBuffers &buf);
  mlir::Value learningRate(mlir::Value epoch, mlir::Value epochs);

  // EarlyStopGen.cpp
  /// `early_stop(patience, min_delta:)`: watches the validation loss (the training loss without
  /// `validate:`), keeps a copy of the best epoch's parameters, stops after `patience` epochs
  /// without an improvement of more than `min_delta`, and restores the best weights. Carried
  /// through the epoch loop as (best loss, epochs since best, stopped, best epoch); all no-ops
  /// when the block has no early_stop.
  class EarlyStop {
  public:
    EarlyStop(SupervisedTrainer &trainer, bool watchesValidation);
    bool enabled() const;
    llvm::SmallVector<mlir::Value> initial();
    mlir::Value running(mlir::ValueRange carried);
    llvm::SmallVector<mlir::Value> update(mlir::Value loss, mlir::Value epoch1,
                                          mlir::ValueRange carried, mlir::Value progress);
    void restoreBest(mlir::ValueRange carried);

  private:
    void copyParameters(bool toBest);
    SupervisedTrainer &t;
    bool validation;
    llvm::SmallVector<mlir::Value> best; ///< a copy of each parameter at the best epoch
  };

  GenContext &ctx;
  mlir::OpBuilder &b;
  std::string tag;
  mlir::Location loc;
  ModelGen modelGen;
  OptimizerGen optimizer;
  int64_t batch, sampleSize, numOutputs;
  /// Values per sample after preprocessing (the data flow's shape); differs from `sampleSize`
  /// (the model's input) only when `crops`.
  int64_t flowSize;
  /// A `random_crop` changes the sample's size: training batches are cropped by `augment`,
  /// the others by `center_crop`, from a separate `flowBuffer`.
  bool crops = false;
  Targets targets;
  int64_t targetWidth = 0; ///< columns of the f32 targets (0 for class indices)
  mlir::RankedTensorType inputType, labelsType, weightsType, logitsType, targetType;
  mlir::MemRefType inputBuffer, flowBuffer, labelsBuffer, weightsBuffer, logitsBuffer, targetBuffer;
  std::optional<InputFold> fold;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_SUPERVISEDTRAINER_H
