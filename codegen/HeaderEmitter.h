// HeaderEmitter.h — the C header `leptonc -c` writes beside the object for the embedding application.
#ifndef LEPTON_CODEGEN_HEADEREMITTER_H
#define LEPTON_CODEGEN_HEADEREMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

namespace lepton {

/// The C API of an object, in module order.
struct CApi {
  /// Text some declarations need before them (typedefs), each once: a function's
  /// `lepton.c_prelude` attribute.
  std::vector<std::string> preludes;
  std::vector<std::string> declarations;
  /// The functions' names: the only global symbols of the object.
  std::vector<std::string> symbols;
};

/// The C declaration of every function MLIR generation marked as part of the C API (a
/// `lepton.c_doc` attribute): its prototype derived from the function type, parameter names from
/// `lepton.c_name` argument attributes, and each parameter's C type from `lepton.c_type` (the
/// whole type, e.g. a callback typedef or `char **`) or else the MLIR type, a pointer with its
/// `lepton.c_pointee`; removes these attributes. Call before lowering: they live on func.func.
CApi takeCDeclarations(mlir::ModuleOp module);

/// Writes `path`: include guard, <stdint.h>, `extern "C"` for C++, the preludes and the
/// declarations.
llvm::Error writeHeader(llvm::StringRef path, llvm::StringRef pipelineName, const CApi &api);

} // namespace lepton

#endif // LEPTON_CODEGEN_HEADEREMITTER_H
