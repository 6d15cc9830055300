// ASTPrinter.cpp — the `--emit=ast` format: one line per node, resolved values, inferred shapes.
#include "frontend/AST.h"
#include "frontend/Frontend.h"

#include "llvm/Support/raw_ostream.h"

using namespace lepton;
using namespace lepton::ast;

namespace {

std::string at(Location loc) {
  return loc.isValid() ? "@" + std::to_string(loc.line) + ":" + std::to_string(loc.col) : "@-";
}
std::string quoted(llvm::StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else
      out += c;
  }
  return out + "\"";
}
std::string pairText(const std::array<int64_t, 2> &p) { return formatShape({p[0], p[1]}); }
std::string num(double v) { return formatNumber(v); }
std::string boolText(bool b) { return b ? "true" : "false"; }

class Printer {
public:
  explicit Printer(llvm::raw_ostream &os) : os(os) {}
  void print(const Program &program);

private:
  void print(const Dataset &d);
  void print(const Preprocess &p);
  void print(const Augment &a);
  void print(const Model &m);
  void print(const Layer &layer);
  void print(const Train &t);
  void print(const DataFlow &flow, llvm::StringRef label);
  void print(const Env &e);
  void print(const Agent &a);
  void print(const Export &e);
  void print(const Target &t, bool declared);
  std::string optimizerText(const OptimizerSpec &o);
  std::string regularizerText(const Regularizer &r);

  llvm::raw_ostream &os;
};

void Printer::print(const Program &program) {
  os << "pipeline " << program.pipelineName << " " << at(program.pipelineLoc) << " file "
     << quoted(program.file) << "\n";
  for (const auto &decl : program.decls) {
    switch (decl->getKind()) {
    case Decl::Kind::Dataset: print(*llvm::cast<Dataset>(decl.get())); break;
    case Decl::Kind::Preprocess: print(*llvm::cast<Preprocess>(decl.get())); break;
    case Decl::Kind::Augment: print(*llvm::cast<Augment>(decl.get())); break;
    case Decl::Kind::Model: print(*llvm::cast<Model>(decl.get())); break;
    case Decl::Kind::Train: print(*llvm::cast<Train>(decl.get())); break;
    case Decl::Kind::Env: print(*llvm::cast<Env>(decl.get())); break;
    case Decl::Kind::Agent: print(*llvm::cast<Agent>(decl.get())); break;
    case Decl::Kind::Export: print(*llvm::cast<Export>(decl.get())); break;
    case Decl::Kind::Target: print(*llvm::cast<Target>(decl.get()), true); break;
    }
  }
  if (!program.declaredTarget && program.target)
    print(*program.target, false);
}

void Printer::print(const Dataset &d) {
  os << "dataset " << d.name << " " << at(d.nameLoc) << " source="
     << (d.sourceKind == SourceKind::Extern ? "extern" : nameOf(d.sourceKind).str())
     << " sample=f32" << formatShape(d.sampleShape);
  if (d.classes)
    os << " classes=" << d.classes;
  else
    os << " targets=" << d.targets;
  if (d.limit)
    os << " limit=" << d.limit;
  os << "\n";
  switch (d.sourceKind) {
  case SourceKind::Idx:
    os << "  images " << quoted(d.images) << "\n  labels " << quoted(d.labels) << "\n";
    break;
  case SourceKind::Npy:
    os << "  samples " << quoted(d.images) << "\n  labels " << quoted(d.labels) << "\n";
    break;
  case SourceKind::Csv:
    os << "  path " << quoted(d.path) << " label="
       << (d.labelIndex >= 0 ? std::to_string(d.labelIndex) : std::string(quoted(d.labelColumn)))
       << " header=" << boolText(d.header) << "\n";
    break;
  case SourceKind::Split:
    os << "  split of=" << (d.splitOf ? d.splitOf->name : "?")
       << " part=" << (d.isValidationPart ? "valid" : "train") << " valid=" << num(d.validFraction)
       << " seed=" << d.splitSeed << "\n";
    break;
  case SourceKind::Extern:
    os << "  supplied by the host application\n";
    break;
  }
}

void Printer::print(const Preprocess &p) {
  os << "preprocess " << p.name << " " << at(p.nameLoc) << "\n";
  for (const Transform &t : p.steps) {
    os << "  " << nameOf(t.kind) << " " << at(t.loc);
    switch (t.kind) {
    case TransformKind::Scale: os << " factor=" << num(t.factor); break;
    case TransformKind::Normalize: {
      auto list = [&](const std::vector<double> &v) {
        std::string s = "[";
        for (size_t i = 0; i < v.size(); ++i)
          s += (i ? ", " : "") + num(v[i]);
        return s + "]";
      };
      os << " mean=" << list(t.mean) << " std=" << list(t.std);
      break;
    }
    case TransformKind::Reshape: os << " shape=" << formatShape(t.newShape); break;
    case TransformKind::Clip: os << " low=" << num(t.low) << " high=" << num(t.high); break;
    case TransformKind::FillMissing:
      os << " with=" << (t.fill == FillMode::Value ? num(t.fillValue) : nameOf(t.fill).str());
      break;
    case TransformKind::OneHot: os << " classes=" << t.classes << " (labels)"; break;
    default: break;
    }
    os << "\n";
  }
}

