// SyntaxErrors.cpp — rewrites ANTLR's syntax error reports into Lepton diagnostics.
#include "frontend/SyntaxErrors.h"

#include "frontend/ASTBuilder.h"

using namespace lepton;
using P = LeptonParser;

namespace {

/// The parser's vocabulary (token spellings), set while a strategy reports.
const antlr4::dfa::Vocabulary *parserVocabulary = nullptr;

bool isOperator(ssize_t type) {
  switch (type) {
  case P::PLUS: case P::MINUS: case P::STAR: case P::SLASH: case P::LT: case P::LE:
  case P::GT: case P::GE: case P::EQ: case P::NE: case P::PIPE:
    return true;
  default:
    return false;
  }
}

bool isKeyword(ssize_t type) { return type >= P::PIPELINE && type <= P::FALSE; }
/// A token's type with EOF as -1, as IntervalSet lists it.
ssize_t tokenType(const antlr4::Token *token) {
  return token->getType() == antlr4::Token::EOF ? -1 : static_cast<ssize_t>(token->getType());
}

/// Tokens that start a top-level declaration (or end the file): a block cannot go on there.
bool startsDeclaration(ssize_t type) {
  return (type >= P::PIPELINE && type <= P::EXTERN) || type == -1;
}
bool isCloser(ssize_t type) { return type == P::RPAREN || type == P::RBRACK || type == P::RBRACE; }
/// Tokens that can start a value (an argument, a list element, a setting's value).
bool startsValue(ssize_t type) {
  switch (type) {
  case P::IDENT: case P::NUMBER: case P::BAD_NUMBER: case P::STRING: case P::UNTERMINATED_STRING:
  case P::TRUE: case P::FALSE: case P::ON: case P::LBRACK: case P::LPAREN: case P::MINUS:
  case P::PLUS:
    return true;
  default:
    return false;
  }
}

/// "'foo'", "end of file", "a string".
std::string describeToken(const antlr4::Token *token) {
  if (!token || token->getType() == antlr4::Token::EOF)
    return "end of file";
  if (token->getType() == P::STRING || token->getType() == P::UNTERMINATED_STRING)
    return "a string";
  std::string text = token->getText();
  if (text.size() > 32)
    text = text.substr(0, 29) + "...";
  return "'" + text + "'";
}

/// How an expected token type reads in a message.
std::string describeType(ssize_t type) {
  if (type < 0)
    return "end of file";
  switch (type) {
  case P::IDENT: return "a name";
  case P::NUMBER: return "a number";
  case P::STRING: return "a string";
  default:
    return parserVocabulary ? parserVocabulary->getLiteralName(type) : "token " + std::to_string(type);
  }
}

/// The expected token types that matter to a user: operators that could continue an
/// expression are dropped, as are the error-token variants of numbers and strings.
std::vector<ssize_t> relevantTypes(const antlr4::misc::IntervalSet &expected) {
  std::vector<ssize_t> types;
  for (ssize_t type : expected.toList())
    if (!isOperator(type) && type != P::BAD_NUMBER && type != P::UNTERMINATED_STRING)
      types.push_back(type);
  return types;
}

bool has(const std::vector<ssize_t> &types, ssize_t type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::string joinTypes(const std::vector<ssize_t> &types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0)
      out += i + 1 == types.size() ? " or " : ", ";
    out += describeType(types[i]);
  }
  return out;
}

/// The bracket a missing closer should match, and how the message words the place.
struct Opener {
  antlr4::Token *token = nullptr;
  const char *where = "";
};

/// The innermost open bracket enclosing `ctx` that `closer` closes (any bracket when
/// `closer` is kAnyCloser).
constexpr ssize_t kAnyCloser = -2;
Opener findOpener(antlr4::ParserRuleContext *ctx, ssize_t closer, ssize_t *found = nullptr) {
  auto matches = [&](ssize_t kind) {
    if (closer != kAnyCloser && closer != kind)
      return false;
    if (found)
      *found = kind;
    return true;
  };
  for (; ctx; ctx = dynamic_cast<antlr4::ParserRuleContext *>(ctx->parent)) {
    if (auto *c = dynamic_cast<P::CallContext *>(ctx); c && c->LPAREN() && matches(P::RPAREN))
      return {c->LPAREN()->getSymbol(), "after argument list"};
    if (auto *c = dynamic_cast<P::ExternDeclContext *>(ctx); c && c->LPAREN() && matches(P::RPAREN))
      return {c->LPAREN()->getSymbol(), "after argument list"};
    if (auto *c = dynamic_cast<P::ModelDeclContext *>(ctx); c && c->LPAREN() && !c->RPAREN() &&
        matches(P::RPAREN))
      return {c->LPAREN()->getSymbol(), "after the model's input"};
    if (auto *c = dynamic_cast<P::OperandContext *>(ctx)) {
      if (c->LPAREN() && matches(P::RPAREN))
        return {c->LPAREN()->getSymbol(), "after expression"};
      if (c->LBRACK() && matches(P::RBRACK))
        return {c->LBRACK()->getSymbol(), "after list"};
    }
    if (auto *c = dynamic_cast<P::TensorTypeContext *>(ctx); c && c->LBRACK() && matches(P::RBRACK))
      return {c->LBRACK()->getSymbol(), "after the dimensions"};
    if (auto *c = dynamic_cast<P::BlockContext *>(ctx); c && c->LBRACE() && matches(P::RBRACE))
      return {c->LBRACE()->getSymbol(), "at end of block"};
  }
  return {};
}

} // namespace

