// ASTBuilder.cpp — parse tree → AST: one function per grammar rule, nothing semantic.
#include "frontend/ASTBuilder.h"

#include "frontend/StringLiteral.h"

#include <cstdlib>

using namespace lepton;
using namespace lepton::ast;
using P = LeptonParser;

Location lepton::tokenLocation(llvm::StringRef file, const antlr4::Token *token) {
  if (!token)
    return Location();
  Location loc{file, static_cast<unsigned>(token->getLine()),
               static_cast<unsigned>(token->getCharPositionInLine()) + 1, 1};
  size_t start = token->getStartIndex(), stop = token->getStopIndex();
  if (token->getType() != antlr4::Token::EOF && stop >= start && stop != INVALID_INDEX)
    loc.length = static_cast<unsigned>(stop - start + 1);
  return loc;
}

namespace {

class Builder {
public:
  Builder(llvm::StringRef file, DiagnosticEngine &diags) : file(file), diags(diags) {}

  std::unique_ptr<Program> build(P::ProgramContext *tree);

private:
  Location loc(const antlr4::Token *token) { return tokenLocation(file, token); }
  Location loc(antlr4::tree::TerminalNode *node) { return node ? loc(node->getSymbol()) : Location(); }
  /// The first token of `ctx`, extended to its last token when both are on one line.
  Location loc(antlr4::ParserRuleContext *ctx);

  void buildDecl(Program &program, P::DeclContext *ctx);
  std::unique_ptr<Decl> buildDataset(P::DatasetDeclContext *ctx, Program &program);
  std::unique_ptr<Decl> buildExtern(P::ExternDeclContext *ctx);
  std::unique_ptr<Decl> buildModel(P::ModelDeclContext *ctx);
  std::unique_ptr<Decl> buildTrain(P::TrainDeclContext *ctx);
  std::unique_ptr<Decl> buildAgent(P::AgentDeclContext *ctx);
  std::unique_ptr<Decl> buildTarget(P::TargetDeclContext *ctx);
  void name(Decl &decl, antlr4::Token *token) {
    decl.name = token ? token->getText() : std::string();
    decl.nameLoc = loc(token);
  }

  Block buildBlock(P::BlockContext *ctx);
  std::unique_ptr<CallExpr> buildCall(P::CallContext *ctx);
  /// `cartpole` written without parentheses: the call with no arguments.
  std::unique_ptr<CallExpr> bareCall(antlr4::Token *name) {
    auto call = std::make_unique<CallExpr>(loc(name), name->getText());
    call->calleeLoc = call->loc;
    return call;
  }
  void buildArgs(P::ArgListContext *ctx, CallExpr &call);
  std::unique_ptr<TensorTypeExpr> buildTensorType(P::TensorTypeContext *ctx);
  ExprPtr buildExpr(P::ExprContext *ctx) {
    return ctx ? buildFlat(ctx->operand(), ctx->ops) : nullptr;
  }
  /// Applies precedence to a flat `operand (op operand)*` list: `* /` over `+ -` over
  /// comparisons over `|`. Iterative: the result is as deep as the bracket nesting.
  ExprPtr buildFlat(const std::vector<P::OperandContext *> &operands,
                    const std::vector<P::BinaryOpContext *> &ops);
  /// One precedence level: `parts[0] ops[0] parts[1] …` as a BinaryExpr (or parts[0]).
  ExprPtr chain(std::vector<ExprPtr> parts, std::vector<antlr4::Token *> ops);
  ExprPtr buildOperand(P::OperandContext *ctx);
  /// Folds a run of comparisons (level 1) or pipe stages (level 0).
  ExprPtr foldOther(int level, std::vector<ExprPtr> run, std::vector<antlr4::Token *> ops);
  ExprPtr buildNumber(antlr4::Token *token);
  ExprPtr buildString(antlr4::Token *token, bool terminated);
  void buildExprList(P::ExprListContext *ctx, std::vector<ExprPtr> &out);

