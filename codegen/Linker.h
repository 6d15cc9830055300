// Linker.h — links a generated object with the runtime library into an executable or a shared library.
#ifndef LEPTON_CODEGEN_LINKER_H
#define LEPTON_CODEGEN_LINKER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/TargetParser/Triple.h"

#include <string>

namespace lepton {

/// Whether `target` is this machine's architecture (else leptonc cross-compiles: no OpenMP, the cross runtime).
bool isHostArchitecture(const llvm::Triple &target);

/// The runtime library installed beside the compiler: `<dir of argv0>/../lib/liblepton_runtime.a`, or for another
/// architecture than this machine's `<dir of argv0>/../lib/<arch>-linux-gnu/liblepton_runtime.a`.
std::string runtimeLibraryPath(const char *argv0, const llvm::Triple &target);

/// Links `objectPath` with the runtime archive into the executable `outputPath` (or, when `shared`, the shared
/// library: the archive's members only if the object needs them, e.g. a hosted agent's `<p>_main`), driving
/// LLVM 22's clang (found by full path, never the system's default clang).
llvm::Error linkExecutable(llvm::StringRef objectPath, llvm::StringRef runtimeLibrary,
                           llvm::StringRef outputPath, bool shared, const llvm::Triple &target);

} // namespace lepton

#endif // LEPTON_CODEGEN_LINKER_H
