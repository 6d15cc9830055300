// SemaTrain.cpp — train blocks: settings, optimizer, schedule, and data ↔ model ↔ loss checks.
#include "frontend/Sema.h"

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::sema;

namespace {
const Param kTrainSettings[] = {
    {"loss", false, true},       {"optimizer", false, true}, {"epochs", false, true},
    {"batch", false, false},     {"seed", false, false},     {"shuffle", false, false},
    {"validate", false, false},  {"metrics", false, false},  {"augmentation", false, false},
    {"schedule", false, false},  {"save", false, false}};
} // namespace

std::optional<OptimizerSpec> Sema::optimizer(const Expr *e) {
  std::optional<CallView> view = callView(e, "optimizer", "adam(lr: 0.001)");
  if (!view)
    return std::nullopt;
  std::optional<OptimizerKind> kind = lookupName<OptimizerKind>(view->callee);
  if (!kind) {
    std::vector<llvm::StringRef> names = allNames<OptimizerKind>();
    std::string best = closestMatch(view->callee, names);
    InFlightDiagnostic d = diags.report(view->loc, diag::UnknownOptimizer);
    d << view->callee;
    d.didYouMean(best);
    if (best.empty())
      d.note("optimizers are " + joinChoices(names));
    return std::nullopt;
  }
  OptimizerSpec spec;
  spec.loc = view->loc;
  spec.kind = *kind;
  bool ok = true;
  Bindings b;
  switch (*kind) {
  case OptimizerKind::Sgd:
    b = bindCall(*view, {{"lr", true, false}, {"momentum", false, false},
                         {"nesterov", false, false}, {"weight_decay", false, false}});
    spec.lr = 0.01;
    break;
  case OptimizerKind::Adam:
    b = bindCall(*view, {{"lr", true, false}, {"beta1", false, false}, {"beta2", false, false},
                         {"eps", false, false}});
    break;
  case OptimizerKind::AdamW:
    b = bindCall(*view, {{"lr", true, false}, {"beta1", false, false}, {"beta2", false, false},
                         {"eps", false, false}, {"weight_decay", false, false}});
    spec.weightDecay = 0.01;
    break;
  case OptimizerKind::RmsProp:
    b = bindCall(*view, {{"lr", true, false}, {"rho", false, false}, {"momentum", false, false},
                         {"eps", false, false}});
    break;
  }
  auto read = [&](llvm::StringRef name, double &out, double lo, double hi, Interval interval) {
    if (const Expr *arg = b.get(name)) {
      std::optional<double> v = numberIn(arg, name, lo, hi, interval);
      ok &= v.has_value();
      out = v.value_or(out);
    }
  };
  read("lr", spec.lr, 0, 0, Interval::Positive);
  read("momentum", spec.momentum, 0, 1, Interval::HalfOpen);
  read("beta1", spec.beta1, 0, 1, Interval::HalfOpen);
  read("beta2", spec.beta2, 0, 1, Interval::HalfOpen);
  read("eps", spec.eps, 0, 0, Interval::Positive);
  read("weight_decay", spec.weightDecay, 0, 0, Interval::NonNegative);
  read("rho", spec.rho, 0, 1, Interval::HalfOpen);
  if (const Expr *arg = b.get("nesterov")) {
    std::optional<bool> v = boolean(arg, "nesterov");
    ok &= v.has_value();
    spec.nesterov = v.value_or(false);
  }
  if (!ok)
    return std::nullopt;
  return spec;
}

/// The schedule setting: `constant`, `step(every: 5, gamma: 0.5)`, `cosine(min_lr: 1e-5)`.
static std::optional<ScheduleSpec> readSchedule(Sema &sema, const Expr *e) {
  std::optional<CallView> view = sema.callView(e, "schedule", "cosine(min_lr: 1e-5)");
  if (!view)
    return std::nullopt;
  std::optional<ScheduleKind> kind = lookupName<ScheduleKind>(view->callee);
  if (!kind) {
    (sema.diags.report(view->loc, diag::UnknownSchedule) << view->callee)
        .didYouMean(closestMatch(view->callee, allNames<ScheduleKind>()));
    return std::nullopt;
  }
  ScheduleSpec spec;
  spec.kind = *kind;
  bool ok = true;
  Bindings b;
  switch (*kind) {
  case ScheduleKind::Constant:
    b = sema.bindCall(*view, {{"warmup", false, false}});
    break;
  case ScheduleKind::Step:
    b = sema.bindCall(*view, {{"every", true, true}, {"gamma", false, false},
                              {"warmup", false, false}});
    if (std::optional<int64_t> v = sema.integerIn(b.get("every"), "every", 1))
      spec.every = *v;
    else
      ok = false;
    if (const Expr *g = b.get("gamma")) {
      std::optional<double> v = sema.numberIn(g, "gamma", 0, 1, Interval::LeftOpen);
      ok &= v.has_value();
      spec.gamma = v.value_or(spec.gamma);
    }
    break;
  case ScheduleKind::Cosine:
    b = sema.bindCall(*view, {{"min_lr", false, false}, {"warmup", false, false}});
    if (const Expr *m = b.get("min_lr")) {
      std::optional<double> v = sema.numberIn(m, "min_lr", 0, 0, Interval::NonNegative);
      ok &= v.has_value();
      spec.minLr = v.value_or(0);
    }
    break;
  }
  if (const Expr *w = b.get("warmup")) {
    std::optional<int64_t> v = sema.integerIn(w, "warmup", 0);
    ok &= v.has_value();
    spec.warmup = v.value_or(0);
  }
  if (!ok)
    return std::nullopt;
  return spec;
}

