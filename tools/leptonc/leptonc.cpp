// leptonc.cpp — the Lepton compiler driver: parses flags, then runs the stages the flags ask for.
#include "codegen/Backend.h"
#include "codegen/DialectRegistration.h"
#include "codegen/HeaderEmitter.h"
#include "codegen/Linker.h"
#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"
#include "frontend/mlirgen/MLIRGen.h"
#include "frontend/mlirgen/TargetSupport.h"
#include "ir/Attributes.h"
#include "ir/LeptonDialect.h"
#include "ir/Passes.h"
#include "ir/Pipelines.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#ifndef LEPTONC_VERSION
#define LEPTONC_VERSION "unknown"
#endif

namespace cl = llvm::cl;

namespace {
/// The stages `--emit=` can stop after, in pipeline order.
enum class Stage { Ast, Mlir, MlirOpt, Linalg, Llvm, Asm, Obj, Exe };

cl::OptionCategory leptoncCategory("leptonc options");

// Optional to LLVM, so that a missing input gets leptonc's usage line, not "Not enough positional
// command line arguments specified!".
cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input.lep | input.mlir>"),
                               cl::cat(leptoncCategory));
cl::opt<std::string> outputFile("o", cl::desc("Output file"), cl::value_desc("file"),
                                cl::cat(leptoncCategory));
cl::opt<bool> compileOnly("c", cl::desc("Emit an object file and a C header, do not link"),
                          cl::cat(leptoncCategory));
cl::opt<bool> sharedLibrary("shared", cl::desc("Emit a shared library (.so) and a C header"),
                            cl::cat(leptoncCategory));
cl::opt<std::string> headerFile("header",
                                cl::desc("With -c or -shared: where to write the C header (default: OUT.h)"),
                                cl::value_desc("file"), cl::cat(leptoncCategory));
cl::opt<std::string> weightsFile("weights",
                                 cl::desc("With -c or -shared: freeze this checkpoint's weights into the output "
                                          "(no load functions, no files at run time)"),
                                 cl::value_desc("checkpoint"), cl::cat(leptoncCategory));
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
// For tests of the heap placement of large models (frontend/mlirgen/MLIRGen.h); not in --help.
cl::opt<int64_t> staticDataLimit("static-data-limit",
                                 cl::desc("Bytes of model state kept in static data"),
                                 cl::init(int64_t(1) << 30), cl::Hidden);
cl::opt<unsigned> optLevel("O", cl::desc("Optimization level (-O0 … -O3; -O0 also turns fusion off)"), cl::Prefix,
                           cl::init(2), cl::cat(leptoncCategory));
cl::list<std::string> fuseSkip("fuse-skip",
                               cl::desc("Leave these fusions out: activations, batchnorm, optimizer (lepton-fuse), "
                                        "preprocessing (folded into the first layer), optimizer-epilogue (a "
                                        "weight's update in its gradient's kernel), reciprocal-divide (that "
                                        "update's division on the FMA ports); comma-separated; for measuring "
                                        "what each gains"),
                               cl::value_desc("rewrites"), cl::CommaSeparated, cl::cat(leptoncCategory));
cl::opt<std::string> targetTriple("target", cl::desc("Target triple (default: the host)"),
                                  cl::value_desc("triple"), cl::cat(leptoncCategory));
cl::opt<std::string> targetCpu("mcpu",
                               cl::desc("Target CPU (default: the target block's isa, else native = "
                                        "this machine)"),
                               cl::init("native"), cl::cat(leptoncCategory));

void printVersion(llvm::raw_ostream &os) {
  os << "leptonc " << LEPTONC_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING << ")\n";
}

/// The output path: -o, or a name derived from the input for files, or "-" (stdout) for text.
std::string outputPathFor(Stage stage) {
  if (!outputFile.empty())
    return outputFile;
  llvm::StringRef stem = llvm::sys::path::stem(inputFile);
  if (stage == Stage::Exe)
    return sharedLibrary ? ("lib" + stem + ".so").str() : stem.str();
  if (stage == Stage::Obj)
    return (stem + ".o").str();
  return "-";
}

/// Opens `path` for writing ("-" is stdout); reports failure through `diags`.
std::unique_ptr<llvm::ToolOutputFile> openOutput(llvm::StringRef path,
                                                 lepton::DiagnosticEngine &diags) {
  std::string message;
  auto file = mlir::openOutputFile(path, &message);
  if (!file)
    diags.error(message);
  return file;
}

/// Prints an MLIR module at a textual stage.
int printModule(mlir::ModuleOp module, lepton::DiagnosticEngine &diags) {
  auto out = openOutput(outputPathFor(Stage::Mlir), diags);
  if (!out)
    return 1;
  module.print(out->os());
  out->keep();
  return 0;
}