  llvm::StringRef file;
  DiagnosticEngine &diags;
};

} // namespace

Location Builder::loc(antlr4::ParserRuleContext *ctx) {
  if (!ctx)
    return Location();
  Location result = loc(ctx->getStart());
  antlr4::Token *start = ctx->getStart(), *stop = ctx->getStop();
  if (start && stop && stop->getLine() == start->getLine() &&
      stop->getStopIndex() >= start->getStartIndex() && stop->getType() != antlr4::Token::EOF)
    result.length = static_cast<unsigned>(stop->getStopIndex() - start->getStartIndex() + 1);
  return result;
}

std::unique_ptr<Program> Builder::build(P::ProgramContext *tree) {
  auto program = std::make_unique<Program>();
  program->file = file.str();
  for (P::DeclContext *decl : tree->decl())
    buildDecl(*program, decl);
  return program;
}

void Builder::buildDecl(Program &program, P::DeclContext *ctx) {
  if (auto *pipeline = ctx->pipelineDecl()) {
    if (!pipeline->name)
      return;
    if (program.pipelineLoc.isValid()) {
      program.extraPipelines.emplace_back(pipeline->name->getText(), loc(pipeline->name));
      return;
    }
    program.pipelineName = pipeline->name->getText();
    program.pipelineLoc = loc(pipeline->name);
    return;
  }
  if (auto *dataset = ctx->datasetDecl()) {
    buildDataset(dataset, program);
    return;
  }

  std::unique_ptr<Decl> decl;
  if (auto *c = ctx->externDecl()) {
    decl = buildExtern(c);
  } else if (auto *c = ctx->preprocessDecl()) {
    auto pre = std::make_unique<Preprocess>(loc(c->PREPROCESS()));
    name(*pre, c->name);
    pre->body = buildBlock(c->block());
    decl = std::move(pre);
  } else if (auto *c = ctx->augmentDecl()) {
    auto aug = std::make_unique<Augment>(loc(c->AUGMENT()));
    name(*aug, c->name);
    aug->body = buildBlock(c->block());
    decl = std::move(aug);
  } else if (auto *c = ctx->modelDecl()) {
    decl = buildModel(c);
  } else if (auto *c = ctx->trainDecl()) {
    decl = buildTrain(c);
  } else if (auto *c = ctx->envDecl()) {
    auto env = std::make_unique<Env>(loc(c->ENV()));
    name(*env, c->name);
    env->source = c->bare ? bareCall(c->bare) : buildCall(c->call());
    decl = std::move(env);
  } else if (auto *c = ctx->agentDecl()) {
    decl = buildAgent(c);
  } else if (auto *c = ctx->exportDecl()) {
    auto exp = std::make_unique<Export>(loc(c->EXPORT()));
    if (c->what) {
      exp->what = c->what->getText();
      exp->whatLoc = loc(c->what);
    }
    if (c->symbol) {
      exp->symbol = c->symbol->getText();
      exp->symbolLoc = loc(c->symbol);
    }
    decl = std::move(exp);
  } else if (auto *c = ctx->targetDecl()) {
    decl = buildTarget(c);
  }
  if (decl)
    program.add(std::move(decl));
}

std::unique_ptr<Decl> Builder::buildDataset(P::DatasetDeclContext *ctx, Program &program) {
  std::shared_ptr<CallExpr> source = buildCall(ctx->call());
  unsigned index = 0;
  Dataset *first = nullptr;
  for (antlr4::Token *nameToken : ctx->names) {
    auto dataset = std::make_unique<Dataset>(loc(ctx->DATASET()));
    name(*dataset, nameToken);
    dataset->source = source;
    dataset->splitIndex = index++;
    dataset->numNames = static_cast<unsigned>(ctx->names.size());
    dataset->firstName = first ? first : dataset.get();
    if (!first)
      first = dataset.get();
    program.add(std::move(dataset));
  }
  return nullptr;
}

