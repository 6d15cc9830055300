// SyntaxErrors.h — ANTLR's error strategy, reporting syntax errors in the user's terms.
#ifndef LEPTON_FRONTEND_SYNTAXERRORS_H
#define LEPTON_FRONTEND_SYNTAXERRORS_H

#include "frontend/Diagnostics.h"

#include "antlr4-runtime.h"

#include <set>

namespace lepton {

/// Keeps ANTLR's recovery (so every syntax error of a file is reported in one run) but
/// words each report for a Lepton user: "expected ')' after argument list" with a note at
/// the '(' it should match, "expected a declaration …", "'train' is a reserved word …".
class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  SyntaxErrorStrategy(llvm::StringRef file, DiagnosticEngine &diags) : file(file), diags(diags) {}

  /// Syntax errors found so far (printed or not).
  unsigned errorCount() const { return numErrors; }

  /// Syntax errors on these lines are counted but not printed: they follow from a lexical
  /// error already reported there (an unterminated string swallows the rest of its line).
  void setQuietLines(const std::set<unsigned> *lines) { quietLines = lines; }

  antlr4::Token *recoverInline(antlr4::Parser *parser) override;

protected:
  void reportNoViableAlternative(antlr4::Parser *parser,
                                 const antlr4::NoViableAltException &e) override;
  void reportInputMismatch(antlr4::Parser *parser, const antlr4::InputMismatchException &e) override;
  void reportFailedPredicate(antlr4::Parser *parser,
                             const antlr4::FailedPredicateException &e) override;
  void reportUnwantedToken(antlr4::Parser *parser) override;
  void reportMissingToken(antlr4::Parser *parser) override;
  antlr4::Token *singleTokenDeletion(antlr4::Parser *parser) override;

private:
  /// Reports that one of `expected` token types should come before `found`.
  void reportExpected(antlr4::Parser *parser, antlr4::Token *found,
                      const antlr4::misc::IntervalSet &expected);
  /// Reports that `closer` is missing before `found`, with a note at the bracket it should
  /// match; false (nothing reported) when no open bracket of that kind encloses the parser.
  bool reportMissingCloser(antlr4::Parser *parser, antlr4::Token *found, ssize_t closer);
  antlr4::Token *previousToken(antlr4::Parser *parser, antlr4::Token *token);
  InFlightDiagnostic report(Location loc, diag::ID id);
  Location at(const antlr4::Token *token) const;
  Location after(const antlr4::Token *token) const;

  llvm::StringRef file;
  DiagnosticEngine &diags;
  unsigned numErrors = 0;
  const std::set<unsigned> *quietLines = nullptr;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_SYNTAXERRORS_H
