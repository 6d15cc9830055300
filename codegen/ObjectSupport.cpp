// ObjectSupport.cpp — links runtime/embed/'s bitcode into an object's module and internalises all but its C API.
#include "codegen/ObjectSupport.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/MemoryBuffer.h"

namespace {
struct EmbeddedBitcode {
  const char *name; ///< <source stem>.<arch>.bc
  const unsigned char *bytes;
  size_t size;
};
#include "runtime/embed/ObjectSupportBitcode.inc"
} // namespace

llvm::Error lepton::linkObjectSupport(llvm::Module &module, llvm::ArrayRef<std::string> api) {
  std::string suffix = "." + module.getTargetTriple().getArchName().str() + ".bc";
  bool linked = false;
  for (const EmbeddedBitcode &bitcode : kObjectSupportBitcode) {
    if (!llvm::StringRef(bitcode.name).ends_with(suffix))
      continue;
    llvm::MemoryBufferRef buffer(
        llvm::StringRef(reinterpret_cast<const char *>(bitcode.bytes), bitcode.size), bitcode.name);
    auto support = llvm::parseBitcodeFile(buffer, module.getContext());
    if (!support)
      return support.takeError();
    (*support)->setTargetTriple(module.getTargetTriple());
    (*support)->setDataLayout(module.getDataLayout());
    if (llvm::Linker::linkModules(module, std::move(*support)))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "internal error: cannot link the object support code '%s'", bitcode.name);
    linked = true;
  }
  if (!linked)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "leptonc has no object support code for the %s architecture (objects: x86_64)",
                                   module.getTargetTriple().getArchName().str().c_str());
  llvm::StringSet<> exported;
  for (const std::string &name : api)
    exported.insert(name);
  for (llvm::GlobalValue &value : module.global_values())
    if (!value.isDeclaration() && !exported.contains(value.getName()) && !value.getName().starts_with("llvm.")) {
      value.setLinkage(llvm::GlobalValue::InternalLinkage);
      value.setVisibility(llvm::GlobalValue::DefaultVisibility);
    }
  return llvm::Error::success();
}
