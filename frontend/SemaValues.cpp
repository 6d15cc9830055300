// SemaValues.cpp — argument binding, constant evaluation and typed reading of values.
#include "frontend/Sema.h"

#include <cmath>

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::sema;

namespace {
std::vector<llvm::StringRef> paramNames(llvm::ArrayRef<Param> params) {
  std::vector<llvm::StringRef> names;
  for (const Param &p : params)
    names.push_back(p.name);
  return names;
}

const Param *findParam(llvm::ArrayRef<Param> params, llvm::StringRef name) {
  for (const Param &p : params)
    if (p.name == name)
      return &p;
  return nullptr;
}

/// Largest integer a double holds exactly.
constexpr double kMaxExactInteger = 9007199254740992.0;
} // namespace

//===----------------------------------------------------------------------------------===//
// Binding
//===----------------------------------------------------------------------------------===//

Bindings Sema::bindCall(const CallView &call, llvm::ArrayRef<Param> params) {
  Bindings bound;
  llvm::StringMap<Location> givenAt;
  std::vector<const Param *> positional;
  for (const Param &p : params)
    if (p.positional)
      positional.push_back(&p);
  std::set<std::string> suggested; // names offered by "did you mean"
  size_t nextPositional = 0;
  bool sawNamed = false, reportedSurplus = false;

  if (call.call) {
    for (const Arg &arg : call.call->args) {
      if (arg.isNamed()) {
        sawNamed = true;
        const Param *param = findParam(params, arg.name);
        if (!param) {
          std::string best = closestMatch(arg.name, paramNames(params));
          suggested.insert(best);
          InFlightDiagnostic d = diags.report(arg.nameLoc, diag::UnknownArgument);
          d << call.callee << arg.name;
          d.didYouMean(best);
          if (params.empty())
            d.note("'" + call.callee.str() + "' takes no arguments");
          else if (best.empty())
            d.note("'" + call.callee.str() + "' takes " + joinChoices(paramNames(params)));
          continue;
        }
        if (bound.has(param->name)) {
          (diags.report(arg.nameLoc, diag::DuplicateArgument) << arg.name)
              .note(givenAt[param->name], "'" + arg.name + "' is first given here");
          continue;
        }
        bound.set(param->name, arg.value.get());
        givenAt[param->name] = arg.nameLoc;
        continue;
      }
      if (sawNamed) {
        diags.report(arg.value->loc, diag::PositionalAfterNamed);
        continue;
      }
      if (nextPositional >= positional.size()) {
        if (!reportedSurplus) {
          reportedSurplus = true;
          size_t n = positional.size();
          diags.report(arg.value->loc, diag::TooManyArguments)
              << call.callee << static_cast<int64_t>(n) << (n == 1 ? "" : "s");
        }
        continue;
      }
      const Param *param = positional[nextPositional++];
      bound.set(param->name, arg.value.get());
      givenAt[param->name] = arg.value->loc;
    }
  }

  for (const Param &p : params)
    if (p.required && !bound.has(p.name) && !suggested.count(p.name.str()))
      diags.report(call.loc, diag::MissingArgument) << call.callee << p.name;
  return bound;
}

Bindings Sema::bindSettings(const Block &block, llvm::ArrayRef<Param> params,
                            llvm::StringRef owner, Location ownerLoc,
                            llvm::ArrayRef<llvm::StringRef> steps, bool anyStep) {
  Bindings bound;
  llvm::StringMap<Location> givenAt;
  std::set<std::string> suggested;
  for (const BlockItem &item : block.items) {
    if (item.isStep) {
      if (!anyStep && std::find(steps.begin(), steps.end(), item.name) == steps.end())
        (diags.report(item.loc, diag::MisplacedStep) << item.name << owner)
            .didYouMean(closestMatch(item.name, steps));
      continue;
    }
    if (params.empty()) {
      diags.report(item.loc, diag::MisplacedSetting) << item.name << owner;
      continue;
    }
    const Param *param = findParam(params, item.name);
    if (!param) {
      std::string best = closestMatch(item.name, paramNames(params));
      suggested.insert(best);
      InFlightDiagnostic d = diags.report(item.loc, diag::UnknownSetting);
      d << item.name << owner;
      d.didYouMean(best);
      if (best.empty())
        d.note("the settings of " + owner.str() + " are " + joinChoices(paramNames(params)));
      continue;
    }
    if (bound.has(param->name)) {
      (diags.report(item.loc, diag::DuplicateSetting) << item.name)
          .note(givenAt[param->name], "'" + item.name + "' is first set here");
      continue;
    }
    bound.set(param->name, item.value.get());
    givenAt[param->name] = item.loc;
  }
  for (const Param &p : params)
    if (p.required && !bound.has(p.name) && !suggested.count(p.name.str()))
      diags.report(ownerLoc, diag::MissingSetting) << owner << p.name;
  return bound;
}

