// AST.cpp — small helpers of the AST: shapes, descriptions, the program's declaration lists.
#include "frontend/AST.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace lepton;
using namespace lepton::ast;

std::string ast::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0)
      out += ", ";
    out += std::to_string(shape[i]);
  }
  return out + "]";
}

int64_t ast::numElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n = saturatingMul(n, d);
  return n;
}

int64_t ast::saturatingMul(int64_t a, int64_t b) {
  int64_t result;
  if (__builtin_mul_overflow(a, b, &result))
    return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
  return result;
}

int64_t ast::saturatingAdd(int64_t a, int64_t b) {
  int64_t result;
  if (__builtin_add_overflow(a, b, &result))
    return a < 0 ? INT64_MIN : INT64_MAX;
  return result;
}

std::string ast::formatNumber(double value) {
  // The range test first: converting a double outside int64's range is undefined (found by fuzz-frontend).
  if (std::abs(value) < 1e15 && value == static_cast<double>(static_cast<int64_t>(value)))
    return std::to_string(static_cast<int64_t>(value));
  char buffer[64];
  for (int precision = 1; precision <= 17; ++precision) {
    snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  return buffer;
}

llvm::StringRef ast::describeDeclKind(Decl::Kind kind) {
  switch (kind) {
  case Decl::Kind::Dataset: return "a dataset";
  case Decl::Kind::Preprocess: return "a preprocess block";
  case Decl::Kind::Augment: return "an augment block";
  case Decl::Kind::Model: return "a model";
  case Decl::Kind::Train: return "a train block";
  case Decl::Kind::Env: return "an environment";
  case Decl::Kind::Agent: return "an agent";
  case Decl::Kind::Export: return "an export";
  case Decl::Kind::Target: return "a target";
  }
  return "a declaration";
}

std::string ast::describe(const Expr &expr) {
  switch (expr.getKind()) {
  case Expr::Kind::Number:
    return "the number " + llvm::cast<NumberExpr>(expr).spelling;
  case Expr::Kind::String:
    return "a string";
  case Expr::Kind::Bool:
    return llvm::cast<BoolExpr>(expr).value ? "'true'" : "'false'";
  case Expr::Kind::Name:
    return "'" + llvm::cast<NameExpr>(expr).name + "'";
  case Expr::Kind::Call:
    return "a call to '" + llvm::cast<CallExpr>(expr).callee + "'";
  case Expr::Kind::List:
    return "a list";
  case Expr::Kind::TensorType:
    return "a tensor type";
  case Expr::Kind::Unary:
  case Expr::Kind::Binary:
    return "an arithmetic expression";
  case Expr::Kind::Compare:
    return "a comparison";
  case Expr::Kind::Pipe:
    return "a data flow";
  }
  return "a value";
}

void Program::add(std::unique_ptr<Decl> decl) {
  Decl *d = decl.get();
  decls.push_back(std::move(decl));
  if (auto *x = llvm::dyn_cast<Dataset>(d))
    datasets.push_back(x);
  else if (auto *x = llvm::dyn_cast<Preprocess>(d))
    preprocesses.push_back(x);
  else if (auto *x = llvm::dyn_cast<Augment>(d))
    augments.push_back(x);
  else if (auto *x = llvm::dyn_cast<Model>(d))
    models.push_back(x);
  else if (auto *x = llvm::dyn_cast<Train>(d))
    trains.push_back(x);
  else if (auto *x = llvm::dyn_cast<Env>(d))
    envs.push_back(x);
  else if (auto *x = llvm::dyn_cast<Agent>(d))
    agents.push_back(x);
  else if (auto *x = llvm::dyn_cast<Export>(d))
    exports.push_back(x);
  else if (auto *x = llvm::dyn_cast<Target>(d)) {
    if (!target) {
      target = x;
      declaredTarget = true;
    }
  }
}