InFlightDiagnostic SyntaxErrorStrategy::report(Location loc, diag::ID id) {
  if (quietLines && quietLines->count(loc.line))
    return InFlightDiagnostic();
  return diags.report(loc, id);
}

Location SyntaxErrorStrategy::at(const antlr4::Token *token) const {
  return tokenLocation(file, token);
}

Location SyntaxErrorStrategy::after(const antlr4::Token *token) const {
  return tokenLocation(file, token).end();
}

antlr4::Token *SyntaxErrorStrategy::previousToken(antlr4::Parser *parser, antlr4::Token *token) {
  antlr4::TokenStream *tokens = parser->getTokenStream();
  if (!token || token->getTokenIndex() == INVALID_INDEX)
    return nullptr;
  for (size_t i = token->getTokenIndex(); i > 0;) {
    antlr4::Token *previous = tokens->get(--i);
    if (previous->getChannel() == antlr4::Token::DEFAULT_CHANNEL)
      return previous;
  }
  return nullptr;
}

bool SyntaxErrorStrategy::reportMissingCloser(antlr4::Parser *parser, antlr4::Token *found,
                                              ssize_t closer) {
  Opener opener = findOpener(parser->getContext(), closer, &closer);
  if (!opener.token)
    return false;
  antlr4::Token *prev = previousToken(parser, found);
  const char *closerText = closer == P::RPAREN ? ")" : closer == P::RBRACK ? "]" : "}";
  (report(prev ? after(prev) : at(found), diag::ExpectedClosing) << closerText << opener.where)
      .note(at(opener.token), "to match this '" + opener.token->getText() + "'");
  return true;
}

void SyntaxErrorStrategy::reportExpected(antlr4::Parser *parser, antlr4::Token *found,
                                         const antlr4::misc::IntervalSet &expected) {
  ++numErrors;
  parserVocabulary = &parser->getVocabulary();
  std::vector<ssize_t> types = relevantTypes(expected);
  antlr4::Token *prev = previousToken(parser, found);
  std::string afterPrev = prev ? "after '" + prev->getText() + "'" : "here";
  Location afterLoc = prev ? after(prev) : at(found);
  size_t rule = parser->getContext()->getRuleIndex();

  if (rule == P::RuleProgram || rule == P::RuleDecl) {
    report(at(found), diag::ExpectedDeclaration) << describeToken(found);
    return;
  }
  if (types.size() == 1 && types[0] == P::IDENT) {
    if (isKeyword(tokenType(found)))
      report(at(found), diag::ReservedWord) << found->getText();
    else
      report(at(found), diag::ExpectedName) << afterPrev << describeToken(found);
    return;
  }
  if (has(types, P::NUMBER) && has(types, P::STRING)) {
    report(at(found), diag::ExpectedValue) << afterPrev << describeToken(found);
    return;
  }
  bool inBlock = rule == P::RuleBlock || rule == P::RuleItem;
  if (inBlock && has(types, P::IDENT) && !startsDeclaration(tokenType(found))) {
    report(at(found), diag::ExpectedItem) << describeToken(found);
    return;
  }
  bool inCall = rule == P::RuleArgList || rule == P::RuleCall || rule == P::RuleExternDecl;
  bool inList = rule == P::RuleExprList || rule == P::RuleOperand || rule == P::RuleTensorType;
  if ((inCall || inList) && has(types, P::COMMA) && startsValue(tokenType(found))) {
    report(afterLoc, diag::ExpectedToken)
        << (inCall ? "',' between arguments" : "',' between list elements") << describeToken(found);
    return;
  }
  for (ssize_t closer : types)
    if (isCloser(closer) && reportMissingCloser(parser, found, closer))
      return;
  if (types.empty()) {
    report(at(found), diag::UnexpectedToken) << describeToken(found) << "";
    return;
  }
  report(afterLoc, diag::ExpectedToken)
      << joinTypes(types) + " " + afterPrev << describeToken(found);
}