/// Runs one stage's passes on the module; failures were reported as MLIR diagnostics.
bool runPasses(mlir::ModuleOp module, llvm::function_ref<void(mlir::PassManager &)> build) {
  mlir::PassManager pm(module->getName());
  build(pm);
  return mlir::succeeded(pm.run(module));
}

/// Runs everything after the MLIR module exists: lepton passes, lowering, LLVM, machine code,
/// linking — stopping and printing at `stage`.
int compileModule(mlir::ModuleOp module, Stage stage, const char *argv0, std::string cpu,
                  lepton::DiagnosticEngine &diags, bool fromMlir = false, std::string triple = "") {
  if (stage == Stage::Mlir)
    return printModule(module, diags);
  // The C API is read off the generated functions before lowering erases their attributes.
  lepton::CApi cApi = lepton::takeCDeclarations(module);
  // The named lepton pipeline (ir/Transforms/Pipelines.cpp), printed half way for --emit=mlir-opt.
  lepton::LeptonPipelineOptions pipelineOptions;
  for (const std::string &name : fuseSkip)
    if (llvm::is_contained(lepton::kFuseRewrites, name))
      pipelineOptions.fuseSkip.push_back(name);
  for (const lepton::CodegenRewrite &rewrite : lepton::kCodegenRewrites)
    if (llvm::is_contained(fuseSkip, std::string(rewrite.name)))
      module->setAttr(rewrite.skipAttr, mlir::UnitAttr::get(module.getContext()));
  // -O0: no fusion either (lepton-fuse is not run, and the kernels apply no epilogue).
  if (optLevel == 0) {
    pipelineOptions.fuse = false;
    module->setAttr(lepton::kFuseAttr, mlir::StringAttr::get(module.getContext(), "off"));
  }
  if (!runPasses(module, [&](mlir::PassManager &pm) {
        lepton::buildLeptonTransformPipeline(pm, pipelineOptions);
      }))
    return 1;
  if (stage == Stage::MlirOpt)
    return printModule(module, diags);
  if (!runPasses(module, [&](mlir::PassManager &pm) {
        lepton::buildLeptonToLinalgPipeline(pm, pipelineOptions);
      }))
    return 1;
  if (stage == Stage::Linalg)
    return printModule(module, diags);

  lepton::TargetSpec spec;
  spec.triple = targetTriple.getNumOccurrences() ? targetTriple.getValue() : triple;
  spec.cpu = targetCpu.getNumOccurrences() ? targetCpu.getValue() : cpu;
  spec.optLevel = optLevel;
  auto machine = lepton::createTargetMachine(spec);
  if (!machine) {
    diags.error(llvm::toString(machine.takeError()));
    return 1;
  }
  // Executables split work across threads (--threads N at run time); an object's code stays
  // single-threaded so that it links without a threading library.
  bool library = compileOnly || sharedLibrary;
  // Threads need LLVM's OpenMP runtime, which exists for this machine's architecture only.
  bool host = lepton::isHostArchitecture((*machine)->getTargetTriple());
  if (mlir::failed(lepton::lowerToLLVMDialect(module, **machine, /*threads=*/!library && host)))
    return 1;

  llvm::LLVMContext llvmContext;
  // An object or library of a pipeline is self-contained: the support code linked in, only its C API global.
  // One compiled from MLIR (tests, debugging) keeps every public function as it is.
  auto llvmModule = lepton::translateAndOptimize(module, llvmContext, **machine, optLevel,
                                                 library && !fromMlir ? &cApi.symbols : nullptr);
  if (!llvmModule) {
    diags.error(llvm::toString(llvmModule.takeError()));
    return 1;
  }
  if (stage == Stage::Llvm) {
    auto out = openOutput(outputPathFor(stage), diags);
    if (!out)
      return 1;
    (*llvmModule)->print(out->os(), nullptr);
    out->keep();
    return 0;
  }

  std::string output = outputPathFor(stage);
  std::string objectPath = output;
  llvm::SmallString<128> tempObject;
  if (stage == Stage::Exe) {
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile("leptonc", "o", tempObject)) {
      diags.error("cannot create a temporary object file: " + ec.message());
      return 1;
    }
    objectPath = std::string(tempObject);
  }
  if (llvm::Error err =
          lepton::emitMachineCode(**llvmModule, **machine, objectPath, stage == Stage::Asm)) {
    diags.error(llvm::toString(std::move(err)));
    return 1;
  }
  if ((stage == Stage::Obj && compileOnly) || (stage == Stage::Exe && sharedLibrary)) {
    std::string header = headerFile;
    if (header.empty()) {
      llvm::SmallString<128> path(output);
      llvm::sys::path::replace_extension(path, "h");
      header = std::string(path);
    }
    llvm::StringRef name = module.getName() ? *module.getName() : "lepton";
    if (llvm::Error err = lepton::writeHeader(header, name, cApi)) {
      diags.error(llvm::toString(std::move(err)));
      return 1;
    }
  }
  if (stage != Stage::Exe)
    return 0;
  llvm::Error err = lepton::linkExecutable(objectPath, lepton::runtimeLibraryPath(argv0, (*machine)->getTargetTriple()),
                                           output, sharedLibrary, (*machine)->getTargetTriple());
  llvm::sys::fs::remove(objectPath);
  if (err) {
    diags.error(llvm::toString(std::move(err)));
    return 1;
  }
  return 0;
}

