// SourceInput.h — reads a .lep file and checks it is text the lexer can take (size, UTF-8).
#ifndef LEPTON_FRONTEND_SOURCEINPUT_H
#define LEPTON_FRONTEND_SOURCEINPUT_H

#include "frontend/Diagnostics.h"

#include <optional>
#include <string>

namespace lepton {

/// The largest source file accepted, in bytes.
constexpr uint64_t kMaxSourceBytes = 16ull << 20;

/// Reads `path` ("-" is standard input). Reports a file that cannot be read or is too large.
std::optional<std::string> readSourceFile(llvm::StringRef path, DiagnosticEngine &diags);

/// Checks that `text` is valid UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF) and reports the first bad byte with its offset, line and column. A leading
/// byte-order mark is removed. Returns false when the text is not valid.
bool validateUtf8(llvm::StringRef file, std::string &text, DiagnosticEngine &diags);

} // namespace lepton

#endif // LEPTON_FRONTEND_SOURCEINPUT_H
