// SemaData.cpp — datasets, preprocess and augment blocks, and data flows with their shapes.
#include "frontend/Sema.h"
#include "frontend/ShapeInference.h"

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::sema;

//===----------------------------------------------------------------------------------===//
// Datasets
//===----------------------------------------------------------------------------------===//

namespace {
const Param kIdxParams[] = {{"images", false, true}, {"labels", false, true},
                            {"shape", false, true}, {"classes", false, true},
                            {"limit", false, false}};
const Param kCsvParams[] = {{"path", true, true},   {"label", false, false},
                            {"header", false, false}, {"shape", false, true},
                            {"classes", false, false}, {"targets", false, false},
                            {"limit", false, false}};
const Param kNpyParams[] = {{"samples", true, true}, {"labels", false, true},
                            {"shape", false, true},  {"classes", false, false},
                            {"targets", false, false}, {"limit", false, false}};
const Param kSplitParams[] = {{"of", true, true}, {"valid", false, true}, {"seed", false, false}};
const Param kExternParams[] = {{"shape", false, true}, {"classes", false, false},
                               {"targets", false, false}};
} // namespace

void Sema::checkDataset(Dataset &ds) {
  if (ds.splitIndex > 0 || !ds.source)
    return; // the first name of `dataset a, b = …` checks the shared source
  const CallExpr &call = *ds.source;
  CallView view{call.callee, call.calleeLoc, &call};

  Bindings args;
  if (ds.isExtern) {
    ds.sourceKind = SourceKind::Extern;
    args = bindCall(view, kExternParams);
  } else if (std::optional<SourceKind> kind = lookupName<SourceKind>(call.callee)) {
    ds.sourceKind = *kind;
    switch (*kind) {
    case SourceKind::Idx: args = bindCall(view, kIdxParams); break;
    case SourceKind::Csv: args = bindCall(view, kCsvParams); break;
    case SourceKind::Npy: args = bindCall(view, kNpyParams); break;
    case SourceKind::Split: args = bindCall(view, kSplitParams); break;
    case SourceKind::Extern: break;
    }
  } else {
    std::vector<llvm::StringRef> names = allNames<SourceKind>();
    std::string best = closestMatch(call.callee, names);
    InFlightDiagnostic d = diags.report(call.calleeLoc, diag::UnknownSource);
    d << call.callee;
    d.didYouMean(best);
    if (best.empty())
      d.note("data sources are " + joinChoices(names));
    return;
  }

  // `dataset a, b = split(…)` names both halves; every other source names one dataset.
  llvm::ArrayRef<Dataset *> names = datasetGroups[&ds];
  if (ds.sourceKind == SourceKind::Split && names.size() != 2) {
    diags.report(ds.nameLoc, diag::SplitNames)
        << "split(…) divides a dataset in two; name both parts, like 'dataset " + ds.name +
               "_train, " + ds.name + "_valid = split(…)'";
    return;
  }
  if (ds.sourceKind != SourceKind::Split && names.size() > 1) {
    diags.report(names[1]->nameLoc, diag::SplitNames)
        << "only split(…) defines two datasets; '" + call.callee + "' defines one";
    return;
  }

  bool ok = true;
  auto need = [&ok](bool present) { ok &= present; };
  if (ds.sourceKind == SourceKind::Split) {
    if (const Expr *of = args.get("of")) {
      if (const auto *parentName = llvm::dyn_cast<NameExpr>(of))
        ds.splitOf = lookupAs<Dataset>(parentName->name, of->loc, diag::UnknownDataset);
      else
        diags.report(of->loc, diag::TypeMismatch) << "a dataset name" << "of" << describe(*of);
    }
    need(ds.splitOf != nullptr);
    if (std::optional<double> v = numberIn(args.get("valid"), "valid", 0, 1, Interval::Open))
      ds.validFraction = *v;
    else
      need(false);
    if (const Expr *seed = args.get("seed")) {
      std::optional<int64_t> v = integerIn(seed, "seed", 0);
      need(v.has_value());
      ds.splitSeed = v.value_or(0);
    }
  } else {
    auto readString = [&](llvm::StringRef param, std::string &out) {
      if (const Expr *e = args.get(param)) {
        std::optional<std::string> v = string(e, param);
        need(v.has_value());
        if (v)
          out = *v;
      } else if (param != "label") {
        need(false);
      }
    };
    switch (ds.sourceKind) {
    case SourceKind::Idx:
      readString("images", ds.images);
      readString("labels", ds.labels);
      break;
    case SourceKind::Csv:
      readString("path", ds.path);
      // The label column by name (`label: "y"`) or by 0-based index (`label: 4`).
      if (const Expr *e = args.get("label"); e && llvm::isa<NumberExpr>(e)) {
        std::optional<int64_t> v = integerIn(e, "label", 0, 1 << 24);
        need(v.has_value());
        ds.labelIndex = v.value_or(-1);
      } else {
        readString("label", ds.labelColumn);
      }
      if (const Expr *e = args.get("header")) {
        std::optional<bool> v = boolean(e, "header");
        need(v.has_value());
        ds.header = v.value_or(true);
      }
      break;
    case SourceKind::Npy:
      readString("samples", ds.images);
      readString("labels", ds.labels);
      break;
    default:
      break;
    }
    if (const Expr *e = args.get("limit")) { // the first N samples only
      std::optional<int64_t> v = integerIn(e, "limit", 1, int64_t(1) << 40);
      need(v.has_value());
      ds.limit = v.value_or(0);
    }
    if (std::optional<Shape> s = shape(args.get("shape"), "shape", /*allowInfer=*/false))
      ds.sampleShape = *s;
    else
      need(false);
    const Expr *classes = args.get("classes"), *targets = args.get("targets");
    if (classes && targets) {
      diags.report(targets->loc, diag::ConflictingArguments)
          << "classes" << "targets"
          << "a dataset has 'classes' (classification) or 'targets' (regression)";
      need(false);
    } else if (classes) {
      std::optional<int64_t> v = integerIn(classes, "classes", 2, 1 << 24);
      need(v.has_value());
      ds.classes = v.value_or(0);
    } else if (targets) {
      std::optional<int64_t> v = integerIn(targets, "targets", 1, 1 << 24);
      need(v.has_value());
      ds.targets = v.value_or(0);
    } else if (ds.sourceKind != SourceKind::Idx) {
      ds.targets = 1; // regression with one target
    } else {
      need(false); // reported as a missing argument
    }
  }
  ds.valid = ok;
  for (Dataset *half : names) {
    if (half == &ds)
      continue;
    half->sourceKind = ds.sourceKind;
    half->splitOf = ds.splitOf;
    half->validFraction = ds.validFraction;
    half->splitSeed = ds.splitSeed;
    half->isValidationPart = true;
    half->valid = ok;
  }
}

