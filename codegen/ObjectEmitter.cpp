// ObjectEmitter.cpp — translation to LLVM IR, LLVM's optimisation pipeline, and machine-code emission.
#include "codegen/ObjectEmitter.h"
#include "codegen/ObjectSupport.h"

#include "llvm/MC/MCSubtargetInfo.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace llvm;

namespace {
void initializeTargetsOnce() {
  static bool done = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    InitializeAllAsmParsers();
    return true;
  }();
  (void)done;
}

CodeGenOptLevel codeGenLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0: return CodeGenOptLevel::None;
  case 1: return CodeGenOptLevel::Less;
  case 2: return CodeGenOptLevel::Default;
  default: return CodeGenOptLevel::Aggressive;
  }
}
} // namespace

int64_t lepton::preferredVectorWidth(const TargetMachine &machine) {
  // Ask the subtarget, not the feature string: a named CPU (x86-64-v4, skylake-avx512) implies
  // its features without listing them.
  const MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  if (!machine.getTargetTriple().isX86() || !info)
    return 4;
  if (info->checkFeatures("+avx512f"))
    return 16;
  if (info->checkFeatures("+avx"))
    return 8;
  return 4;
}

bool lepton::hasVnni(const TargetMachine &machine) {
  const MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  int64_t width = preferredVectorWidth(machine);
  if (!machine.getTargetTriple().isX86() || !info || !info->checkFeatures("+avx512vnni"))
    return false;
  return width == 16 || (width == 8 && info->checkFeatures("+avx512vl"));
}

bool lepton::hasHardwareFma(const TargetMachine &machine) {
  const MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  const Triple &triple = machine.getTargetTriple();
  return triple.isAArch64() || (triple.isX86() && info && info->checkFeatures("+fma"));
}

std::string lepton::reciprocalEstimateKind(const TargetMachine &machine) {
  const MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  if (!machine.getTargetTriple().isX86() || !info || !info->checkFeatures("+fma"))
    return "none";
  // 8 lanes (`avx2`: vrcpps and two Newton steps) measured 2.9 % slower than vdivps in the Fashion MLP built
  // for AVX2 on an AVX-512 Xeon (the ymm divider is twice as fast per lane, and 256-bit code has three vector
  // ports): the pipeline option stays for a CPU where it pays, leptonc does not choose it.
  if (preferredVectorWidth(machine) == 16 && info->checkFeatures("+avx512f"))
    return "avx512";
  return "none";
}

std::string lepton::int8DotKind(const TargetMachine &machine) {
  if (hasVnni(machine))
    return "vnni";
  const MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  int64_t width = preferredVectorWidth(machine);
  if (machine.getTargetTriple().isX86() && info &&
      ((width == 8 && info->checkFeatures("+avx2")) || (width == 16 && info->checkFeatures("+avx512bw"))))
    return "maddubs";
  return "generic";
}

Expected<std::unique_ptr<TargetMachine>> lepton::createTargetMachine(const TargetSpec &spec) {
  initializeTargetsOnce();
  Triple triple(spec.triple.empty() ? sys::getDefaultTargetTriple() : spec.triple);
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return createStringError(inconvertibleErrorCode(), "unknown target '%s': %s",
                             triple.str().c_str(), error.c_str());

  std::string cpu = spec.cpu;
  SubtargetFeatures features;
  // `native` is this machine: for another architecture it means that target's generic CPU.
  Triple host(sys::getDefaultTargetTriple());
  if (cpu == "native" && triple.getArch() != host.getArch())
    cpu = "generic";
  if (cpu == "native") {
    cpu = sys::getHostCPUName().str();
    for (auto &feature : sys::getHostCPUFeatures())
      features.AddFeature(feature.first(), feature.second);
  }
  if (!spec.features.empty())
    for (StringRef f : llvm::split(spec.features, ','))
      features.AddFeature(f);

  TargetOptions options;
  std::unique_ptr<TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features.getString(), options, Reloc::PIC_, std::nullopt,
      codeGenLevel(spec.optLevel)));
  if (!machine)
    return createStringError(inconvertibleErrorCode(), "cannot create a target machine for '%s'",
                             triple.str().c_str());
  return machine;
}

Expected<std::unique_ptr<Module>> lepton::translateAndOptimize(mlir::ModuleOp module,
                                                               LLVMContext &context,
                                                               TargetMachine &machine,
                                                               unsigned optLevel,
                                                               const std::vector<std::string> *objectApi) {
  mlir::DialectRegistry registry;
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  mlir::registerOpenMPDialectTranslation(registry); // executables' work-sharing loops
  module->getContext()->appendDialectRegistry(registry);

  std::unique_ptr<Module> llvmModule = mlir::translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return createStringError(inconvertibleErrorCode(), "translation to LLVM IR failed");
  llvmModule->setTargetTriple(machine.getTargetTriple());
  llvmModule->setDataLayout(machine.createDataLayout());
  // Let every generated function use the target's features (FMA, AVX-512, …). LLVM's own loops keep
  // the target's preferred vector width (256 bits on AVX-512 Xeons): "prefer-vector-width"="512"
  // measured slower on the Fashion MLP trainer (Emerald Rapids: 1.79–1.87 s against 1.51–1.61 s of
  // user time for 3 epochs) and no faster on the CNN; the matmul kernels use 512-bit vectors anyway.
  for (Function &f : *llvmModule) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", machine.getTargetCPU());
    f.addFnAttr("target-features", machine.getTargetFeatureString());
  }
  if (objectApi)
    if (Error err = linkObjectSupport(*llvmModule, *objectApi))
      return std::move(err);

  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel > 1;
  tuning.SLPVectorization = optLevel > 1;
  PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  OptimizationLevel level = optLevel == 0   ? OptimizationLevel::O0
                            : optLevel == 1 ? OptimizationLevel::O1
                            : optLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
  ModulePassManager passes = level == OptimizationLevel::O0
                                 ? builder.buildO0DefaultPipeline(level)
                                 : builder.buildPerModuleDefaultPipeline(level);
  passes.run(*llvmModule, mam);
  return llvmModule;
}

Error lepton::emitMachineCode(Module &module, TargetMachine &machine, StringRef path,
                              bool assembly) {
  std::error_code ec;
  ToolOutputFile out(path, ec, assembly ? sys::fs::OF_Text : sys::fs::OF_None);
  if (ec)
    return createStringError(ec, "cannot write '%s': %s", path.str().c_str(),
                             ec.message().c_str());
  legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, out.os(), nullptr,
                                  assembly ? CodeGenFileType::AssemblyFile
                                           : CodeGenFileType::ObjectFile))
    return createStringError(inconvertibleErrorCode(), "the target cannot emit this file type");
  passes.run(module);
  out.keep();
  return Error::success();
}
