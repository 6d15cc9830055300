// ASTBuilder.h — turns an ANTLR parse tree into Lepton's AST (internal to the front end).
#ifndef LEPTON_FRONTEND_ASTBUILDER_H
#define LEPTON_FRONTEND_ASTBUILDER_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"

#include "grammar/LeptonParser.h"

namespace lepton {

/// Builds the AST of `tree`, which must have parsed without lexical or syntax errors.
/// Reports only what the grammar leaves to it: chained comparisons.
/// The parse tree is not referenced by the result.
std::unique_ptr<ast::Program> buildAST(LeptonParser::ProgramContext *tree, llvm::StringRef file,
                                       DiagnosticEngine &diags);

/// The location of `token` in `file`, spanning its characters when on one line.
Location tokenLocation(llvm::StringRef file, const antlr4::Token *token);

} // namespace lepton

#endif // LEPTON_FRONTEND_ASTBUILDER_H