void Sema::resolveSplits() {
  // A split inherits its parent's sample shape and labels. Walk each chain of splits up to
  // a resolved dataset, then assign downwards: each dataset is visited a bounded number of
  // times and the C++ stack does not grow with the chain.
  enum State { Unvisited, Visiting, Done };
  llvm::DenseMap<Dataset *, State> state;
  for (Dataset *start : program.datasets) {
    if (start->sourceKind != SourceKind::Split || state[start] == Done)
      continue;
    std::vector<Dataset *> chain;
    Dataset *d = start;
    bool cycle = false;
    while (d && d->sourceKind == SourceKind::Split && state[d] != Done) {
      if (state[d] == Visiting) {
        cycle = true;
        break;
      }
      state[d] = Visiting;
      chain.push_back(d);
      d = d->splitOf;
    }
    if (cycle) {
      Dataset *first = d->firstName ? d->firstName : d;
      if (first->valid)
        diags.report(first->source->calleeLoc, diag::SplitNames)
            << "dataset '" + first->name + "' is split from itself";
      for (Dataset *c : chain) {
        c->valid = false;
        state[c] = Done;
      }
      continue;
    }
    bool rootOk = d && d->valid;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      Dataset *c = *it;
      c->valid = c->valid && rootOk && c->splitOf && c->splitOf->valid;
      if (c->splitOf) {
        c->sampleShape = c->splitOf->sampleShape;
        c->classes = c->splitOf->classes;
        c->targets = c->splitOf->targets;
      }
      state[c] = Done;
    }
  }
}
