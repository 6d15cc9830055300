// SyntaxErrors.h — ANTLR's error strategy, reporting syntax errors in the user's terms.
#ifndef LEPTON_FRONTEND_SYNTAXERRORS_H
#define LEPTON_FRONTEND_SYNTAXERRORS_H

#include "frontend/Diagnostics.h"

#include "antlr4-runtime.h"

namespace lepton {

/// Keeps ANTLR's recovery (so every syntax error of a file is reported in one run) but
/// words each report for a Lepton user: "expected ')' after argument list" with a note at
/// the '(' it should match, "expected a declaration …", "'train' is a reserved word …".
class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  SyntaxErrorStrategy(llvm::StringRef file, DiagnosticEngine &diags) : file(file), diags(diags) {}

  /// Syntax errors reported so far.
  unsigned errorCount() const { return numErrors; }

protected:
  void reportNoViableAlternative(antlr4::Parser *parser,
                                 const antlr4::NoViableAltException &e) override;
  void reportInputMismatch(antlr4::Parser *parser, const antlr4::InputMismatchException &e) override;
  void reportFailedPredicate(antlr4::Parser *parser,
                             const antlr4::FailedPredicateException &e) override;
  void reportUnwantedToken(antlr4::Parser *parser) override;
  void reportMissingToken(antlr4::Parser *parser) override;

private:
  /// Reports that one of `expected` token types should come before `found`.
  void reportExpected(antlr4::Parser *parser, antlr4::Token *found,
                      const antlr4::misc::IntervalSet &expected);
  antlr4::Token *previousToken(antlr4::Parser *parser, antlr4::Token *token);
  Location at(const antlr4::Token *token) const;
  Location after(const antlr4::Token *token) const;

  llvm::StringRef file;
  DiagnosticEngine &diags;
  unsigned numErrors = 0;
};

} // namespace lepton

#endif // LEPTON_FRONTEND_SYNTAXERRORS_H