/// Turns a `validate:` value (`test`, `test | pixels`) into a data flow to resolve.
static bool dataFlowFromExpr(Sema &sema, const Expr *e, DataFlow &flow) {
  flow.loc = e->loc;
  std::vector<const Expr *> stages;
  if (const auto *pipe = llvm::dyn_cast<PipeExpr>(e))
    for (const ExprPtr &stage : pipe->stages)
      stages.push_back(stage.get());
  else
    stages.push_back(e);
  for (const Expr *stage : stages) {
    const auto *name = llvm::dyn_cast<NameExpr>(stage);
    if (!name) {
      sema.diags.report(stage->loc, diag::TypeMismatch)
          << "a dataset (optionally '| preprocess')" << "validate" << describe(*stage);
      return false;
    }
    flow.stages.emplace_back(name->name, name->loc);
  }
  return true;
}

/// Checks the loss against the labels of the data and the model's output width.
void Sema::checkLossAndLabels(Train &train) {
  const Model &model = *train.model;
  const Dataset &ds = *train.data.dataset;
  int64_t width = model.output.shape.empty() ? 0 : model.output.shape[0];
  std::string lossName = nameOf(train.loss).str();
  switch (train.loss) {
  case LossKind::CrossEntropy:
    if (ds.classes == 0) {
      (diags.report(train.lossLoc, diag::NeedsClasses) << "loss 'cross_entropy'" << ds.name)
          .note(ds.nameLoc, "'" + ds.name + "' is declared here");
    } else if (ds.classes > width) {
      (diags.report(train.modelLoc, diag::LabelRange)
       << ds.name << ds.classes - 1 << model.name << width)
          .note(model.output.loc, "'" + model.name + "' declares its output here");
    }
    break;
  case LossKind::BinaryCrossEntropy:
    if (ds.classes == 0) {
      (diags.report(train.lossLoc, diag::NeedsClasses) << "loss 'binary_cross_entropy'" << ds.name)
          .note(ds.nameLoc, "'" + ds.name + "' is declared here");
    } else if (ds.classes != 2 || width != 1) {
      (diags.report(train.lossLoc, diag::LossOutputMismatch)
       << "binary_cross_entropy needs two classes and a model with one output; '" + ds.name +
              "' has " + std::to_string(ds.classes) + " classes and '" + model.name +
              "' outputs " + std::to_string(width))
          .note(model.output.loc, "'" + model.name + "' declares its output here");
    }
    break;
  case LossKind::Mse:
  case LossKind::Huber: {
    // Regression targets, or one-hot class labels.
    int64_t targets = train.data.labelWidth != 0 ? train.data.labelWidth : ds.classes;
    if (targets != width)
      (diags.report(train.lossLoc, diag::LossOutputMismatch)
       << lossName + " compares the model's " + std::to_string(width) +
              " outputs with targets of width " + std::to_string(targets) + " from '" + ds.name +
              "'")
          .note(model.output.loc, "'" + model.name + "' declares its output here");
    break;
  }
  }
  for (size_t i = 0; i < train.metrics.size(); ++i)
    if (train.metrics[i] == MetricKind::Accuracy && ds.classes == 0)
      diags.report(train.metricLocs[i], diag::NeedsClasses) << "metric 'accuracy'" << ds.name;
}

/// Checks augmentations against the sample shape and computes what the model sees.
void Sema::checkAugmentation(Train &train) {
  Shape current = train.data.sampleShape;
  for (const Augmentation &a : train.augmentation->steps) {
    bool spatial = a.kind != AugmentationKind::GaussianNoise;
    if (spatial && current.size() != 2 && current.size() != 3) {
      if (firstReport(&a, formatShape(current)))
        (diags.report(a.loc, diag::AugmentNeedsImage)
         << nameOf(a.kind) << formatShape(current))
            .note(train.data.loc, "the training data, after preprocessing, has shape " +
                                      formatShape(current) +
                                      "; augmentations run after preprocessing, so flatten "
                                      "in the model instead");
      return;
    }
    if (a.kind == AugmentationKind::RandomCrop) {
      if (a.size > current[0] + 2 * a.padding || a.size > current[1] + 2 * a.padding) {
        if (firstReport(&a, formatShape(current)))
          (diags.report(a.loc, diag::CropTooLarge) << a.size << formatShape(current))
              .note(train.data.loc, "the training samples have shape " + formatShape(current));
        return;
      }
      current[0] = a.size;
      current[1] = a.size;
    }
  }
  train.inputShape = current;
}

