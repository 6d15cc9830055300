// Parser.h — lexes and parses Lepton source text into an AST (no semantic checks).
#ifndef LEPTON_FRONTEND_PARSER_H
#define LEPTON_FRONTEND_PARSER_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"

namespace lepton {

/// Brackets ( [ { may nest this deep; deeper input is rejected before parsing, so the
/// recursive-descent parser cannot overflow the stack.
constexpr unsigned kMaxNestingDepth = 64;

/// Parses `text` (valid UTF-8) of `file`. Reports lexical errors (stray characters,
/// unterminated strings and comments, malformed numbers), excessive nesting and syntax
/// errors, all of them in one run. Returns null when any error was reported. Never throws.
std::unique_ptr<ast::Program> parseSource(llvm::StringRef file, llvm::StringRef text,
                                          DiagnosticEngine &diags);

} // namespace lepton

#endif // LEPTON_FRONTEND_PARSER_H
