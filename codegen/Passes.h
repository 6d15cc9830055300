// Passes.h — declarations and registration of the code generation passes and pipelines.
#ifndef LEPTON_CODEGEN_PASSES_H
#define LEPTON_CODEGEN_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace lepton {

#define GEN_PASS_DECL
#include "codegen/Passes.h.inc"

/// Registers every codegen pass and the `lepton-lower-to-llvm` pipeline with the global registry.
void registerCodegenPasses();

} // namespace lepton

#endif // LEPTON_CODEGEN_PASSES_H