void Sema::checkTrain(Train &train) {
  train.model = lookupAs<Model>(train.modelName, train.modelLoc, diag::UnknownModel);
  bool dataOk = resolveDataFlow(train.data);

  Bindings s = bindSettings(train.body, kTrainSettings, "a train block", train.loc,
                            {"early_stop"});
  if (const Expr *e = s.get("loss")) {
    train.lossLoc = e->loc;
    if (std::optional<LossKind> loss = choice<LossKind>(e, "loss", diag::UnknownLoss, "loss")) {
      train.loss = *loss;
      train.lossOk = true;
    }
  }
  if (const Expr *e = s.get("optimizer"))
    train.optimizer = optimizer(e).value_or(train.optimizer);
  if (const Expr *e = s.get("schedule"))
    train.schedule = readSchedule(*this, e).value_or(train.schedule);
  if (const Expr *e = s.get("epochs"))
    train.epochs = integerIn(e, "epochs", 1, 1000000).value_or(train.epochs);
  if (const Expr *e = s.get("batch"))
    train.batch = integerIn(e, "batch", 1, 1 << 20).value_or(train.batch);
  if (const Expr *e = s.get("seed"))
    train.seed = integerIn(e, "seed", 0).value_or(train.seed);
  if (const Expr *e = s.get("shuffle"))
    train.shuffle = boolean(e, "shuffle").value_or(train.shuffle);
  if (const Expr *e = s.get("save"))
    train.savePath = string(e, "save").value_or("");
  if (const Expr *e = s.get("metrics")) {
    std::vector<const Expr *> items;
    if (const auto *list = llvm::dyn_cast<ListExpr>(e))
      for (const ExprPtr &item : list->elements)
        items.push_back(item.get());
    else
      items.push_back(e);
    for (const Expr *item : items)
      if (std::optional<MetricKind> m = choice<MetricKind>(item, "metrics", diag::UnknownMetric,
                                                           "metric")) {
        train.metrics.push_back(*m);
        train.metricLocs.push_back(item->loc);
      }
  }
  for (const BlockItem &item : train.body.items) {
    if (!item.isStep || item.name != "early_stop")
      continue;
    Bindings b = bindCall(CallView{item.name, item.loc, &item.step()},
                          {{"patience", true, true}, {"min_delta", false, false}});
    train.earlyStop.loc = item.loc;
    std::optional<int64_t> patience = integerIn(b.get("patience"), "patience", 1);
    train.earlyStop.enabled = patience.has_value();
    train.earlyStop.patience = patience.value_or(0);
    if (const Expr *d = b.get("min_delta"))
      train.earlyStop.minDelta =
          numberIn(d, "min_delta", 0, 0, Interval::NonNegative).value_or(0);
  }
  if (const Expr *e = s.get("augmentation")) {
    if (const auto *name = llvm::dyn_cast<NameExpr>(e))
      train.augmentation = lookupAs<Augment>(name->name, e->loc, diag::UnknownAugment);
    else
      diags.report(e->loc, diag::TypeMismatch) << "the name of an augment block"
                                               << "augmentation" << describe(*e);
  }

  // Connections: data → augmentation → model input; labels → loss → model output.
  if (!dataOk)
    return;
  train.inputShape = train.data.sampleShape;
  if (train.augmentation && train.augmentation->valid)
    checkAugmentation(train);
  if (const Expr *e = s.get("validate")) {
    if (dataFlowFromExpr(*this, e, train.validation) && resolveDataFlow(train.validation)) {
      train.hasValidation = true;
      if (train.validation.sampleShape != train.data.sampleShape)
        (diags.report(e->loc, diag::InputShapeMismatch)
         << (train.model ? train.model->name : train.modelName)
         << formatShape(train.data.sampleShape) << formatShape(train.validation.sampleShape))
            .note(train.data.loc, "the training data gives " + formatShape(train.data.sampleShape));
    }
  }
  if (!train.model || !train.model->validSignature)
    return;
  const Model &model = *train.model;
  if (model.input.shape != train.inputShape) {
    InFlightDiagnostic d = diags.report(train.data.loc, diag::InputShapeMismatch);
    d << model.name << formatShape(model.input.shape) << formatShape(train.inputShape);
    d.note(model.input.loc, "'" + model.name + "' declares its input here");
    if (numElements(model.input.shape) == numElements(train.inputShape))
      d.note("the sizes agree: add '" +
             (model.input.shape.size() == 1
                  ? std::string("flatten()")
                  : "reshape(" + formatShape(model.input.shape) + ")") +
             "' to the preprocessing");
  }
  if (train.lossOk)
    checkLossAndLabels(train);
}
