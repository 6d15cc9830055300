// ObjectSupport.h — what makes an emitted object self-contained: the support code linked in, one C API exported.
#ifndef LEPTON_CODEGEN_OBJECTSUPPORT_H
#define LEPTON_CODEGEN_OBJECTSUPPORT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <string>

namespace lepton {

/// Links the object support code (runtime/embed/: checkpoint loading, error text), compiled to bitcode for the
/// module's architecture when leptonc was built, into `module`, then gives every definition except the C API
/// functions `api` internal linkage: an object defines no other global symbol, two objects link into one
/// program, and LLVM's optimiser drops what the API does not reach (the training code, random initialisation).
/// Run it before the optimisation pipeline.
llvm::Error linkObjectSupport(llvm::Module &module, llvm::ArrayRef<std::string> api);

} // namespace lepton

#endif // LEPTON_CODEGEN_OBJECTSUPPORT_H
