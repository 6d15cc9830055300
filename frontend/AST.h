// AST.h — Lepton's declarations: syntax as written plus what semantic analysis resolved.
//
// The builder fills the "syntax" part of each node; Sema fills the "resolved" part (kinds,
// numbers in double precision, checked integers, inferred shapes, links between
// declarations). After a successful loadProgram every resolved field is valid, so MLIRGen
// reads only those. Every node carries the Location of its first token.
#ifndef LEPTON_FRONTEND_AST_H
#define LEPTON_FRONTEND_AST_H

#include "frontend/ASTExpr.h"

#include "llvm/ADT/SmallVector.h"

#include <array>
#include <cstdint>

namespace lepton::ast {

// The resolved kinds (Vocabulary.h) are also reachable as ast::LayerKind etc.
using lepton::Activation;
using lepton::AgentKind;
using lepton::AugmentationKind;
using lepton::CompareOp;
using lepton::ElementType;
using lepton::EnvKind;
using lepton::EpsilonKind;
using lepton::FillMode;
using lepton::FlipDirection;
using lepton::Initializer;
using lepton::Isa;
using lepton::LayerKind;
using lepton::LossKind;
using lepton::MetricKind;
using lepton::OptimizerKind;
using lepton::Padding;
using lepton::RegularizerKind;
using lepton::ScheduleKind;
using lepton::SourceKind;
using lepton::StopMetric;
using lepton::TargetKind;
using lepton::TransformKind;

/// Dimensions of one sample (no batch dimension), e.g. [28, 28, 1] in height-width-channel.
using Shape = llvm::SmallVector<int64_t, 4>;

/// `[28, 28, 1]`.
std::string formatShape(llvm::ArrayRef<int64_t> shape);
/// Product of the dimensions (1 for a scalar), saturating at INT64_MAX.
int64_t numElements(llvm::ArrayRef<int64_t> shape);
/// a * b and a + b, saturating instead of overflowing (sizes of absurdly large models).
int64_t saturatingMul(int64_t a, int64_t b);
int64_t saturatingAdd(int64_t a, int64_t b);
/// The shortest decimal text that reads back as `value` ("0.001", "0.00392156862745098").
std::string formatNumber(double value);

/// A tensor type after resolution: `f32[784]`.
struct TensorType {
  ElementType element = ElementType::F32;
  Shape shape;
  Location loc;
};

/// One entry of a `{ … }` block: a step `name(args)` or a setting `name: value`.
struct BlockItem {
  bool isStep = false;
  std::string name; ///< callee of a step, key of a setting
  Location loc;     ///< of the name
  ExprPtr value;    ///< the CallExpr of a step, the value of a setting
  const CallExpr &step() const { return *llvm::cast<CallExpr>(value.get()); }
};

/// A `{ … }` block as written.
struct Block {
  Location open, close;
  std::vector<BlockItem> items;
};

//===----------------------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------------------===//

class Decl {
public:
  enum class Kind { Dataset, Preprocess, Augment, Model, Train, Env, Agent, Export, Target };

  Decl(Kind kind, Location loc) : kind(kind), loc(loc) {}
  virtual ~Decl() = default;
  Kind getKind() const { return kind; }

  const Kind kind;
  Location loc;        ///< the keyword
  std::string name;    ///< empty for train, export, target
  Location nameLoc;
};

/// What a declaration is, in words for messages: "a dataset", "a model", …
llvm::StringRef describeDeclKind(Decl::Kind kind);

// ---- Data ----------------------------------------------------------------------------------

/// `dataset NAME = idx(…)`, `csv(…)`, `npy(…)`, one half of `split(…)`, or `extern dataset`.
struct Dataset : Decl {
  explicit Dataset(Location loc) : Decl(Kind::Dataset, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Dataset; }
  static constexpr Kind ThisKind = Kind::Dataset;

  // Syntax.
  std::shared_ptr<CallExpr> source; ///< shared by both halves of a split
  bool isExtern = false;
  unsigned splitIndex = 0; ///< 0 or 1 for `dataset a, b = split(…)`
  unsigned numNames = 1;   ///< names declared together (`dataset a, b = …`)
  Dataset *firstName = nullptr; ///< the first of the names declared together

