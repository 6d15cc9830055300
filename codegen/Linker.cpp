// Linker.cpp — runs LLVM 22's clang driver (with lld) to link generated code and the runtime.
#include "codegen/Linker.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/TargetParser/Host.h"

#ifndef LEPTON_LLVM_BIN
#define LEPTON_LLVM_BIN "/usr/lib/llvm-22/bin"
#endif

using namespace llvm;

bool lepton::isHostArchitecture(const Triple &target) {
  return target.getArch() == Triple(sys::getDefaultTargetTriple()).getArch();
}

namespace {
/// Debian's name for an architecture's libraries and cross tools: aarch64-linux-gnu.
std::string multiarch(const Triple &target) { return target.getArchName().str() + "-linux-gnu"; }
} // namespace

std::string lepton::runtimeLibraryPath(const char *argv0, const Triple &target) {
  std::string self = sys::fs::getMainExecutable(argv0, (void *)&lepton::isHostArchitecture);
  SmallString<256> path(sys::path::parent_path(sys::path::parent_path(self)));
  sys::path::append(path, "lib");
  if (!isHostArchitecture(target))
    sys::path::append(path, multiarch(target));
  sys::path::append(path, "liblepton_runtime.a");
  return std::string(path);
}

Error lepton::linkExecutable(StringRef objectPath, StringRef runtimeLibrary, StringRef outputPath,
                             bool shared, const Triple &target) {
  if (!sys::fs::exists(runtimeLibrary)) {
    const char *hint = isHostArchitecture(target)
                           ? "is leptonc installed with its lib/ folder?"
                           : "build leptonc with its cross toolchain: scripts/bootstrap.sh --aarch64";
    return createStringError(inconvertibleErrorCode(), "cannot find the Lepton runtime library '%s' (%s)",
                             runtimeLibrary.str().c_str(), hint);
  }
  SmallString<256> clang(LEPTON_LLVM_BIN);
  sys::path::append(clang, "clang++");
  if (!sys::fs::can_execute(clang)) {
    auto found = sys::findProgramByName("clang++-22");
    if (!found)
      return createStringError(inconvertibleErrorCode(),
                               "cannot find LLVM 22's clang++ (looked in %s and PATH); install "
                               "clang-22",
                               LEPTON_LLVM_BIN);
    clang = *found;
  }
  // LLVM's OpenMP runtime runs the work-sharing loops; --as-needed keeps it out of programs
  // whose loops all stayed serial.
  SmallString<256> llvmLib(sys::path::parent_path(LEPTON_LLVM_BIN));
  sys::path::append(llvmLib, "lib");
  std::string llvmLibFlag = ("-L" + llvmLib).str();
  SmallVector<StringRef> args{clang,       "-fuse-ld=lld", objectPath,           runtimeLibrary,
                              llvmLibFlag, "-Wl,--as-needed", "-lomp", "-Wl,--no-as-needed",
                              "-lz",       "-lm",          "-o",                 outputPath};
  if (shared) {
    // A library's objects are single-threaded; what the runtime needs is recorded only if it is used.
    args = {clang, "-shared", "-fuse-ld=lld", objectPath, runtimeLibrary, "-Wl,--as-needed", "-lz", "-lstdc++",
            "-lm", "-o", outputPath};
  }
  // Another architecture: clang drives Debian's cross toolchain (its C library and libstdc++ under
  // /usr/<arch>-linux-gnu, zlib of that architecture under /usr/lib/<arch>-linux-gnu); the code is
  // single-threaded (no OpenMP runtime for it).
  std::string targetFlag = "--target=" + multiarch(target);
  if (!isHostArchitecture(target)) {
    args = {clang, targetFlag, "-fuse-ld=lld", objectPath, runtimeLibrary, "-lz", "-lm", "-o", outputPath};
    if (shared)
      args.insert(args.begin() + 2, "-shared");
  }
#ifdef LEPTON_LINK_SANITIZERS
  // This leptonc and its runtime library were built with sanitizers (LEPTON_SANITIZE): the library needs
  // their runtimes, and every program built checks the runtime's code (scripts/sanitize.sh).
  args.push_back(LEPTON_LINK_SANITIZERS);
#endif
  std::string message;
  int rc = sys::ExecuteAndWait(clang, args, std::nullopt, {}, 0, 0, &message);
  if (rc != 0)
    return createStringError(inconvertibleErrorCode(), "linking '%s' failed%s%s",
                             outputPath.str().c_str(), message.empty() ? "" : ": ",
                             message.c_str());
  return Error::success();
}
