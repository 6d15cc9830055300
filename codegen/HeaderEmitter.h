// HeaderEmitter.h — the C header `leptonc -c` writes beside the object for the embedding application.
#ifndef LEPTON_CODEGEN_HEADEREMITTER_H
#define LEPTON_CODEGEN_HEADEREMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

namespace lepton {

/// The C declaration of every function MLIR generation marked as part of the C API (a
/// `lepton.c_doc` attribute): its prototype derived from the function type, parameter names and
/// pointee types from `lepton.c_name` / `lepton.c_pointee` argument attributes; removes them.
/// In module order. Call before lowering: the attributes live on func.func.
std::vector<std::string> takeCDeclarations(mlir::ModuleOp module);

/// Writes `path`: include guard, <stdint.h>, `extern "C"` for C++, and the declarations.
llvm::Error writeHeader(llvm::StringRef path, llvm::StringRef pipelineName,
                        llvm::ArrayRef<std::string> declarations);

} // namespace lepton

#endif // LEPTON_CODEGEN_HEADEREMITTER_H
