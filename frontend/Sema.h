// Sema.h — semantic analysis: names, arguments, values, shapes and every static check.
#ifndef LEPTON_FRONTEND_SEMA_H
#define LEPTON_FRONTEND_SEMA_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/ShapeInference.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <set>

namespace lepton {

/// Resolves names, evaluates constants, infers every shape and runs the static checks of
/// LANGUAGE.md, filling the resolved fields of `program`. Reports every problem found;
/// returns false when any error was reported.
bool analyzeProgram(ast::Program &program, DiagnosticEngine &diags);

namespace sema {

/// A parameter of a call (`units` of dense) or a setting of a block (`epochs` of train).
struct Param {
  llvm::StringRef name;
  bool positional = false; ///< may be given without its name, in declaration order
  bool required = false;
};

/// Arguments or settings matched to their parameters.
class Bindings {
public:
  /// The value given for `name`, or null.
  const ast::Expr *get(llvm::StringRef name) const {
    auto it = values.find(name);
    return it == values.end() ? nullptr : it->second;
  }
  bool has(llvm::StringRef name) const { return get(name) != nullptr; }
  void set(llvm::StringRef name, const ast::Expr *value) { values[name] = value; }

private:
  llvm::StringMap<const ast::Expr *> values;
};

constexpr int64_t kNoLimit = INT64_MAX;
constexpr int64_t kMaxDimension = int64_t(1) << 31;
constexpr int64_t kMaxElements = int64_t(1) << 31;
constexpr size_t kMaxRank = 4;

/// How numberIn bounds a value.
enum class Interval { Positive, NonNegative, Closed, HalfOpen, Open, LeftOpen };

/// A call written as `name(args)` or just `name` (e.g. `optimizer: adam`).
struct CallView {
  llvm::StringRef callee;
  Location loc;
  const ast::CallExpr *call = nullptr; ///< null for a bare name
};

class Sema {
public:
  Sema(ast::Program &program, DiagnosticEngine &diags) : program(program), diags(diags) {}
  bool run();

  // ---- Binding and values (SemaValues.cpp) ----------------------------------------------
  /// Matches `call`'s arguments to `params`: unknown (with "did you mean"), duplicate,
  /// surplus positional and missing required arguments are reported.
  Bindings bindCall(const CallView &call, llvm::ArrayRef<Param> params);
  /// Matches the settings of `block` to `params`. Steps are left to the caller when
  /// `anyStep`, else allowed only when their name is in `steps`; `owner` names the block in
  /// messages ("a train block") and `ownerLoc` is where missing settings are reported.
  Bindings bindSettings(const ast::Block &block, llvm::ArrayRef<Param> params,
                        llvm::StringRef owner, Location ownerLoc,
                        llvm::ArrayRef<llvm::StringRef> steps = {}, bool anyStep = false);

  std::optional<double> number(const ast::Expr *e, llvm::StringRef what);
  std::optional<int64_t> integer(const ast::Expr *e, llvm::StringRef what);
  /// A whole number usable as a dimension: positive, at most 2^31.
  std::optional<int64_t> dimension(const ast::Expr *e, llvm::StringRef what);
  /// A whole number in [min, max] (max kNoLimit: unbounded).
  std::optional<int64_t> integerIn(const ast::Expr *e, llvm::StringRef what, int64_t min,
                                   int64_t max = kNoLimit);
  /// A number in the interval given by `interval` (min/max unused for Positive, NonNegative).
  std::optional<double> numberIn(const ast::Expr *e, llvm::StringRef what, double min,
                                 double max, Interval interval);
  std::optional<bool> boolean(const ast::Expr *e, llvm::StringRef what);
  std::optional<std::string> string(const ast::Expr *e, llvm::StringRef what);
  std::optional<CallView> callView(const ast::Expr *e, llvm::StringRef what,
                                   llvm::StringRef example);
  /// A list of positive whole numbers (`[28, 28]`); `allowInfer` admits one -1.
  std::optional<ast::Shape> shape(const ast::Expr *e, llvm::StringRef what, bool allowInfer);
  /// A positive whole number `3` or a pair `[3, 2]`.
  std::optional<std::array<int64_t, 2>> pair(const ast::Expr *e, llvm::StringRef what);
  std::optional<ast::TensorType> tensorType(const ast::TensorTypeExpr *e, llvm::StringRef what);
  /// A name from `E`'s vocabulary; unknown names are reported with `unknownId` (or
  /// invalid-choice when it is NumIDs, wording the kind as `kindWords`).
  template <typename E>
  std::optional<E> choice(const ast::Expr *e, llvm::StringRef what, diag::ID unknownId,
                          llvm::StringRef kindWords);
  /// Starts the diagnostic of a shape rule that failed at `loc` (with its hint as a note).
  InFlightDiagnostic reportShapeError(const shapes::ShapeError &error, Location loc);
  /// Reports `what` out of range unless `ok`; `expectation` reads "positive", "in [0, 1)".
  bool checkRange(bool ok, const ast::Expr *e, llvm::StringRef what, llvm::StringRef expectation,
                  double value);