antlr4::Token *SyntaxErrorStrategy::recoverInline(antlr4::Parser *parser) {
  // A keyword where a name belongs (`model train(…)`): report it, then take it as the name
  // so the rest of the declaration parses normally.
  antlr4::Token *token = parser->getCurrentToken();
  if (isKeyword(token->getType()) && !inErrorRecoveryMode(parser) &&
      getExpectedTokens(parser).contains(static_cast<size_t>(P::IDENT))) {
    beginErrorCondition(parser);
    ++numErrors;
    report(at(token), diag::ReservedWord) << token->getText();
    parser->consume();
    reportMatch(parser);
    return token;
  }
  return antlr4::DefaultErrorStrategy::recoverInline(parser);
}

antlr4::Token *SyntaxErrorStrategy::singleTokenDeletion(antlr4::Parser *parser) {
  // A declaration keyword is never "extra": what is missing is the end of what came before.
  if (startsDeclaration(tokenType(parser->getCurrentToken())))
    return nullptr;
  // Where only a name fits, dropping the token and taking the next word as the name (ANTLR's
  // guess) gives confusing follow-up errors: report the missing name instead.
  std::vector<ssize_t> expected = getExpectedTokens(parser).toList();
  if (expected.size() == 1 && expected[0] == P::IDENT)
    return nullptr;
  return antlr4::DefaultErrorStrategy::singleTokenDeletion(parser);
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser))
    return;
  beginErrorCondition(parser);
  reportExpected(parser, parser->getCurrentToken(), getExpectedTokens(parser));
}

void SyntaxErrorStrategy::reportInputMismatch(antlr4::Parser *parser,
                                              const antlr4::InputMismatchException &e) {
  reportExpected(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser))
    return;
  beginErrorCondition(parser);
  ++numErrors;
  antlr4::Token *token = parser->getCurrentToken();
  size_t rule = parser->getContext()->getRuleIndex();
  if (rule == P::RuleProgram && isCloser(token->getType())) {
    report(at(token), diag::UnexpectedToken) << describeToken(token) << "; it closes nothing";
  } else if (rule == P::RuleProgram) {
    report(at(token), diag::ExpectedDeclaration) << describeToken(token);
  } else if (rule == P::RuleBlock) {
    if (!startsDeclaration(tokenType(token)) || !reportMissingCloser(parser, token, P::RBRACE))
      report(at(token), diag::ExpectedItem) << describeToken(token);
  } else {
    parserVocabulary = &parser->getVocabulary();
    std::vector<ssize_t> types = relevantTypes(getExpectedTokens(parser));
    std::string hint = types.empty() ? "" : "; expected " + joinTypes(types);
    report(at(token), diag::UnexpectedToken) << describeToken(token) << hint;
  }
}

void SyntaxErrorStrategy::reportNoViableAlternative(antlr4::Parser *parser,
                                                    const antlr4::NoViableAltException &e) {
  ++numErrors;
  antlr4::Token *found = e.getOffendingToken();
  antlr4::Token *start = e.getStartToken();
  antlr4::Token *prev = previousToken(parser, found);
  std::string afterPrev = prev ? "after '" + prev->getText() + "'" : "here";
  switch (parser->getContext()->getRuleIndex()) {
  case P::RuleProgram:
  case P::RuleDecl:
    if (start == found || !start)
      report(at(found), diag::ExpectedDeclaration) << describeToken(found);
    else
      report(at(found), diag::UnexpectedToken) << describeToken(found) << " " + afterPrev;
    return;
  case P::RuleItem:
    if (start && start != found && start->getType() == P::IDENT)
      report(after(start), diag::ExpectedToken)
          << "':' (a setting) or '(' (a step) after '" + start->getText() + "'"
          << describeToken(found);
    else
      report(at(found), diag::ExpectedItem) << describeToken(found);
    return;
  case P::RuleArgList: case P::RuleExprList: case P::RuleExpr: case P::RuleOperand:
  case P::RuleBinaryOp: case P::RuleArg:
    // The next line starts without a ',' or a closing bracket: the bracket is missing.
    if (prev && (prev->getLine() != found->getLine() || startsDeclaration(tokenType(found))) &&
        reportMissingCloser(parser, found, kAnyCloser))
      return;
    report(at(found), diag::ExpectedValue) << afterPrev << describeToken(found);
    return;
  default:
    report(at(found), diag::SyntaxError) << "unexpected " + describeToken(found) + " " + afterPrev;
    return;
  }
}

void SyntaxErrorStrategy::reportFailedPredicate(antlr4::Parser *parser,
                                                const antlr4::FailedPredicateException &e) {
  // The only predicate is sameLine() between arguments or list elements.
  ++numErrors;
  antlr4::Token *found = e.getOffendingToken();
  if (reportMissingCloser(parser, found, kAnyCloser))
    return;
  report(at(found), diag::SyntaxError) << "unexpected " + describeToken(found);
}