void Printer::print(const Augment &a) {
  os << "augment " << a.name << " " << at(a.nameLoc) << "\n";
  for (const Augmentation &s : a.steps) {
    os << "  " << nameOf(s.kind) << " " << at(s.loc);
    switch (s.kind) {
    case AugmentationKind::RandomShift: os << " pixels=" << s.pixels; break;
    case AugmentationKind::RandomCrop: os << " size=" << s.size << " pad=" << s.padding; break;
    case AugmentationKind::RandomFlip: os << " direction=" << nameOf(s.flip); break;
    case AugmentationKind::GaussianNoise: os << " std=" << num(s.stddev); break;
    }
    os << "\n";
  }
}

std::string Printer::regularizerText(const Regularizer &r) {
  if (r.kind == RegularizerKind::None)
    return "none";
  return nameOf(r.kind).str() + "(" + num(r.lambda) + ")";
}

void Printer::print(const Model &m) {
  os << "model " << m.name << " " << at(m.nameLoc) << " (" << m.inputName << ": f32"
     << formatShape(m.input.shape) << ") -> f32" << formatShape(m.output.shape)
     << " params=" << m.numParams << "\n";
  for (const Layer &layer : m.layers)
    print(layer);
}

void Printer::print(const Layer &l) {
  os << "  " << nameOf(l.kind) << " " << at(l.loc);
  bool hasWeights = l.kind == LayerKind::Dense || l.kind == LayerKind::Conv2D;
  switch (l.kind) {
  case LayerKind::Dense: os << " units=" << l.units; break;
  case LayerKind::Conv2D:
    os << " filters=" << l.units << " kernel=" << pairText(l.kernel)
       << " stride=" << pairText(l.stride) << " padding=" << nameOf(l.padding);
    break;
  case LayerKind::MaxPool2D:
  case LayerKind::AvgPool2D:
    os << " size=" << pairText(l.kernel) << " stride=" << pairText(l.stride)
       << " padding=" << nameOf(l.padding);
    break;
  case LayerKind::Dropout: os << " rate=" << num(l.rate); break;
  case LayerKind::BatchNorm: os << " momentum=" << num(l.momentum) << " epsilon=" << num(l.epsilon); break;
  case LayerKind::Reshape: os << " shape=" << formatShape(l.newShape); break;
  case LayerKind::LeakyRelu: os << " slope=" << num(l.negativeSlope); break;
  default: break;
  }
  if (hasWeights) {
    os << " activation=" << nameOf(l.activation);
    if (l.activation == Activation::LeakyRelu)
      os << "(" << num(l.negativeSlope) << ")";
    os << " init=" << nameOf(l.init) << " bias=" << boolText(l.bias);
    if (l.regularizer.kind != RegularizerKind::None)
      os << " regularizer=" << regularizerText(l.regularizer);
  }
  if (l.numParams)
    os << " params=" << l.numParams;
  os << " : " << formatShape(l.inputShape) << " -> " << formatShape(l.outputShape) << "\n";
}

std::string Printer::optimizerText(const OptimizerSpec &o) {
  std::string s = nameOf(o.kind).str() + "(lr: " + num(o.lr);
  switch (o.kind) {
  case OptimizerKind::Sgd:
    s += ", momentum: " + num(o.momentum) + ", nesterov: " + boolText(o.nesterov) +
         ", weight_decay: " + num(o.weightDecay);
    break;
  case OptimizerKind::Adam:
  case OptimizerKind::AdamW:
    s += ", beta1: " + num(o.beta1) + ", beta2: " + num(o.beta2) + ", eps: " + num(o.eps);
    if (o.kind == OptimizerKind::AdamW)
      s += ", weight_decay: " + num(o.weightDecay);
    break;
  case OptimizerKind::RmsProp:
    s += ", rho: " + num(o.rho) + ", momentum: " + num(o.momentum) + ", eps: " + num(o.eps);
    break;
  }
  return s + ")";
}

void Printer::print(const DataFlow &flow, llvm::StringRef label) {
  os << "  " << label << " " << (flow.dataset ? flow.dataset->name : "?") << " f32"
     << formatShape(flow.dataset ? flow.dataset->sampleShape : Shape());
  for (const FlowStep &step : flow.steps)
    os << " | " << step.block->name << "." << nameOf(step.transform->kind) << " "
       << formatShape(step.shape);
  os << " -> f32" << formatShape(flow.sampleShape);
  if (flow.labelWidth && flow.dataset && flow.dataset->classes)
    os << " labels=one_hot(" << flow.labelWidth << ")";
  else if (flow.dataset && flow.dataset->classes)
    os << " labels=class(" << flow.dataset->classes << ")";
  else
    os << " targets=" << flow.labelWidth;
  os << "\n";
}

