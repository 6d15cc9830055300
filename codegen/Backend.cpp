// Backend.cpp — runs the lowering pipeline with the target machine's vector width and architecture.
#include "codegen/Backend.h"
#include "codegen/LoweringPipeline.h"

#include "mlir/Pass/PassManager.h"

mlir::LogicalResult lepton::lowerToLLVMDialect(mlir::ModuleOp module,
                                               const llvm::TargetMachine &machine, bool threads) {
  mlir::PassManager pm(module->getName());
  LowerToLLVMOptions options;
  options.vectorWidth = preferredVectorWidth(machine);
  options.int8Dot = int8DotKind(machine);
  options.arch = machine.getTargetTriple().getArchName().str();
  options.expandExp = hasHardwareFma(machine);
  options.reciprocalDivide = reciprocalEstimateKind(machine);
  options.threads = threads;
  buildLowerToLLVMPipeline(pm, options);
  return pm.run(module);
}
