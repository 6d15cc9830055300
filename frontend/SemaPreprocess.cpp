// SemaPreprocess.cpp — preprocess and augment blocks, and data flows with inferred shapes.
#include "frontend/Sema.h"
#include "frontend/ShapeInference.h"

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::sema;

//===----------------------------------------------------------------------------------===//
// Preprocess and augment blocks
//===----------------------------------------------------------------------------------===//

namespace {
/// A note for a step used in the wrong kind of block ("'dense' is a layer; …").
std::string wrongBlockHint(llvm::StringRef name, llvm::StringRef here) {
  if (here != "layer" && lookupName<LayerKind>(name))
    return "'" + name.str() + "' is a layer; layers go in a model";
  if (here != "preprocessing step" && lookupName<TransformKind>(name))
    return "'" + name.str() + "' is a preprocessing step; put it in a preprocess block";
  if (here != "augmentation" && lookupName<AugmentationKind>(name))
    return "'" + name.str() + "' is an augmentation; put it in an augment block";
  return "";
}
} // namespace

/// Resolves the kind of a block step, reporting unknown names with a hint.
template <typename E>
static std::optional<E> stepKind(Sema &sema, const BlockItem &item, diag::ID unknownId,
                                 llvm::StringRef words) {
  if (std::optional<E> kind = lookupName<E>(item.name))
    return kind;
  std::vector<llvm::StringRef> names = allNames<E>();
  std::string best = closestMatch(item.name, names);
  InFlightDiagnostic d = sema.diags.report(item.loc, unknownId);
  d << item.name;
  d.didYouMean(best);
  std::string hint = wrongBlockHint(item.name, words);
  if (!hint.empty())
    d.note(hint);
  else if (best.empty())
    d.note("valid " + words.str() + "s are " + joinChoices(names));
  return std::nullopt;
}

void Sema::checkPreprocess(Preprocess &block) {
  block.valid = true;
  bindSettings(block.body, {}, "a preprocess block", block.nameLoc, {}, /*anyStep=*/true);
  for (const BlockItem &item : block.body.items) {
    if (!item.isStep)
      continue;
    std::optional<TransformKind> kind =
        stepKind<TransformKind>(*this, item, diag::UnknownTransform, "preprocessing step");
    if (!kind) {
      block.valid = false;
      continue;
    }
    Transform t;
    t.loc = item.loc;
    t.kind = *kind;
    CallView view{item.name, item.loc, &item.step()};
    bool ok = true;
    switch (*kind) {
    case TransformKind::Scale: {
      Bindings a = bindCall(view, {{"factor", true, true}});
      std::optional<double> v = number(a.get("factor"), "factor");
      ok = v.has_value();
      t.factor = v.value_or(1);
      break;
    }
    case TransformKind::Normalize: {
      Bindings a = bindCall(view, {{"mean", false, true}, {"std", false, true}});
      for (auto [param, out] : {std::pair<const char *, std::vector<double> *>{"mean", &t.mean},
                                {"std", &t.std}}) {
        const Expr *e = a.get(param);
        if (!e) {
          ok = false;
          continue;
        }
        std::vector<const Expr *> values;
        if (const auto *list = llvm::dyn_cast<ListExpr>(e))
          for (const ExprPtr &v : list->elements)
            values.push_back(v.get());
        else
          values.push_back(e);
        for (const Expr *v : values) {
          std::optional<double> x = llvm::StringRef(param) == "std"
                                        ? numberIn(v, param, 0, 0, Interval::Positive)
                                        : number(v, param);
          ok &= x.has_value();
          out->push_back(x.value_or(1));
        }
        if (values.empty()) {
          diags.report(e->loc, diag::TypeMismatch) << "a number or a list of numbers" << param
                                                   << "an empty list";
          ok = false;
        }
      }
      break;
    }
    case TransformKind::Reshape: {
      Bindings a = bindCall(view, {{"shape", true, true}});
      std::optional<Shape> s = shape(a.get("shape"), "shape", /*allowInfer=*/true);
      ok = s.has_value();
      if (s)
        t.newShape = *s;
      break;
    }
    case TransformKind::Clip: {
      Bindings a = bindCall(view, {{"low", true, true}, {"high", true, true}});
      std::optional<double> lo = number(a.get("low"), "low"), hi = number(a.get("high"), "high");
      ok = lo && hi;
      if (ok && !checkRange(*hi > *lo, a.get("high"), "high",
                            "greater than low (" + formatNumber(*lo) + ")", *hi))
        ok = false;
      t.low = lo.value_or(0);
      t.high = hi.value_or(0);
      break;
    }
    case TransformKind::FillMissing: {
      Bindings a = bindCall(view, {{"with", true, true}});
      const Expr *e = a.get("with");
      if (!e) {
        ok = false;
      } else if (llvm::isa<NameExpr>(e)) {
        std::optional<FillMode> mode = choice<FillMode>(e, "with", diag::NumIDs, "fill mode");
        ok = mode.has_value();
        t.fill = mode.value_or(FillMode::Zero);
      } else if (std::optional<double> v = number(e, "with")) {
        t.fill = FillMode::Value;
        t.fillValue = *v;
      } else {
        ok = false;
      }
      break;
    }
    case TransformKind::OneHot: {
      Bindings a = bindCall(view, {{"classes", true, true}});
      std::optional<int64_t> n = integerIn(a.get("classes"), "classes", 2, 1 << 24);
      ok = n.has_value();
      t.classes = n.value_or(0);
      break;
    }
    case TransformKind::Standardize:
    case TransformKind::MinMax:
    case TransformKind::Flatten:
    case TransformKind::DropMissing:
      bindCall(view, {});
      break;
    }
    block.valid &= ok;
    block.steps.push_back(std::move(t));
  }
}