void Printer::print(const Train &t) {
  os << "train " << (t.model ? t.model->name : t.modelName) << " " << at(t.loc) << "\n";
  print(t.data, "data");
  if (t.augmentation)
    os << "  augmentation " << t.augmentation->name << "\n";
  os << "  input f32" << formatShape(t.inputShape) << "\n";
  os << "  loss " << nameOf(t.loss) << "\n";
  os << "  optimizer " << optimizerText(t.optimizer) << "\n";
  const ScheduleSpec &s = t.schedule;
  os << "  schedule " << nameOf(s.kind);
  if (s.kind == ScheduleKind::Step)
    os << "(every: " << s.every << ", gamma: " << num(s.gamma) << ")";
  else if (s.kind == ScheduleKind::Cosine)
    os << "(min_lr: " << num(s.minLr) << ")";
  if (s.warmup)
    os << " warmup=" << s.warmup;
  os << "\n";
  os << "  batch " << t.batch << " epochs " << t.epochs << " seed " << t.seed << " shuffle "
     << boolText(t.shuffle) << "\n";
  if (t.hasValidation)
    print(t.validation, "validate");
  if (!t.metrics.empty()) {
    os << "  metrics";
    for (MetricKind m : t.metrics)
      os << " " << nameOf(m);
    os << "\n";
  }
  if (t.earlyStop.enabled)
    os << "  early_stop patience=" << t.earlyStop.patience
       << " min_delta=" << num(t.earlyStop.minDelta) << "\n";
  if (!t.savePath.empty())
    os << "  save " << quoted(t.savePath) << "\n";
}

void Printer::print(const Env &e) {
  os << "env " << e.name << " " << at(e.nameLoc) << " kind="
     << (e.isExtern ? "extern" : nameOf(e.kind).str());
  if (e.discrete)
    os << " states=" << e.numStates;
  else
    os << " obs=f32" << formatShape(e.observation);
  os << " actions=" << e.numActions << " max_steps=" << e.maxSteps;
  if (e.kind == EnvKind::FrozenLake)
    os << " map=" << quoted(e.map) << " slippery=" << boolText(e.slippery);
  os << "\n";
}

void Printer::print(const Agent &a) {
  os << "agent " << a.name << " " << at(a.nameLoc) << " kind=" << nameOf(a.kind);
  if (a.qnet)
    os << " model=" << a.qnet->name;
  os << " env=" << (a.env ? a.env->name : a.envName) << "\n";
  os << "  gamma " << num(a.gamma);
  if (a.kind == AgentKind::Dqn)
    os << " optimizer " << optimizerText(a.optimizer) << " loss " << nameOf(a.loss);
  else
    os << " alpha " << num(a.alpha) << " init " << num(a.initialQ);
  os << "\n";
  const EpsilonSpec &eps = a.epsilon;
  os << "  epsilon " << nameOf(eps.kind) << "(";
  if (eps.kind == EpsilonKind::Constant)
    os << num(eps.from);
  else
    os << "from: " << num(eps.from) << ", to: " << num(eps.to);
  if (eps.kind == EpsilonKind::Linear)
    os << ", steps: " << eps.steps;
  if (eps.kind == EpsilonKind::Exponential)
    os << ", decay: " << num(eps.decay);
  os << ")\n";
  if (a.kind == AgentKind::Dqn)
    os << "  replay " << a.replay << " batch " << a.batch << " learning_starts "
       << a.learningStarts << " train_every " << a.trainEvery << " target_update "
       << a.targetUpdate << " double " << boolText(a.doubleQ) << "\n";
  os << "  steps " << a.steps << " episodes " << a.episodes << " seed " << a.seed << "\n";
  if (a.solvedWhen.present)
    os << "  solved_when " << nameOf(a.solvedWhen.metric) << "(" << a.solvedWhen.window << ") "
       << nameOf(a.solvedWhen.op) << " " << num(a.solvedWhen.threshold) << "\n";
}

void Printer::print(const Export &e) {
  os << "export " << e.what << " " << at(e.loc) << " as " << e.cSymbol;
  if (e.agent)
    os << " (policy of agent " << e.agent->name << ")";
  os << "\n";
}

void Printer::print(const Target &t, bool declared) {
  os << "target " << nameOf(t.kind) << " " << (declared ? at(t.loc) : "(default)")
     << " isa=" << nameOf(t.isa) << " threads=" << t.threads << " fuse=" << boolText(t.fuse)
     << " quantize=" << (t.quantize ? "int8(calibrate: " + std::to_string(t.calibrate) + ")" : "none")
     << " denormals=" << nameOf(t.keepDenormals ? DenormalMode::Keep : DenormalMode::Flush) << "\n";
}

} // namespace

void lepton::printAST(const Program &program, llvm::raw_ostream &os) {
  Printer(os).print(program);
}
