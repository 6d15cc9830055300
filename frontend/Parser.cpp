// Parser.cpp — runs the ANTLR lexer and parser; the parse tree ends at the AST builder.
#include "frontend/Parser.h"

#include "frontend/ASTBuilder.h"
#include "frontend/SyntaxErrors.h"

#include "grammar/LeptonLexer.h"

#include "llvm/ADT/StringExtras.h"

using namespace lepton;

namespace {

/// Reports what the lexer could only mark: tokens of the error channel, unterminated
/// strings, exponents without digits; and the bracket nesting depth. Returns false when
/// parsing must not start (nesting too deep).
bool scanTokens(llvm::StringRef file, antlr4::CommonTokenStream &tokens, DiagnosticEngine &diags,
                unsigned &numErrors) {
  unsigned depth = 0;
  for (antlr4::Token *token : tokens.getTokens()) {
    Location loc = tokenLocation(file, token);
    switch (token->getType()) {
    case LeptonLexer::INVALID: {
      ++numErrors;
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
      ++numErrors;
      loc.length = 2;
      diags.report(loc, diag::UnterminatedComment);
      break;
    case LeptonLexer::UNTERMINATED_STRING:
      ++numErrors;
      diags.report(loc.end(), diag::UnterminatedString)
          .note(Location{loc.file, loc.line, loc.col, 1}, "the string starts here");
      break;
    case LeptonLexer::BAD_NUMBER:
      ++numErrors;
      diags.report(loc, diag::InvalidNumber) << token->getText();
      break;
    case LeptonLexer::LPAREN:
    case LeptonLexer::LBRACK:
    case LeptonLexer::LBRACE:
      if (++depth > kMaxNestingDepth) {
        ++numErrors;
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

} // namespace

std::unique_ptr<ast::Program> lepton::parseSource(llvm::StringRef fileName, llvm::StringRef text,
                                                  DiagnosticEngine &diags) {
  llvm::StringRef file = internFileName(fileName);
  unsigned errorsBefore = diags.errorCount();
  try {
    antlr4::ANTLRInputStream input(text.str());
    LeptonLexer lexer(&input);
    LexerErrorListener lexerErrors(file, diags);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&lexerErrors);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();

    unsigned lexicalErrors = 0;
    if (!scanTokens(file, tokens, diags, lexicalErrors))
      return nullptr;

    LeptonParser parser(&tokens);
    parser.removeErrorListeners();
    auto strategy = std::make_shared<SyntaxErrorStrategy>(file, diags);
    parser.setErrorHandler(strategy);
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