std::unique_ptr<Decl> Builder::buildExtern(P::ExternDeclContext *ctx) {
  auto call = std::make_unique<CallExpr>(loc(ctx->name), ctx->name ? ctx->name->getText() : "");
  call->calleeLoc = call->loc;
  buildArgs(ctx->argList(), *call);
  if (ctx->DATASET()) {
    auto dataset = std::make_unique<Dataset>(loc(ctx->EXTERN()));
    name(*dataset, ctx->name);
    dataset->isExtern = true;
    dataset->source = std::move(call);
    return dataset;
  }
  auto env = std::make_unique<Env>(loc(ctx->EXTERN()));
  name(*env, ctx->name);
  env->isExtern = true;
  env->source = std::move(call);
  return env;
}

std::unique_ptr<Decl> Builder::buildModel(P::ModelDeclContext *ctx) {
  auto model = std::make_unique<Model>(loc(ctx->MODEL()));
  name(*model, ctx->name);
  if (P::ParamContext *param = ctx->param()) {
    if (param->name) {
      model->inputName = param->name->getText();
      model->inputLoc = loc(param->name);
    }
    model->inputTypeExpr = buildTensorType(param->tensorType());
  }
  model->outputTypeExpr = buildTensorType(ctx->tensorType());
  model->body = buildBlock(ctx->block());
  return model;
}

std::unique_ptr<Decl> Builder::buildTrain(P::TrainDeclContext *ctx) {
  auto train = std::make_unique<Train>(loc(ctx->TRAIN()));
  if (ctx->model) {
    train->modelName = ctx->model->getText();
    train->modelLoc = loc(ctx->model);
  }
  if (P::DataflowContext *flow = ctx->dataflow()) {
    train->data.loc = loc(flow);
    for (antlr4::Token *stage : flow->stages)
      train->data.stages.emplace_back(stage->getText(), loc(stage));
  }
  train->body = buildBlock(ctx->block());
  return train;
}

std::unique_ptr<Decl> Builder::buildAgent(P::AgentDeclContext *ctx) {
  auto agent = std::make_unique<Agent>(loc(ctx->AGENT()));
  name(*agent, ctx->name);
  agent->kindCall = ctx->bare ? bareCall(ctx->bare) : buildCall(ctx->call());
  if (ctx->env) {
    agent->envName = ctx->env->getText();
    agent->envLoc = loc(ctx->env);
  }
  agent->body = buildBlock(ctx->block());
  return agent;
}

std::unique_ptr<Decl> Builder::buildTarget(P::TargetDeclContext *ctx) {
  auto target = std::make_unique<Target>(loc(ctx->TARGET()));
  target->kindCall = ctx->bare ? bareCall(ctx->bare) : buildCall(ctx->call());
  if (ctx->block())
    target->body = buildBlock(ctx->block());
  return target;
}

Block Builder::buildBlock(P::BlockContext *ctx) {
  Block block;
  if (!ctx)
    return block;
  block.open = loc(ctx->LBRACE());
  block.close = loc(ctx->RBRACE());
  for (P::ItemContext *itemCtx : ctx->item()) {
    BlockItem item;
    if (auto *setting = dynamic_cast<P::SettingContext *>(itemCtx)) {
      if (!setting->key)
        continue;
      item.name = setting->key->getText();
      item.loc = loc(setting->key);
      item.value = buildFlat(setting->operand(), setting->ops);
    } else if (auto *step = dynamic_cast<P::StepContext *>(itemCtx)) {
      std::unique_ptr<CallExpr> call = buildCall(step->call());
      if (!call)
        continue;
      item.isStep = true;
      item.name = call->callee;
      item.loc = call->calleeLoc;
      item.value = std::move(call);
    }
    if (item.value)
      block.items.push_back(std::move(item));
  }
  return block;
}

std::unique_ptr<CallExpr> Builder::buildCall(P::CallContext *ctx) {
  if (!ctx || !ctx->callee)
    return nullptr;
  auto call = std::make_unique<CallExpr>(loc(ctx), ctx->callee->getText());
  call->calleeLoc = loc(ctx->callee);
  buildArgs(ctx->argList(), *call);
  return call;
}

