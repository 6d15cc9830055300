// MLIRGen.cpp — entry point of MLIR generation: checks what code generation supports, then emits.
#include "frontend/mlirgen/MLIRGen.h"

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/mlirgen/AgentGen.h"
#include "frontend/mlirgen/PipelineGen.h"
#include "frontend/mlirgen/TargetSupport.h"
#include "ir/Attributes.h"
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
                                                 const GenOptions &options) {
  context.loadDialect<LeptonDialect, arith::ArithDialect, bufferization::BufferizationDialect,
                      func::FuncDialect, LLVM::LLVMDialect, linalg::LinalgDialect,
                      math::MathDialect, memref::MemRefDialect, scf::SCFDialect,
                      tensor::TensorDialect>();

  // What code generation does not cover yet is an error at its place, never skipped silently.
  bool ok = checkTargetSupported(program, diags);
  ok = checkAgentsSupported(program, diags) && ok;
  for (const ast::Export *exp : program.exports) {
    if (exp->agent)
      continue; // an agent's greedy policy (AgentGen)
    bool trained = llvm::any_of(program.trains, [&](const ast::Train *t) { return t->model == exp->model; });
    if (!trained) {
      diags.report(exp->loc, diag::NotSupportedByCodegen) << "exporting a model that no train block trains";
      ok = false;
    }
  }
  if (program.trains.empty() && program.agents.empty()) {
    diags.report(program.pipelineLoc, diag::NotSupportedByCodegen)
        << "a pipeline without a train block";
    ok = false;
  }
  for (const ast::Train *train : program.trains)
    ok = checkSupervisedSupported(*train, diags) && ok;
  if (!ok)
    return nullptr;

  OpBuilder builder(&context);
  auto module = ModuleOp::create(builder, toMLIR(&context, program.pipelineLoc),
                                 StringRef(program.pipelineName));
  OwningOpRef<ModuleOp> owned(module);
  // `denormals: keep` reaches lepton-denormals (codegen), which flushes them by default.
  if (program.target && program.target->keepDenormals)
    module->setAttr(kDenormalsAttr, builder.getStringAttr("keep"));
  // `fuse: off` reaches lepton-fuse and lepton-matmul-to-vector, which fuse by default.
  if (program.target && !program.target->fuse)
    module->setAttr(kFuseAttr, builder.getStringAttr("off"));
  GenContext ctx(program, module, builder);
  ctx.frozenWeights = options.frozenWeights;
  ctx.foldPreprocessing = options.foldPreprocessing && !(program.target && !program.target->fuse);
  ctx.diags = &diags;
  if (!program.agents.empty()) {
    AgentGen(ctx, *program.agents.front()).generate(options.withMain);
  } else {
    PipelineGen pipeline(ctx);
    if (!pipeline.plan(diags, options.withMain, options.staticDataLimit))
      return nullptr;
    pipeline.generate(options.withMain);
  }
  if (diags.hasErrors()) // a --weights file that does not fit
    return nullptr;
  if (failed(verify(module))) {
    diags.error("internal error: generated MLIR does not verify (please report this with the "
                ".lep file)");
    return nullptr;
  }
  return owned;
}