/// Reads an MLIR file given on the command line (for stage-by-stage debugging and tests).
mlir::OwningOpRef<mlir::ModuleOp> parseMLIRFile(mlir::MLIRContext &context,
                                                 lepton::DiagnosticEngine &diags) {
  std::string message;
  auto buffer = mlir::openInputFile(inputFile, &message);
  if (!buffer) {
    diags.error(message);
    return nullptr;
  }
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  return mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(leptoncCategory);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(argc, argv, "leptonc: compiles a Lepton pipeline to native code\n");

  lepton::DiagnosticEngine diags(llvm::errs(), llvm::sys::Process::StandardErrHasColors());
  if (inputFile.empty()) {
    diags.error("no input file");
    llvm::errs() << "usage: leptonc [options] <input.lep | input.mlir>   (leptonc --help lists the options)\n";
    return 1;
  }
  if (optLevel > 3) {
    diags.error("-O" + std::to_string(optLevel) + " is not an optimization level; use -O0 to -O3");
    return 1;
  }
  for (const std::string &name : fuseSkip)
    if (!llvm::is_contained(lepton::kFuseRewrites, name) && name != lepton::kFoldPreprocessingRewrite &&
        llvm::none_of(lepton::kCodegenRewrites,
                      [&](const lepton::CodegenRewrite &rewrite) { return name == rewrite.name; })) {
      diags.error("--fuse-skip: unknown rewrite '" + name + "'; the rewrites are activations, batchnorm, "
                  "optimizer, preprocessing, optimizer-epilogue and reciprocal-divide");
      return 1;
    }
  if (compileOnly && sharedLibrary) {
    diags.error("-c and -shared exclude each other: -c writes an object, -shared a shared library");
    return 1;
  }
  if (!weightsFile.empty() && !compileOnly && !sharedLibrary) {
    diags.error("--weights freezes a checkpoint into an object or a library: add -c or -shared");
    return 1;
  }
  Stage stage = compileOnly && emitStage == Stage::Exe ? Stage::Obj : emitStage.getValue();

  mlir::DialectRegistry registry;
  lepton::registerCodegenDialects(registry);
  registry.insert<lepton::LeptonDialect>();
  mlir::MLIRContext context(registry);

  if (llvm::StringRef(inputFile).ends_with(".mlir")) {
    if (checkOnly || stage == Stage::Ast) {
      diags.error("--check and --emit=ast need a .lep file, not MLIR");
      return 1;
    }
    auto module = parseMLIRFile(context, diags);
    if (!module)
      return 1;
    return compileModule(*module, stage, argv[0], "native", diags, /*fromMlir=*/true);
  }

  auto program = lepton::loadProgram(inputFile, diags);
  if (!program || diags.hasErrors())
    return 1;
  if (checkOnly)
    return 0;
  if (stage == Stage::Ast) {
    lepton::printAST(*program, llvm::outs());
    return 0;
  }
  lepton::GenOptions genOptions;
  genOptions.withMain = !compileOnly && !sharedLibrary;
  genOptions.frozenWeights = weightsFile;
  genOptions.staticDataLimit = staticDataLimit;
  // -O0 fuses nothing; the preprocessing fold is code generation's, before the pipeline's lepton-fuse.
  genOptions.foldPreprocessing =
      optLevel != 0 && !llvm::is_contained(fuseSkip, std::string(lepton::kFoldPreprocessingRewrite));
  auto module = lepton::generateMLIR(*program, context, diags, genOptions);
  if (!module)
    return 1;
  // The target block chooses the architecture and CPU (`aarch64`, `isa:`); --target and --mcpu override them.
  const lepton::ast::Target *target = program->declaredTarget ? program->target : nullptr;
  return compileModule(*module, stage, argv[0], lepton::cpuForTarget(target), diags, /*fromMlir=*/false,
                       lepton::tripleForTarget(target));
}