void Sema::checkAugment(Augment &block) {
  block.valid = true;
  bindSettings(block.body, {}, "an augment block", block.nameLoc, {}, /*anyStep=*/true);
  for (const BlockItem &item : block.body.items) {
    if (!item.isStep)
      continue;
    std::optional<AugmentationKind> kind =
        stepKind<AugmentationKind>(*this, item, diag::UnknownAugmentation, "augmentation");
    if (!kind) {
      block.valid = false;
      continue;
    }
    Augmentation a;
    a.loc = item.loc;
    a.kind = *kind;
    CallView view{item.name, item.loc, &item.step()};
    bool ok = true;
    switch (*kind) {
    case AugmentationKind::RandomShift: {
      Bindings b = bindCall(view, {{"pixels", true, true}});
      std::optional<int64_t> v = integerIn(b.get("pixels"), "pixels", 1);
      ok = v.has_value();
      a.pixels = v.value_or(0);
      break;
    }
    case AugmentationKind::RandomCrop: {
      Bindings b = bindCall(view, {{"size", true, true}, {"pad", false, false}});
      std::optional<int64_t> size = integerIn(b.get("size"), "size", 1);
      ok = size.has_value();
      a.size = size.value_or(0);
      if (const Expr *pad = b.get("pad")) {
        std::optional<int64_t> v = integerIn(pad, "pad", 0);
        ok &= v.has_value();
        a.padding = v.value_or(0);
      }
      break;
    }
    case AugmentationKind::RandomFlip: {
      Bindings b = bindCall(view, {{"direction", true, false}});
      if (const Expr *e = b.get("direction")) {
        std::optional<FlipDirection> d =
            choice<FlipDirection>(e, "direction", diag::NumIDs, "flip direction");
        ok = d.has_value();
        a.flip = d.value_or(FlipDirection::Horizontal);
      }
      break;
    }
    case AugmentationKind::GaussianNoise: {
      Bindings b = bindCall(view, {{"std", true, true}});
      std::optional<double> v = numberIn(b.get("std"), "std", 0, 0, Interval::Positive);
      ok = v.has_value();
      a.stddev = v.value_or(0);
      break;
    }
    }
    block.valid &= ok;
    block.steps.push_back(a);
  }
}

//===----------------------------------------------------------------------------------===//
// Data flows
//===----------------------------------------------------------------------------------===//

InFlightDiagnostic Sema::reportShapeError(const shapes::ShapeError &error, Location loc) {
  InFlightDiagnostic d = diags.report(loc, error.id);
  for (const std::string &arg : error.args)
    d << arg;
  if (!error.hint.empty())
    d.note(error.hint);
  return d;
}

bool Sema::resolveDataFlow(DataFlow &flow) {
  if (flow.stages.empty())
    return false;
  Dataset *ds = lookupAs<Dataset>(flow.stages[0].first, flow.stages[0].second,
                                  diag::UnknownDataset);
  bool ok = ds != nullptr;
  for (size_t i = 1; i < flow.stages.size(); ++i) {
    auto &[name, loc] = flow.stages[i];
    Preprocess *block = lookupAs<Preprocess>(name, loc, diag::UnknownPreprocess);
    ok &= block != nullptr && block->valid;
    if (block)
      flow.blocks.push_back(block);
  }
  if (!ok || !ds->valid)
    return false;

  flow.dataset = ds;
  flow.labelWidth = ds->classes != 0 ? 0 : ds->targets;
  Shape current = ds->sampleShape;
  for (Preprocess *block : flow.blocks) {
    for (const Transform &step : block->steps) {
      if (step.kind == TransformKind::OneHot) {
        if (ds->classes == 0) {
          if (firstReport(&step, "needs-classes " + ds->name))
            (diags.report(step.loc, diag::NeedsClasses) << "one_hot" << ds->name)
                .note(flow.loc, "applied to dataset '" + ds->name + "' here");
          ok = false;
        } else if (step.classes != ds->classes) {
          if (firstReport(&step, "one-hot " + ds->name))
            (diags.report(step.loc, diag::OneHotMismatch)
             << step.classes << ds->classes << ds->name)
                .note(ds->nameLoc, "'" + ds->name + "' declares " +
                                       std::to_string(ds->classes) + " classes here");
          ok = false;
        } else {
          flow.labelWidth = step.classes;
        }
      }
      shapes::ShapeError error;
      std::optional<Shape> next = shapes::inferTransform(step, current, error);
      if (!next) {
        if (firstReport(&step, formatShape(current)))
          reportShapeError(error, step.loc)
              .note(flow.loc, "applied to samples of shape " + formatShape(current) +
                                  " from '" + ds->name + "' here");
        return false;
      }
      current = *next;
      flow.steps.push_back(FlowStep{block, &step, current});
    }
  }
  flow.sampleShape = current;
  return ok;
}
