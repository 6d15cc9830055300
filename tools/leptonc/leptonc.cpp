// leptonc.cpp — the Lepton compiler driver: parses flags, then runs the stages the flags ask for.
#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#ifndef LEPTONC_VERSION
#define LEPTONC_VERSION "unknown"
#endif

namespace cl = llvm::cl;

namespace {
/// The stages `--emit=` can stop after, in pipeline order.
enum class Stage { Ast, Mlir, MlirOpt, Linalg, Llvm, Asm, Obj, Exe };

cl::OptionCategory leptoncCategory("leptonc options");

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input.lep>"), cl::Required,
                               cl::cat(leptoncCategory));
cl::opt<std::string> outputFile("o", cl::desc("Output file"), cl::value_desc("file"),
                                cl::cat(leptoncCategory));
cl::opt<bool> compileOnly("c", cl::desc("Emit an object file and a C header, do not link"),
                          cl::cat(leptoncCategory));
cl::opt<bool> checkOnly("check", cl::desc("Stop after semantic analysis (report errors only)"),
                        cl::cat(leptoncCategory));
cl::opt<Stage> emitStage(
    "emit", cl::desc("Stop after a stage and print it"), cl::init(Stage::Exe),
    cl::values(clEnumValN(Stage::Ast, "ast", "resolved AST with inferred shapes"),
               clEnumValN(Stage::Mlir, "mlir", "lepton dialect as generated"),
               clEnumValN(Stage::MlirOpt, "mlir-opt", "after the lepton passes"),
               clEnumValN(Stage::Linalg, "linalg", "after conversion to upstream dialects"),
               clEnumValN(Stage::Llvm, "llvm", "LLVM IR"),
               clEnumValN(Stage::Asm, "asm", "assembly"),
               clEnumValN(Stage::Obj, "obj", "object file")),
    cl::cat(leptoncCategory));
cl::opt<unsigned> optLevel("O", cl::desc("Optimization level (-O0 … -O3)"), cl::Prefix,
                           cl::init(2), cl::cat(leptoncCategory));

const char *stageFlag(Stage s) {
  switch (s) {
  case Stage::Ast: return "--emit=ast";
  case Stage::Mlir: return "--emit=mlir";
  case Stage::MlirOpt: return "--emit=mlir-opt";
  case Stage::Linalg: return "--emit=linalg";
  case Stage::Llvm: return "--emit=llvm";
  case Stage::Asm: return "--emit=asm";
  case Stage::Obj: return "--emit=obj";
  case Stage::Exe: return "building an executable";
  }
  return "?";
}

void printVersion(llvm::raw_ostream &os) {
  os << "leptonc " << LEPTONC_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING << ")\n";
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(leptoncCategory);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(argc, argv, "leptonc: compiles a Lepton pipeline to native code\n");

  lepton::DiagnosticEngine diags(llvm::errs(), llvm::sys::Process::StandardErrHasColors());
  if (optLevel > 3) {
    diags.error("-O" + std::to_string(optLevel) + " is not an optimization level; use -O0 to -O3");
    return 1;
  }

  auto program = lepton::loadProgram(inputFile, diags);
  if (!program || diags.hasErrors())
    return 1;
  if (checkOnly)
    return 0;

  Stage stage = compileOnly && emitStage == Stage::Exe ? Stage::Obj : emitStage.getValue();
  if (stage == Stage::Ast) {
    lepton::printAST(*program, llvm::outs());
    return 0;
  }
  // Code generation lands stage by stage; until a stage exists it is an error, never a stub.
  diags.error(std::string(stageFlag(stage)) + " is not supported yet");
  return 1;
}
