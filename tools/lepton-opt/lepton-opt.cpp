// lepton-opt.cpp — runs any lepton or upstream MLIR pass/pipeline on a .mlir file (for lit tests).
#include "codegen/Passes.h"
#include "ir/LeptonDialect.h"
#include "ir/Passes.h"
#include "ir/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  lepton::registerLeptonPasses();
  lepton::registerLeptonPipelines();
  lepton::registerCodegenPasses();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<lepton::LeptonDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Lepton optimizer driver\n", registry));
}