void Builder::buildArgs(P::ArgListContext *ctx, CallExpr &call) {
  if (!ctx)
    return;
  for (P::ArgContext *argCtx : ctx->arg()) {
    Arg arg;
    if (argCtx->name) {
      arg.name = argCtx->name->getText();
      arg.nameLoc = loc(argCtx->name);
    }
    arg.value = buildFlat(argCtx->operand(), argCtx->ops);
    if (arg.value)
      call.args.push_back(std::move(arg));
  }
}

std::unique_ptr<TensorTypeExpr> Builder::buildTensorType(P::TensorTypeContext *ctx) {
  if (!ctx || !ctx->elem)
    return nullptr;
  auto type = std::make_unique<TensorTypeExpr>(loc(ctx), ctx->elem->getText());
  type->elementLoc = loc(ctx->elem);
  buildExprList(ctx->exprList(), type->dims);
  return type;
}

void Builder::buildExprList(P::ExprListContext *ctx, std::vector<ExprPtr> &out) {
  if (!ctx)
    return;
  for (P::ExprContext *e : ctx->expr())
    if (ExprPtr value = buildExpr(e))
      out.push_back(std::move(value));
}

namespace {
/// Binding strength of a binary operator: higher binds tighter.
int precedence(llvm::StringRef op) {
  if (op == "*" || op == "/")
    return 3;
  if (op == "+" || op == "-")
    return 2;
  if (op == "|")
    return 0;
  return 1; // comparisons
}

/// A location from `first` to the end of `last` when both are on one line.
Location span(Location first, Location last) {
  if (first.line == last.line && last.col + last.length > first.col)
    first.length = last.col + last.length - first.col;
  return first;
}
} // namespace

ExprPtr Builder::chain(std::vector<ExprPtr> parts, std::vector<antlr4::Token *> ops) {
  if (parts.size() == 1)
    return std::move(parts.front());
  auto result = std::make_unique<BinaryExpr>(span(parts.front()->loc, parts.back()->loc));
  for (antlr4::Token *op : ops) {
    result->operators.push_back(op->getText()[0]);
    result->operatorLocs.push_back(loc(op));
  }
  result->operands = std::move(parts);
  return result;
}

ExprPtr Builder::buildFlat(const std::vector<P::OperandContext *> &operandCtxs,
                           const std::vector<P::BinaryOpContext *> &opCtxs) {
  std::vector<ExprPtr> operands;
  for (P::OperandContext *ctx : operandCtxs) {
    ExprPtr operand = buildOperand(ctx);
    if (!operand)
      return nullptr;
    operands.push_back(std::move(operand));
  }
  std::vector<antlr4::Token *> ops;
  for (P::BinaryOpContext *op : opCtxs)
    ops.push_back(op->getStart());
  if (operands.empty() || operands.size() != ops.size() + 1)
    return nullptr;

  // Fold the tighter levels first: products into terms, sums into sides, comparisons into
  // stages; then the stages into a pipe. Each level is one left-to-right pass.
  for (int level = 3; level >= 0; --level) {
    std::vector<ExprPtr> folded;
    std::vector<antlr4::Token *> remaining;
    std::vector<ExprPtr> run;
    std::vector<antlr4::Token *> runOps;
    run.push_back(std::move(operands[0]));
    for (size_t i = 0; i < ops.size(); ++i) {
      if (precedence(ops[i]->getText()) == level) {
        runOps.push_back(ops[i]);
        run.push_back(std::move(operands[i + 1]));
        continue;
      }
      folded.push_back(level == 3 || level == 2 ? chain(std::move(run), runOps)
                                                : foldOther(level, std::move(run), runOps));
      if (!folded.back())
        return nullptr;
      remaining.push_back(ops[i]);
      run.clear();
      runOps.clear();
      run.push_back(std::move(operands[i + 1]));
    }
    folded.push_back(level == 3 || level == 2 ? chain(std::move(run), runOps)
                                              : foldOther(level, std::move(run), runOps));
    if (!folded.back())
      return nullptr;
    operands = std::move(folded);
    ops = std::move(remaining);
  }
  return operands.size() == 1 ? std::move(operands.front()) : nullptr;
}

