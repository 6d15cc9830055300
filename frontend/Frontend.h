// Frontend.h — the front end's entry points used by the drivers: load, parse, check, print.
#ifndef LEPTON_FRONTEND_FRONTEND_H
#define LEPTON_FRONTEND_FRONTEND_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace lepton {
class DiagnosticEngine;
namespace ast {
struct Program;
} // namespace ast

/// Reads `path`, parses it and runs semantic analysis (name resolution, shape inference,
/// every static check). Every problem is reported through `diags` (all errors of the run,
/// not just the first). Returns null when any error was reported.
std::unique_ptr<ast::Program> loadProgram(llvm::StringRef path, DiagnosticEngine &diags);

/// Prints the resolved AST with inferred shapes in the stable format `--emit=ast` shows.
void printAST(const ast::Program &program, llvm::raw_ostream &os);

} // namespace lepton

#endif // LEPTON_FRONTEND_FRONTEND_H