//===----------------------------------------------------------------------------------===//
// Numbers
//===----------------------------------------------------------------------------------===//

std::optional<double> Sema::evaluate(const Expr *e, llvm::StringRef what, char op) {
  switch (e->getKind()) {
  case Expr::Kind::Number:
    return llvm::cast<NumberExpr>(e)->value;
  case Expr::Kind::Unary: {
    const auto *unary = llvm::cast<UnaryExpr>(e);
    std::optional<double> v = evaluate(unary->operand.get(), what, unary->negate ? '-' : '+');
    if (!v)
      return std::nullopt;
    return unary->negate ? -*v : *v;
  }
  case Expr::Kind::Binary: {
    const auto *chain = llvm::cast<BinaryExpr>(e);
    std::optional<double> acc = evaluate(chain->operands[0].get(), what, chain->operators[0]);
    bool ok = acc.has_value();
    for (size_t i = 0; i < chain->operators.size(); ++i) {
      char o = chain->operators[i];
      std::optional<double> rhs = evaluate(chain->operands[i + 1].get(), what, o);
      if (!ok || !rhs) {
        ok = false;
        continue;
      }
      switch (o) {
      case '+': *acc += *rhs; break;
      case '-': *acc -= *rhs; break;
      case '*': *acc *= *rhs; break;
      case '/':
        if (*rhs == 0) {
          diags.report(chain->operatorLocs[i], diag::DivisionByZero);
          ok = false;
          continue;
        }
        *acc /= *rhs;
        break;
      }
      if (!std::isfinite(*acc)) {
        diags.report(chain->operatorLocs[i], diag::NumberOutOfRange) << "the result of this operation";
        ok = false;
      }
    }
    return ok ? acc : std::nullopt;
  }
  case Expr::Kind::Compare:
    diags.report(llvm::cast<CompareExpr>(e)->opLoc, diag::MisplacedComparison);
    return std::nullopt;
  case Expr::Kind::Pipe:
    diags.report(e->loc, diag::MisplacedPipe) << what;
    return std::nullopt;
  default:
    if (op == 0)
      diags.report(e->loc, diag::TypeMismatch) << "a number" << what << describe(*e);
    else
      diags.report(e->loc, diag::InvalidOperand) << std::string(1, op) << describe(*e);
    return std::nullopt;
  }
}

std::optional<double> Sema::number(const Expr *e, llvm::StringRef what) {
  if (!e)
    return std::nullopt;
  return evaluate(e, what, 0);
}

std::optional<int64_t> Sema::integer(const Expr *e, llvm::StringRef what) {
  std::optional<double> v = number(e, what);
  if (!v)
    return std::nullopt;
  if (*v != std::floor(*v)) {
    diags.report(e->loc, diag::ExpectedInteger) << what << formatNumber(*v);
    return std::nullopt;
  }
  if (std::abs(*v) > kMaxExactInteger) {
    diags.report(e->loc, diag::ValueOutOfRange) << what << "at most 2^53" << formatNumber(*v);
    return std::nullopt;
  }
  return static_cast<int64_t>(*v);
}

bool Sema::checkRange(bool ok, const Expr *e, llvm::StringRef what, llvm::StringRef expectation,
                      double value) {
  if (!ok)
    diags.report(e->loc, diag::ValueOutOfRange) << what << expectation << formatNumber(value);
  return ok;
}

