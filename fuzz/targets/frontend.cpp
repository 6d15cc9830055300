// frontend.cpp — fuzz target: the whole front end on arbitrary bytes as a .lep file: read and UTF-8 check,
// parse, every semantic check, then MLIR generation (executable and object shapes) of whatever passes them.
// Every input must end in diagnostics or a module that verifies — never a crash, a sanitizer report, a leak or
// an assertion. Seeds: the repository's .lep programs (fuzz/make_seeds.py); fuzz/lepton.dict names the words.
#include "codegen/DialectRegistration.h"
#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"
#include "frontend/mlirgen/MLIRGen.h"
#include "fuzz/FuzzInput.h"
#include "ir/LeptonDialect.h"

#include "mlir/IR/MLIRContext.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace lepton::fuzz;
  // A context uniques every attribute and type it ever saw, so one shared by all inputs grows without bound (an
  // out-of-memory report after a few hundred thousand inputs); a fresh one every 2,000 inputs keeps it small.
  static std::unique_ptr<mlir::MLIRContext> context;
  static int uses = 0;
  if (!context || ++uses == 2000) {
    mlir::DialectRegistry registry;
    lepton::registerCodegenDialects(registry);
    registry.insert<lepton::LeptonDialect>();
    context = std::make_unique<mlir::MLIRContext>(registry);
    context->loadAllAvailableDialects();
    uses = 0;
  }
  std::string path = writeFile("input.lep", std::string(reinterpret_cast<const char *>(data), size));
  lepton::DiagnosticEngine diags(llvm::nulls(), /*useColors=*/false);
  std::unique_ptr<lepton::ast::Program> program = lepton::loadProgram(path, diags);
  if (!program)
    return 0;
  for (bool withMain : {true, false}) {
    lepton::GenOptions options;
    options.withMain = withMain;
    mlir::OwningOpRef<mlir::ModuleOp> module = lepton::generateMLIR(*program, *context, diags, options);
    (void)module;
  }
  return 0;
}
