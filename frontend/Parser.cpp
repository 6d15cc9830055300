// Parser.cpp — runs the ANTLR lexer and parser; the parse tree ends at the AST builder.
#include "frontend/Parser.h"

#include "frontend/ASTBuilder.h"
#include "frontend/StringLiteral.h"
#include "frontend/SyntaxErrors.h"

#include "grammar/LeptonLexer.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdlib>

using namespace lepton;

namespace {

/// ANTLR's input stream, filled by a plain UTF-8 decoder: the runtime's own conversion goes
/// through std::wstring_convert, which is slow and throws on invalid input (the text was
/// validated before, see SourceInput.h). Token texts are encoded back the same way.
class Utf8InputStream : public antlr4::ANTLRInputStream {
public:
  explicit Utf8InputStream(llvm::StringRef text) {
    _data.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
      unsigned char c = text[i];
      unsigned extra = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
      char32_t code = extra == 0 ? c : c & (0x3F >> extra);
      for (unsigned k = 1; k <= extra && i + k < text.size(); ++k)
        code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      _data.push_back(code);
      i += extra + 1;
    }
    p = 0;
  }

  std::string getText(const antlr4::misc::Interval &interval) override {
    if (interval.a < 0 || interval.b < interval.a)
      return "";
    size_t begin = static_cast<size_t>(interval.a);
    size_t end = std::min(static_cast<size_t>(interval.b) + 1, _data.size());
    std::string out;
    for (size_t i = begin; i < end; ++i) {
      char32_t c = _data[i];
      if (c < 0x80) {
        out += static_cast<char>(c);
      } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
      } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    return out;
  }
};

/// Reports what the lexer could only mark: tokens of the error channel, unterminated
/// strings, exponents without digits; and the bracket nesting depth. Returns false when
/// parsing must not start (nesting too deep).
bool scanTokens(llvm::StringRef file, antlr4::CommonTokenStream &tokens, DiagnosticEngine &diags,
                std::set<unsigned> &quietLines) {
  unsigned depth = 0;
  for (antlr4::Token *token : tokens.getTokens()) {
    Location loc = tokenLocation(file, token);
    switch (token->getType()) {
    case LeptonLexer::INVALID: {
      std::string text = token->getText();
      uint32_t codePoint = 0;
      if (!text.empty()) {
        unsigned char c = text[0];
        codePoint = c < 0x80 ? c : 0;
        if (c >= 0x80) {
          // Decode one UTF-8 sequence (validated earlier) for the message.
          unsigned extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
          codePoint = c & (0x3F >> extra);
          for (unsigned i = 1; i <= extra && i < text.size(); ++i)
            codePoint = (codePoint << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
        }
      }
      std::string shown = "U+" + llvm::utohexstr(codePoint, false, 4);
      if (codePoint == 0)
        shown += " (NUL)";
      else if (codePoint >= 0x20 && codePoint != 0x7F)
        shown = "'" + text + "' (" + shown + ")";
      diags.report(loc, diag::InvalidCharacter) << shown;
      break;
    }
    case LeptonLexer::UNTERMINATED_COMMENT:
      loc.length = 2;
      diags.report(loc, diag::UnterminatedComment);
      break;
    case LeptonLexer::UNTERMINATED_STRING:
      quietLines.insert(loc.line);
      diags.report(loc.end(), diag::UnterminatedString)
          .note(Location{loc.file, loc.line, loc.col, 1}, "the string starts here");
      break;
    case LeptonLexer::STRING: {
      std::vector<LiteralProblem> problems;
      decodeStringLiteral(token->getText(), /*terminated=*/true, &problems);
      for (const LiteralProblem &problem : problems)
        diags.report(Location{loc.file, loc.line, loc.col + problem.offset, problem.length},
                     problem.id)
            << problem.arg;
      break;
    }
    case LeptonLexer::NUMBER: {
      std::string text = token->getText();
      if (std::isinf(std::strtod(text.c_str(), nullptr)))
        diags.report(loc, diag::NumberOutOfRange) << "'" + text + "'";
      break;
    }
    case LeptonLexer::BAD_NUMBER:
      diags.report(loc, diag::InvalidNumber) << token->getText();
      break;
    case LeptonLexer::LPAREN:
    case LeptonLexer::LBRACK:
    case LeptonLexer::LBRACE:
      if (++depth > kMaxNestingDepth) {
        diags.report(loc, diag::NestingTooDeep) << static_cast<int64_t>(kMaxNestingDepth);
        return false;
      }
      break;
    case LeptonLexer::RPAREN:
    case LeptonLexer::RBRACK:
    case LeptonLexer::RBRACE:
      if (depth > 0)
        --depth;
      break;
    default:
      break;
    }
  }
  return true;
}

/// Lexer errors cannot happen (the INVALID rule matches any character), but if the
/// runtime reports one anyway it becomes a diagnostic rather than console output.
class LexerErrorListener : public antlr4::BaseErrorListener {
public:
  LexerErrorListener(llvm::StringRef file, DiagnosticEngine &diags) : file(file), diags(diags) {}
  void syntaxError(antlr4::Recognizer *, antlr4::Token *, size_t line, size_t col,
                   const std::string &msg, std::exception_ptr) override {
    diags.report(Location{file, static_cast<unsigned>(line), static_cast<unsigned>(col) + 1, 1},
                 diag::SyntaxError)
        << msg;
  }

private:
  llvm::StringRef file;
  DiagnosticEngine &diags;
};

/// Reports arguments and list elements written without the ',' between them (the grammar
/// accepts them so that the rest of the line still parses). Runs as a parse listener, so
/// these errors come in source order with the others.
class MissingCommaChecker : public antlr4::tree::ParseTreeListener {
public:
  MissingCommaChecker(llvm::StringRef file, DiagnosticEngine &diags,
                      const std::set<unsigned> &quietLines)
      : file(file), diags(diags), quietLines(quietLines) {}
  void visitTerminal(antlr4::tree::TerminalNode *) override {}
  void visitErrorNode(antlr4::tree::ErrorNode *) override {}
  void enterEveryRule(antlr4::ParserRuleContext *) override {}
  void exitEveryRule(antlr4::ParserRuleContext *ctx) override {
    bool isArgs = dynamic_cast<LeptonParser::ArgListContext *>(ctx) != nullptr;
    if (!isArgs && !dynamic_cast<LeptonParser::ExprListContext *>(ctx))
      return;
    antlr4::ParserRuleContext *previous = nullptr;
    for (antlr4::tree::ParseTree *child : ctx->children) {
      auto *item = dynamic_cast<antlr4::ParserRuleContext *>(child);
      if (item && previous && previous->getStop() && item->getStart() &&
          !quietLines.count(item->getStart()->getLine()))
        diags.report(tokenLocation(file, previous->getStop()).end(), diag::ExpectedToken)
            << (isArgs ? "',' between arguments" : "',' between list elements")
            << "'" + item->getStart()->getText() + "'";
      previous = item;
    }
  }

private:
  llvm::StringRef file;
  DiagnosticEngine &diags;
  const std::set<unsigned> &quietLines;
};

} // namespace

