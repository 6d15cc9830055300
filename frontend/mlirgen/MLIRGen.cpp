// MLIRGen.cpp — entry point of MLIR generation: checks what code generation supports, then emits.
#include "frontend/mlirgen/MLIRGen.h"

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/mlirgen/TrainerGen.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

mlir::OwningOpRef<ModuleOp> lepton::generateMLIR(const ast::Program &program,
                                                 MLIRContext &context, DiagnosticEngine &diags,
                                                 bool withMain) {
  context.loadDialect<LeptonDialect, arith::ArithDialect, bufferization::BufferizationDialect,
                      func::FuncDialect, LLVM::LLVMDialect, linalg::LinalgDialect,
                      math::MathDialect, memref::MemRefDialect, scf::SCFDialect,
                      tensor::TensorDialect>();

  // What code generation does not cover yet is an error at its place, never skipped silently.
  bool ok = true;
  auto unsupported = [&](const Location &where, const std::string &what) {
    diags.report(where, diag::NotSupportedByCodegen) << what;
    ok = false;
  };
  for (const ast::Agent *agent : program.agents)
    unsupported(agent->loc, "an agent");
  for (const ast::Env *env : program.envs)
    unsupported(env->loc, "an environment");
  for (const ast::Export *exp : program.exports)
    if (exp->agent || program.trains.empty() || exp->model != program.trains.front()->model)
      unsupported(exp->loc, "exporting something other than the trained model");
  if (program.declaredTarget && program.target->quantize)
    unsupported(program.target->loc, "int8 quantization");
  if (program.trains.size() > 1)
    unsupported(program.trains[1]->loc, "a second train block");
  if (program.trains.empty() && program.agents.empty())
    unsupported(program.pipelineLoc, "a pipeline without a train block");

  OpBuilder builder(&context);
  auto module = ModuleOp::create(builder, toMLIR(&context, program.pipelineLoc),
                                 StringRef(program.pipelineName));
  OwningOpRef<ModuleOp> owned(module);
  std::unique_ptr<TrainerGen> trainer;
  if (!program.trains.empty()) {
    trainer = std::make_unique<TrainerGen>(program, *program.trains.front(), module, builder);
    ok = trainer->checkSupported(diags) && ok;
  }
  if (!ok)
    return nullptr;
  trainer->generate(withMain);
  if (failed(verify(module))) {
    diags.error("internal error: generated MLIR does not verify (please report this with the "
                ".lep file)");
    return nullptr;
  }
  return owned;
}