std::optional<int64_t> Sema::dimension(const Expr *e, llvm::StringRef what) {
  std::optional<int64_t> v = integer(e, what);
  if (!v)
    return std::nullopt;
  if (!checkRange(*v >= 1, e, what, "positive", static_cast<double>(*v)) ||
      !checkRange(*v <= kMaxDimension, e, what, "at most 2^31", static_cast<double>(*v)))
    return std::nullopt;
  return v;
}

std::optional<int64_t> Sema::integerIn(const Expr *e, llvm::StringRef what, int64_t min,
                                       int64_t max) {
  std::optional<int64_t> v = integer(e, what);
  if (!v)
    return std::nullopt;
  std::string expectation;
  if (max == kNoLimit)
    expectation = min == 1 ? "positive" : min == 0 ? "zero or more" : "at least " + std::to_string(min);
  else
    expectation = "between " + std::to_string(min) + " and " + std::to_string(max);
  if (!checkRange(*v >= min && *v <= max, e, what, expectation, static_cast<double>(*v)))
    return std::nullopt;
  return v;
}

std::optional<double> Sema::numberIn(const Expr *e, llvm::StringRef what, double min, double max,
                                     Interval interval) {
  std::optional<double> v = number(e, what);
  if (!v)
    return std::nullopt;
  bool ok = false;
  std::string expectation;
  switch (interval) {
  case Interval::Positive:
    ok = *v > 0;
    expectation = "positive";
    break;
  case Interval::NonNegative:
    ok = *v >= 0;
    expectation = "zero or more";
    break;
  case Interval::Closed:
    ok = *v >= min && *v <= max;
    expectation = "in [" + formatNumber(min) + ", " + formatNumber(max) + "]";
    break;
  case Interval::HalfOpen:
    ok = *v >= min && *v < max;
    expectation = "in [" + formatNumber(min) + ", " + formatNumber(max) + ")";
    break;
  case Interval::Open:
    ok = *v > min && *v < max;
    expectation = "in (" + formatNumber(min) + ", " + formatNumber(max) + ")";
    break;
  case Interval::LeftOpen:
    ok = *v > min && *v <= max;
    expectation = "in (" + formatNumber(min) + ", " + formatNumber(max) + "]";
    break;
  }
  if (!checkRange(ok, e, what, expectation, *v))
    return std::nullopt;
  return v;
}

//===----------------------------------------------------------------------------------===//
// Other values
//===----------------------------------------------------------------------------------===//

std::optional<bool> Sema::boolean(const Expr *e, llvm::StringRef what) {
  if (!e)
    return std::nullopt;
  if (const auto *b = llvm::dyn_cast<BoolExpr>(e))
    return b->value;
  if (const auto *name = llvm::dyn_cast<NameExpr>(e)) {
    if (name->name == "on")
      return true;
    if (name->name == "off")
      return false;
  }
  diags.report(e->loc, diag::TypeMismatch) << "'true' or 'false'" << what << describe(*e);
  return std::nullopt;
}

std::optional<std::string> Sema::string(const Expr *e, llvm::StringRef what) {
  if (!e)
    return std::nullopt;
  if (const auto *s = llvm::dyn_cast<StringExpr>(e))
    return s->value;
  diags.report(e->loc, diag::TypeMismatch) << "a string in double quotes" << what << describe(*e);
  return std::nullopt;
}

std::optional<CallView> Sema::callView(const Expr *e, llvm::StringRef what,
                                       llvm::StringRef example) {
  if (!e)
    return std::nullopt;
  if (const auto *call = llvm::dyn_cast<CallExpr>(e))
    return CallView{call->callee, call->calleeLoc, call};
  if (const auto *name = llvm::dyn_cast<NameExpr>(e))
    return CallView{name->name, name->loc, nullptr};
  diags.report(e->loc, diag::TypeMismatch) << ("a call like '" + example + "'").str() << what
                                           << describe(*e);
  return std::nullopt;
}

