// frontend.cpp — fuzz target: the whole front end on arbitrary bytes as a .lep file: read and UTF-8 check,
// parse, every semantic check, then MLIR generation (executable and object shapes) of whatever passes them.
// Every input must end in diagnostics or a module that verifies — never a crash, a sanitizer report, a leak or
// an assertion. Seeds: the repository's .lep programs (fuzz/make_seeds.py); fuzz/lepton.dict names the words.
// Half the mutations are libFuzzer's own (bytes, dictionary words), half structure-aware (fuzz/StructuredMutator.h):
// numbers, names, lines and brace blocks of a program changed, and blocks spliced in from another program.
#include "codegen/DialectRegistration.h"
#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"
#include "frontend/mlirgen/MLIRGen.h"
#include "fuzz/FuzzInput.h"
#include "fuzz/StructuredMutator.h"
#include "ir/LeptonDialect.h"

#include "mlir/IR/MLIRContext.h"

#include <cstring>

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

#ifdef LEPTON_LIBFUZZER // the libFuzzer binary only; the replay has no mutator
extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

static size_t copyOut(const std::string &text, uint8_t *out, size_t maxSize) {
  if (text.empty() || text.size() > maxSize)
    return 0;
  std::memcpy(out, text.data(), text.size());
  return text.size();
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize, unsigned int seed) {
  if (seed % 2 == 0)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::string out = lepton::fuzz::mutateStructure({reinterpret_cast<const char *>(data), size}, seed);
  size_t written = copyOut(out, data, maxSize);
  return written ? written : LLVMFuzzerMutate(data, size, maxSize);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                                            uint8_t *out, size_t maxOutSize, unsigned int seed) {
  std::string text = lepton::fuzz::crossOver({reinterpret_cast<const char *>(data1), size1},
                                             {reinterpret_cast<const char *>(data2), size2}, seed);
  return copyOut(text, out, maxOutSize);
}
#endif