  // ---- Names (Sema.cpp) ------------------------------------------------------------------
  /// The declaration named `name` of kind `kind`; reports unknown names with `unknownId`
  /// and "did you mean", and names of another kind.
  ast::Decl *lookup(llvm::StringRef name, Location loc, ast::Decl::Kind kind, diag::ID unknownId);
  template <typename T>
  T *lookupAs(llvm::StringRef name, Location loc, diag::ID unknownId) {
    return llvm::cast_or_null<T>(lookup(name, loc, T::ThisKind, unknownId));
  }

  // ---- Declarations (SemaData.cpp, SemaModel.cpp, SemaTrain.cpp, SemaRL.cpp, SemaTarget.cpp)
  void checkDataset(ast::Dataset &dataset);
  /// Gives each half of a split its parent's sample shape and labels (after checkDataset
  /// ran on all datasets); follows chains of splits without recursion.
  void resolveSplits();
  void checkPreprocess(ast::Preprocess &block);
  void checkAugment(ast::Augment &block);
  /// Resolves `flow`'s names and infers the sample shape after every transform. Returns
  /// false (after reporting) when the flow does not resolve or its shapes do not compose.
  bool resolveDataFlow(ast::DataFlow &flow);
  void checkModel(ast::Model &model);
  void checkTrain(ast::Train &train);
  void checkEnv(ast::Env &env);
  void checkAgent(ast::Agent &agent);
  void checkExport(ast::Export &exp);
  void checkTarget(ast::Target &target);

  /// The optimizer of a train block or an agent (`adam(lr: 0.001)`).
  std::optional<ast::OptimizerSpec> optimizer(const ast::Expr *e);
  /// A regularizer value: `l2(1e-4)`, `l1(…)`, `none`.
  std::optional<ast::Regularizer> regularizer(const ast::Expr *e);
  void checkLossAndLabels(ast::Train &train);
  void checkAugmentation(ast::Train &train);
  /// Reads the arguments of a layer call into `layer`; false when some are wrong.
  bool layerArguments(ast::Layer &layer, const CallView &view);

  ast::Program &program;
  DiagnosticEngine &diags;

private:
  std::optional<double> evaluate(const ast::Expr *e, llvm::StringRef what, char op);

  llvm::StringMap<ast::Decl *> symbols;
  /// The datasets declared together (`dataset a, b = split(…)`), keyed by the first.
  llvm::DenseMap<ast::Dataset *, llvm::SmallVector<ast::Dataset *, 2>> datasetGroups;
  /// Exported C symbols, for duplicates.
  llvm::StringMap<ast::Export *> exportedSymbols;
  /// Data-flow shape errors already reported, so a block used twice is reported once.
  std::set<std::pair<const void *, std::string>> reportedShapeErrors;
  friend bool analyzeProgram(ast::Program &, DiagnosticEngine &);

public:
  /// True the first time (`node`, `key`) is seen: for reporting a shared problem once.
  bool firstReport(const void *node, const std::string &key) {
    return reportedShapeErrors.insert({node, key}).second;
  }
};

template <typename E>
std::optional<E> Sema::choice(const ast::Expr *e, llvm::StringRef what, diag::ID unknownId,
                              llvm::StringRef kindWords) {
  if (!e)
    return std::nullopt;
  const auto *name = llvm::dyn_cast<ast::NameExpr>(e);
  if (!name) {
    diags.report(e->loc, diag::TypeMismatch)
        << ("a name (" + joinChoices(allNames<E>()) + ")") << what << ast::describe(*e);
    return std::nullopt;
  }
  if (std::optional<E> value = lookupName<E>(name->name))
    return value;
  std::vector<llvm::StringRef> names = allNames<E>();
  std::string best = closestMatch(name->name, names);
  if (unknownId == diag::NumIDs) {
    (diags.report(e->loc, diag::InvalidChoice) << name->name << kindWords << joinChoices(names))
        .didYouMean(best);
  } else {
    InFlightDiagnostic d = diags.report(e->loc, unknownId);
    d << name->name;
    d.didYouMean(best);
    if (best.empty())
      d.note("valid " + kindWords.str() + "s are " + joinChoices(names));
  }
  return std::nullopt;
}

} // namespace sema
} // namespace lepton

#endif // LEPTON_FRONTEND_SEMA_H