std::unique_ptr<ast::Program> lepton::parseSource(llvm::StringRef fileName, llvm::StringRef text,
                                                  DiagnosticEngine &diags) {
  llvm::StringRef file = internFileName(fileName);
  unsigned errorsBefore = diags.errorCount();
  try {
    Utf8InputStream input(text);
    LeptonLexer lexer(&input);
    LexerErrorListener lexerErrors(file, diags);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&lexerErrors);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();

    std::set<unsigned> quietLines;
    if (!scanTokens(file, tokens, diags, quietLines))
      return nullptr;

    LeptonParser parser(&tokens);
    parser.removeErrorListeners();
    auto strategy = std::make_shared<SyntaxErrorStrategy>(file, diags);
    strategy->setQuietLines(&quietLines);
    parser.setErrorHandler(strategy);
    MissingCommaChecker commas(file, diags, quietLines);
    parser.addParseListener(&commas);
    // The grammar is SLL: the faster prediction mode gives the same parse.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    LeptonParser::ProgramContext *tree = parser.program();
    if (strategy->errorCount() != 0 || diags.errorCount() != errorsBefore)
      return nullptr;

    std::unique_ptr<ast::Program> program = buildAST(tree, file, diags);
    if (diags.errorCount() != errorsBefore)
      return nullptr;
    return program;
  } catch (const std::bad_alloc &) {
    diags.report(Location{file, 1, 1, 1}, diag::SyntaxError) << "out of memory while parsing";
  } catch (const std::exception &e) {
    diags.report(Location{file, 1, 1, 1}, diag::SyntaxError)
        << std::string("the parser stopped: ") + e.what();
  } catch (...) {
    diags.report(Location{file, 1, 1, 1}, diag::SyntaxError) << "the parser stopped unexpectedly";
  }
  return nullptr;
}