ExprPtr Builder::foldOther(int level, std::vector<ExprPtr> run,
                           std::vector<antlr4::Token *> ops) {
  if (run.size() == 1)
    return std::move(run.front());
  if (level == 1) {
    // One comparison: `a >= b`; `a < b < c` is not a Lepton condition.
    if (ops.size() > 1) {
      diags.report(loc(ops[1]), diag::SyntaxError)
          << "comparisons cannot be chained; a condition compares two values";
      return nullptr;
    }
    CompareOp op = lookupName<CompareOp>(ops[0]->getText()).value_or(CompareOp::Equal);
    Location where = span(run[0]->loc, run[1]->loc);
    return std::make_unique<CompareExpr>(where, op, loc(ops[0]), std::move(run[0]),
                                         std::move(run[1]));
  }
  auto pipe = std::make_unique<PipeExpr>(span(run.front()->loc, run.back()->loc));
  pipe->stages = std::move(run);
  return pipe;
}

ExprPtr Builder::buildOperand(P::OperandContext *ctx) {
  if (!ctx)
    return nullptr;
  ExprPtr value;
  if (auto *t = ctx->NUMBER())
    value = buildNumber(t->getSymbol());
  else if (auto *t = ctx->BAD_NUMBER())
    value = buildNumber(t->getSymbol()); // reported by the token scan
  else if (auto *t = ctx->STRING())
    value = buildString(t->getSymbol(), /*terminated=*/true);
  else if (auto *t = ctx->UNTERMINATED_STRING())
    value = buildString(t->getSymbol(), /*terminated=*/false);
  else if (auto *t = ctx->TRUE())
    value = std::make_unique<BoolExpr>(loc(t), true);
  else if (auto *t = ctx->FALSE())
    value = std::make_unique<BoolExpr>(loc(t), false);
  else if (auto *t = ctx->ON())
    value = std::make_unique<NameExpr>(loc(t), "on");
  else if (auto *c = ctx->call())
    value = buildCall(c);
  else if (auto *c = ctx->tensorType())
    value = buildTensorType(c);
  else if (auto *t = ctx->IDENT())
    value = std::make_unique<NameExpr>(loc(t), t->getText());
  else if (auto *t = ctx->LBRACK()) {
    auto list = std::make_unique<ListExpr>(span(loc(t), loc(ctx->RBRACK())));
    buildExprList(ctx->exprList(), list->elements);
    value = std::move(list);
  } else if (auto *t = ctx->LPAREN()) {
    value = buildExpr(ctx->expr());
    if (value)
      value->loc = span(loc(t), loc(ctx->RPAREN()));
  }
  if (!value || ctx->signs.empty())
    return value;
  bool negate = false;
  for (antlr4::Token *sign : ctx->signs)
    negate ^= sign->getText() == "-";
  return std::make_unique<UnaryExpr>(span(loc(ctx->signs.front()), value->loc), negate,
                                     std::move(value));
}

ExprPtr Builder::buildNumber(antlr4::Token *token) {
  // Numbers out of range were reported by the token scan (Parser.cpp).
  std::string text = token->getText();
  return std::make_unique<NumberExpr>(loc(token), std::strtod(text.c_str(), nullptr), text);
}

ExprPtr Builder::buildString(antlr4::Token *token, bool terminated) {
  // Problems inside the literal were reported by the token scan (Parser.cpp).
  return std::make_unique<StringExpr>(loc(token), decodeStringLiteral(token->getText(), terminated));
}

std::unique_ptr<Program> lepton::buildAST(LeptonParser::ProgramContext *tree, llvm::StringRef file,
                                          DiagnosticEngine &diags) {
  return Builder(file, diags).build(tree);
}
