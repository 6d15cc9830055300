// SourceInput.cpp — file reading and UTF-8 validation, before any text reaches ANTLR.
#include "frontend/SourceInput.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace lepton;

std::optional<std::string> lepton::readSourceFile(llvm::StringRef path, DiagnosticEngine &diags) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!buffer) {
    diags.report(diag::CannotOpen) << path << buffer.getError().message();
    return std::nullopt;
  }
  llvm::StringRef contents = (*buffer)->getBuffer();
  if (contents.size() > kMaxSourceBytes) {
    diags.report(diag::FileTooLarge) << path << static_cast<int64_t>(contents.size())
                                     << static_cast<int64_t>(kMaxSourceBytes);
    return std::nullopt;
  }
  return contents.str();
}

bool lepton::validateUtf8(llvm::StringRef file, std::string &text, DiagnosticEngine &diags) {
  if (llvm::StringRef(text).starts_with("\xEF\xBB\xBF"))
    text.erase(0, 3);
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const auto *end = begin + text.size();
  const llvm::UTF8 *cursor = begin;
  if (llvm::isLegalUTF8String(&cursor, end))
    return true;

  // Locate the bad byte as a line and a column in code points.
  size_t offset = cursor - begin;
  unsigned line = 1, col = 1;
  for (size_t i = 0; i < offset; ++i) {
    unsigned char c = text[i];
    if (c == '\n') {
      ++line;
      col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col;
    }
  }
  diags.report(Location{internFileName(file), line, col, 1}, diag::InvalidUtf8)
      << static_cast<int64_t>(offset);
  return false;
}