std::optional<Shape> Sema::shape(const Expr *e, llvm::StringRef what, bool allowInfer) {
  if (!e)
    return std::nullopt;
  const auto *list = llvm::dyn_cast<ListExpr>(e);
  if (!list) {
    if (llvm::isa<NumberExpr>(e) || llvm::isa<BinaryExpr>(e)) {
      if (std::optional<int64_t> d = dimension(e, what))
        return Shape{*d};
      return std::nullopt;
    }
    diags.report(e->loc, diag::TypeMismatch) << "a list of dimensions like [28, 28]" << what
                                             << describe(*e);
    return std::nullopt;
  }
  if (list->elements.empty() || list->elements.size() > kMaxRank) {
    diags.report(e->loc, diag::InvalidShape)
        << "a shape has 1 to " + std::to_string(kMaxRank) + " dimensions, found " +
               std::to_string(list->elements.size());
    return std::nullopt;
  }
  Shape result;
  bool ok = true, inferred = false;
  for (const ExprPtr &element : list->elements) {
    std::optional<int64_t> d = integer(element.get(), what);
    if (!d) {
      ok = false;
      continue;
    }
    if (*d == -1 && allowInfer && !inferred) {
      inferred = true;
    } else if (*d < 1 || *d > kMaxDimension) {
      checkRange(false, element.get(), what,
                 allowInfer ? "a positive dimension (or -1 once)" : "a positive dimension",
                 static_cast<double>(*d));
      ok = false;
      continue;
    }
    result.push_back(*d);
  }
  if (!ok)
    return std::nullopt;
  double total = 1;
  for (int64_t d : result)
    total *= static_cast<double>(std::abs(d));
  if (total > static_cast<double>(kMaxElements)) {
    diags.report(e->loc, diag::InvalidShape)
        << "shape " + formatShape(result) + " has more than 2^31 elements";
    return std::nullopt;
  }
  return result;
}

std::optional<std::array<int64_t, 2>> Sema::pair(const Expr *e, llvm::StringRef what) {
  if (!e)
    return std::nullopt;
  if (const auto *list = llvm::dyn_cast<ListExpr>(e)) {
    if (list->elements.size() != 2) {
      diags.report(e->loc, diag::TypeMismatch) << "a whole number or a pair [height, width]"
                                               << what << "a list of " +
                                                      std::to_string(list->elements.size());
      return std::nullopt;
    }
    std::optional<int64_t> h = dimension(list->elements[0].get(), what);
    std::optional<int64_t> w = dimension(list->elements[1].get(), what);
    if (!h || !w)
      return std::nullopt;
    return std::array<int64_t, 2>{{*h, *w}};
  }
  std::optional<int64_t> v = dimension(e, what);
  if (!v)
    return std::nullopt;
  return std::array<int64_t, 2>{{*v, *v}};
}

std::optional<TensorType> Sema::tensorType(const TensorTypeExpr *e, llvm::StringRef what) {
  if (!e)
    return std::nullopt;
  TensorType type;
  type.loc = e->loc;
  bool ok = true;
  if (std::optional<ElementType> element = lookupName<ElementType>(e->elementType)) {
    type.element = *element;
  } else {
    std::vector<llvm::StringRef> names = allNames<ElementType>();
    (diags.report(e->elementLoc, diag::UnknownElementType) << e->elementType)
        .didYouMean(closestMatch(e->elementType, names));
    ok = false;
  }
  if (e->dims.empty() || e->dims.size() > kMaxRank) {
    diags.report(e->loc, diag::InvalidShape)
        << "a tensor type has 1 to " + std::to_string(kMaxRank) + " dimensions, found " +
               std::to_string(e->dims.size());
    return std::nullopt;
  }
  for (const ExprPtr &dim : e->dims) {
    if (std::optional<int64_t> d = dimension(dim.get(), what))
      type.shape.push_back(*d);
    else
      ok = false;
  }
  if (ok && numElements(type.shape) > kMaxElements) {
    diags.report(e->loc, diag::InvalidShape)
        << "type " + formatShape(type.shape) + " has more than 2^31 elements";
    ok = false;
  }
  if (!ok)
    return std::nullopt;
  return type;
}
