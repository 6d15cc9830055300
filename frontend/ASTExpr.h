// ASTExpr.h — Lepton's syntactic values: constant expressions, names, calls, lists, tensor types.
#ifndef LEPTON_FRONTEND_ASTEXPR_H
#define LEPTON_FRONTEND_ASTEXPR_H

#include "frontend/Location.h"
#include "frontend/Vocabulary.h"

#include "llvm/Support/Casting.h"

#include <memory>
#include <string>
#include <vector>

namespace lepton::ast {

/// A value as written. Semantic analysis evaluates these into the typed fields of the
/// declarations (numbers in double precision, checked integers, enums, shapes); MLIRGen
/// should read those fields, not these trees.
///
/// Binary operator chains are stored flat (operands + operators, left to right), so the
/// tree is only as deep as the bracket nesting, which the parser bounds.
class Expr {
public:
  enum class Kind { Number, String, Bool, Name, Call, List, TensorType, Unary, Binary, Compare, Pipe };

  Expr(Kind kind, Location loc) : kind(kind), loc(loc) {}
  virtual ~Expr() = default;

  Kind getKind() const { return kind; }
  const Kind kind;
  /// The first token, with the extent of the whole expression when it fits on one line.
  Location loc;
};
using ExprPtr = std::unique_ptr<Expr>;

/// `128`, `2.5e-4`: `value` is the literal in double precision.
struct NumberExpr : Expr {
  NumberExpr(Location loc, double value, std::string spelling)
      : Expr(Kind::Number, loc), value(value), spelling(std::move(spelling)) {}
  double value;
  std::string spelling;
  static bool classof(const Expr *e) { return e->getKind() == Kind::Number; }
};

/// `"path"` with escapes decoded.
struct StringExpr : Expr {
  StringExpr(Location loc, std::string value) : Expr(Kind::String, loc), value(std::move(value)) {}
  std::string value;
  static bool classof(const Expr *e) { return e->getKind() == Kind::String; }
};

/// `true` or `false`.
struct BoolExpr : Expr {
  BoolExpr(Location loc, bool value) : Expr(Kind::Bool, loc), value(value) {}
  bool value;
  static bool classof(const Expr *e) { return e->getKind() == Kind::Bool; }
};

/// An identifier: a declaration (`pixels`) or a choice (`relu`, `native`, `on`).
struct NameExpr : Expr {
  NameExpr(Location loc, std::string name) : Expr(Kind::Name, loc), name(std::move(name)) {}
  std::string name;
  static bool classof(const Expr *e) { return e->getKind() == Kind::Name; }
};

/// One argument of a call: positional when `name` is empty.
struct Arg {
  std::string name;
  Location nameLoc;
  ExprPtr value;
  bool isNamed() const { return !name.empty(); }
};

/// `dense(128, activation: relu)`, `adam(lr: 0.001)`, `mean_return(100)`.
struct CallExpr : Expr {
  CallExpr(Location loc, std::string callee) : Expr(Kind::Call, loc), callee(std::move(callee)) {}
  std::string callee;
  Location calleeLoc;
  std::vector<Arg> args;
  static bool classof(const Expr *e) { return e->getKind() == Kind::Call; }
};

/// `[28, 28]`, `[accuracy]`.
struct ListExpr : Expr {
  explicit ListExpr(Location loc) : Expr(Kind::List, loc) {}
  std::vector<ExprPtr> elements;
  static bool classof(const Expr *e) { return e->getKind() == Kind::List; }
};

/// `f32[28, 28, 1]`: a tensor type (one sample; the batch dimension is implicit).
struct TensorTypeExpr : Expr {
  TensorTypeExpr(Location loc, std::string elementType)
      : Expr(Kind::TensorType, loc), elementType(std::move(elementType)) {}
  std::string elementType;
  Location elementLoc;
  std::vector<ExprPtr> dims;
  static bool classof(const Expr *e) { return e->getKind() == Kind::TensorType; }
};

/// `-x` (a run of signs folded: `- -x` is `x`).
struct UnaryExpr : Expr {
  UnaryExpr(Location loc, bool negate, ExprPtr operand)
      : Expr(Kind::Unary, loc), negate(negate), operand(std::move(operand)) {}
  bool negate;
  ExprPtr operand;
  static bool classof(const Expr *e) { return e->getKind() == Kind::Unary; }
};

/// `a op b op c …` with operators of one precedence level (`+ -` or `* /`), left to right.
struct BinaryExpr : Expr {
  explicit BinaryExpr(Location loc) : Expr(Kind::Binary, loc) {}
  std::vector<ExprPtr> operands; ///< operators.size() + 1 of them
  std::vector<char> operators;   ///< '+', '-', '*', '/'
  std::vector<Location> operatorLocs;
  static bool classof(const Expr *e) { return e->getKind() == Kind::Binary; }
};

/// `mean_return(100) >= 475`.
struct CompareExpr : Expr {
  CompareExpr(Location loc, CompareOp op, Location opLoc, ExprPtr lhs, ExprPtr rhs)
      : Expr(Kind::Compare, loc), op(op), opLoc(opLoc), lhs(std::move(lhs)), rhs(std::move(rhs)) {}
  CompareOp op;
  Location opLoc;
  ExprPtr lhs, rhs;
  static bool classof(const Expr *e) { return e->getKind() == Kind::Compare; }
};

/// `fashion_test | pixels`: a dataset and the preprocess blocks applied to it, in order.
struct PipeExpr : Expr {
  explicit PipeExpr(Location loc) : Expr(Kind::Pipe, loc) {}
  std::vector<ExprPtr> stages;
  static bool classof(const Expr *e) { return e->getKind() == Kind::Pipe; }
};

/// What an expression is, for "expected a number, found a string": "a string", "'relu'", …
std::string describe(const Expr &expr);

} // namespace lepton::ast

#endif // LEPTON_FRONTEND_ASTEXPR_H
