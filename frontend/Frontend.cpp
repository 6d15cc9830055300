// Frontend.cpp — the front end's entry points: read, validate, parse, analyse.
#include "frontend/Frontend.h"

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/Parser.h"
#include "frontend/Sema.h"
#include "frontend/SourceInput.h"

using namespace lepton;

std::unique_ptr<ast::Program> lepton::loadProgram(llvm::StringRef path, DiagnosticEngine &diags) {
  unsigned errorsBefore = diags.errorCount();
  std::optional<std::string> text = readSourceFile(path, diags);
  if (!text)
    return nullptr;
  llvm::StringRef file = internFileName(path);
  if (!validateUtf8(file, *text, diags))
    return nullptr;
  diags.addSource(file, *text);

  std::unique_ptr<ast::Program> program = parseSource(file, *text, diags);
  if (!program)
    return nullptr;
  if (!analyzeProgram(*program, diags) || diags.errorCount() != errorsBefore)
    return nullptr;
  return program;
}