  // Resolved.
  SourceKind sourceKind = SourceKind::Idx;
  std::string images, labels; ///< idx, npy: files of samples and labels
  std::string path;           ///< csv
  std::string labelColumn;    ///< csv: by name; empty: see labelIndex
  int64_t labelIndex = -1;    ///< csv: 0-based column; -1 with no name: the last column
  bool header = true;         ///< csv
  Shape sampleShape;
  int64_t classes = 0; ///< number of classes; 0 for regression data
  int64_t targets = 0; ///< regression targets per sample (when classes == 0)
  int64_t limit = 0;   ///< `limit:` read only the first N samples; 0 = all
  Dataset *splitOf = nullptr; ///< split: the dataset divided
  double validFraction = 0;   ///< split: share of samples in the second (validation) half
  int64_t splitSeed = 0;
  bool isValidationPart = false; ///< split: this is the second (validation) half
  bool valid = false;            ///< resolved without errors (Sema bookkeeping)
};

/// One preprocessing step of a `preprocess` block, e.g. `scale(1/255)`.
struct Transform {
  Location loc;
  TransformKind kind = TransformKind::Scale;
  double factor = 1;               ///< scale
  std::vector<double> mean, std;   ///< normalize: one value, or one per channel
  double low = 0, high = 0;        ///< clip
  FillMode fill = FillMode::Zero;  ///< fill_missing
  double fillValue = 0;            ///< fill_missing(value: …)
  int64_t classes = 0;             ///< one_hot
  Shape newShape;                  ///< reshape (as written, -1 resolved per use)
  bool appliesToLabels() const { return kind == TransformKind::OneHot; }
};

/// `preprocess NAME { step… }`: per-sample transforms compiled into the input path.
struct Preprocess : Decl {
  explicit Preprocess(Location loc) : Decl(Kind::Preprocess, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Preprocess; }
  static constexpr Kind ThisKind = Kind::Preprocess;
  Block body;
  std::vector<Transform> steps;
  bool valid = false; ///< every step resolved (Sema bookkeeping)
};

/// One augmentation of an `augment` block, e.g. `random_shift(2)`.
struct Augmentation {
  Location loc;
  AugmentationKind kind = AugmentationKind::RandomShift;
  int64_t pixels = 0;   ///< random_shift: up to this many pixels each way
  int64_t size = 0;     ///< random_crop: square crop side
  int64_t padding = 0;  ///< random_crop(pad:)
  FlipDirection flip = FlipDirection::Horizontal;
  double stddev = 0;    ///< gaussian_noise
};

/// `augment NAME { step… }`: applied to training batches only, after preprocessing.
struct Augment : Decl {
  explicit Augment(Location loc) : Decl(Kind::Augment, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Augment; }
  static constexpr Kind ThisKind = Kind::Augment;
  Block body;
  std::vector<Augmentation> steps;
  bool valid = false; ///< every step resolved (Sema bookkeeping)
};

/// One step of a data flow `dataset | block | …` with the sample shape after it.
struct FlowStep {
  const Preprocess *block = nullptr;
  const Transform *transform = nullptr;
  Shape shape;
};

/// `fashion_train | pixels`: a dataset and preprocess blocks, with inferred shapes.
struct DataFlow {
  // Syntax.
  Location loc;
  std::vector<std::pair<std::string, Location>> stages;
  // Resolved.
  Dataset *dataset = nullptr;
  std::vector<Preprocess *> blocks;
  std::vector<FlowStep> steps; ///< every transform of every block, in order
  Shape sampleShape;           ///< what the model sees
  int64_t labelWidth = 0;      ///< one_hot width, or regression targets; 0: class indices
};

// ---- Models --------------------------------------------------------------------------------

struct Regularizer {
  RegularizerKind kind = RegularizerKind::None;
  double lambda = 0;
  bool given = false; ///< a layer's own setting (which overrides the model's, `none` included)
};

/// One layer of a model with its parameters and inferred shapes.
struct Layer {
  // Syntax.
  const CallExpr *call = nullptr;
  Location loc;
  // Resolved.
  LayerKind kind = LayerKind::Dense;
  int64_t units = 0;                 ///< dense: outputs; conv2d: filters
  std::array<int64_t, 2> kernel{{0, 0}}; ///< conv2d, pools: height, width
  std::array<int64_t, 2> stride{{1, 1}};
  Padding padding = Padding::Valid;
  Activation activation = Activation::Linear;
  double negativeSlope = 0.01; ///< leaky_relu
  Initializer init = Initializer::Default;
  Regularizer regularizer;
  bool bias = true;
  double rate = 0;                     ///< dropout
  double epsilon = 1e-5, momentum = 0.9; ///< batchnorm
  Shape newShape;                      ///< reshape (fully resolved)
  Shape inputShape, outputShape;
  int64_t numParams = 0; ///< trainable parameters
};

/// `model NAME(x: f32[…]) -> f32[…] { layer… }`.
struct Model : Decl {
  explicit Model(Location loc) : Decl(Kind::Model, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Model; }
  static constexpr Kind ThisKind = Kind::Model;
  // Syntax.
  std::string inputName;
  Location inputLoc;
  std::unique_ptr<TensorTypeExpr> inputTypeExpr, outputTypeExpr;
  Block body;
  // Resolved.
  TensorType input, output;
  std::vector<Layer> layers;
  bool validSignature = false;              ///< input and output types resolved
  Regularizer regularizer;                  ///< model-wide default (`regularizer: l2(…)`)
  Initializer init = Initializer::Default;  ///< model-wide default (`init: he`)
  int64_t numParams = 0;
};

// ---- Training ------------------------------------------------------------------------------

struct OptimizerSpec {
  Location loc;
  OptimizerKind kind = OptimizerKind::Adam;
  double lr = 0.001;
  double momentum = 0; ///< sgd
  bool nesterov = false;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8; ///< adam, adamw; eps also rmsprop
  double weightDecay = 0;                        ///< adamw (default 0.01), sgd
  double rho = 0.9;                              ///< rmsprop
};

struct ScheduleSpec {
  ScheduleKind kind = ScheduleKind::Constant;
  int64_t every = 0;   ///< step: epochs between decays
  double gamma = 0.1;  ///< step: decay factor
  double minLr = 0;    ///< cosine: final learning rate
  int64_t warmup = 0;  ///< epochs of linear warm-up
};

struct EarlyStop {
  bool enabled = false;
  Location loc;
  int64_t patience = 0;
  double minDelta = 0;
};

/// `train MODEL on DATA { … }`.
struct Train : Decl {
  explicit Train(Location loc) : Decl(Kind::Train, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Train; }
  static constexpr Kind ThisKind = Kind::Train;
  // Syntax.
  std::string modelName;
  Location modelLoc;
  Block body;
  // Resolved.
  Model *model = nullptr;
  DataFlow data;
  Augment *augmentation = nullptr;
  /// What the model sees: the data flow's sample shape, cropped when the augmentation has
  /// random_crop (evaluation and prediction then take the centre crop of that size).
  Shape inputShape;
  LossKind loss = LossKind::CrossEntropy;
  Location lossLoc;
  bool lossOk = false; ///< Sema bookkeeping
  OptimizerSpec optimizer;
  ScheduleSpec schedule;
  int64_t batch = 32, epochs = 1, seed = 0;
  bool shuffle = true;
  bool hasValidation = false;
  DataFlow validation;
  std::vector<MetricKind> metrics;
  std::vector<Location> metricLocs;
  EarlyStop earlyStop;
  std::string savePath; ///< checkpoint file; empty: none
};

// ---- Reinforcement learning ----------------------------------------------------------------

/// `env NAME = cartpole(…)` or `extern env NAME(obs: f32[N], actions: K)`.
struct Env : Decl {
  explicit Env(Location loc) : Decl(Kind::Env, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Env; }
  static constexpr Kind ThisKind = Kind::Env;
  // Syntax.
  std::unique_ptr<CallExpr> source;
  bool isExtern = false;
  // Resolved.
  EnvKind kind = EnvKind::CartPole;
  int64_t maxSteps = 0;   ///< episode step limit
  std::string map;        ///< frozen_lake: "4x4" or "8x8"
  bool slippery = true;   ///< frozen_lake
  bool discrete = false;  ///< observations are state indices (tabular agents need this)
  int64_t numStates = 0;  ///< discrete: number of states
  Shape observation;      ///< continuous: observation shape; discrete: [numStates] one-hot
  int64_t numActions = 0;
  bool valid = false;     ///< resolved without errors (Sema bookkeeping)
};

struct EpsilonSpec {
  EpsilonKind kind = EpsilonKind::Constant;
  double from = 0.1, to = 0.1; ///< constant uses `from`; the default is constant 0.1
  int64_t steps = 0;          ///< linear: steps (dqn) or episodes (tabular) to go from→to
  double decay = 0.999;       ///< exponential: factor per episode/step
};

struct StopCondition {
  bool present = false;
  Location loc;
  StopMetric metric = StopMetric::MeanReturn;
  int64_t window = 100;
  CompareOp op = CompareOp::GreaterEqual;
  double threshold = 0;
};

/// `agent NAME: KIND(args) on ENV { … }`.
struct Agent : Decl {
  explicit Agent(Location loc) : Decl(Kind::Agent, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Agent; }
  static constexpr Kind ThisKind = Kind::Agent;
  // Syntax.
  std::unique_ptr<CallExpr> kindCall;
  std::string envName;
  Location envLoc;
  Block body;
  // Resolved.
  AgentKind kind = AgentKind::QTable;
  Model *qnet = nullptr; ///< dqn
  Env *env = nullptr;
  double gamma = 0.99, alpha = 0.1; ///< alpha: tabular learning rate
  double initialQ = 0;              ///< tabular: initial table value
  OptimizerSpec optimizer;          ///< dqn
  LossKind loss = LossKind::Mse;    ///< dqn
  int64_t replay = 10000, batch = 32, learningStarts = 0, trainEvery = 1, targetUpdate = 1000;
  bool doubleQ = false;
  int64_t steps = 0, episodes = 0, seed = 0; ///< budget: steps (dqn) or episodes (tabular)
  EpsilonSpec epsilon;
  StopCondition solvedWhen;
};

// ---- Outputs -------------------------------------------------------------------------------

/// `export WHAT as SYMBOL`.
struct Export : Decl {
  explicit Export(Location loc) : Decl(Kind::Export, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Export; }
  static constexpr Kind ThisKind = Kind::Export;
  // Syntax.
  std::string what, symbol;
  Location whatLoc, symbolLoc;
  // Resolved.
  Model *model = nullptr; ///< the model exported (an agent exports its Q-network)
  Agent *agent = nullptr; ///< set when an agent's greedy policy is exported
  std::string cSymbol;    ///< PIPELINE_SYMBOL
};

/// `target cpu(…) { … }`.
struct Target : Decl {
  explicit Target(Location loc) : Decl(Kind::Target, loc) {}
  static bool classof(const Decl *d) { return d->getKind() == Kind::Target; }
  static constexpr Kind ThisKind = Kind::Target;
  // Syntax.
  std::unique_ptr<CallExpr> kindCall;
  Block body;
  // Resolved.
  TargetKind kind = TargetKind::Cpu;
  Isa isa = Isa::Native;
  int64_t threads = 1;
  bool quantize = false;
  int64_t calibrate = 0; ///< int8: calibration samples
  bool fuse = true;
  /// `denormals: keep`: IEEE subnormal floats instead of flushing them to zero (FTZ + DAZ).
  bool keepDenormals = false;
  /// Where each setting was given (invalid when it was not), for diagnostics at the setting.
  Location isaLoc, threadsLoc, quantizeLoc, fuseLoc, denormalsLoc;
};

//===----------------------------------------------------------------------------------===//
// Program
//===----------------------------------------------------------------------------------===//

/// One .lep file: the pipeline and its declarations.
struct Program {
  std::string file;
  std::string pipelineName; ///< the C prefix of exported symbols
  Location pipelineLoc;
  /// Further `pipeline` lines (an error Sema reports): name and location.
  std::vector<std::pair<std::string, Location>> extraPipelines;

  /// Every declaration, in source order (owning).
  std::vector<std::unique_ptr<Decl>> decls;
  /// The same declarations by kind, in source order (non-owning).
  std::vector<Dataset *> datasets;
  std::vector<Preprocess *> preprocesses;
  std::vector<Augment *> augments;
  std::vector<Model *> models;
  std::vector<Train *> trains;
  std::vector<Env *> envs;
  std::vector<Agent *> agents;
  std::vector<Export *> exports;
  /// The declared target, or the default (cpu, native isa, one thread, fusion on) when
  /// `declaredTarget` is false.
  Target *target = nullptr;
  bool declaredTarget = false;
  std::unique_ptr<Target> implicitTarget; ///< owns the default target

  /// Appends `decl` to `decls` and to its kind's list.
  void add(std::unique_ptr<Decl> decl);
};

} // namespace lepton::ast

#endif // LEPTON_FRONTEND_AST_H
