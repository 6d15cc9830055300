// StringLiteral.cpp — string literal escapes, decoded once and checked once.
#include "frontend/StringLiteral.h"

#include "llvm/ADT/StringExtras.h"

using namespace lepton;

std::string lepton::decodeStringLiteral(llvm::StringRef token, bool terminated,
                                        std::vector<LiteralProblem> *problems) {
  llvm::StringRef body = token.drop_front(); // the opening quote
  if (terminated)
    body = body.drop_back();
  std::string value;
  unsigned offset = 1; // code points from the opening quote
  auto isContinuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
  for (size_t i = 0; i < body.size(); ++i) {
    unsigned char c = body[i];
    unsigned here = offset;
    if (!isContinuation(c))
      ++offset;
    if (c == '\\' && i + 1 < body.size()) {
      char next = body[++i];
      ++offset;
      switch (next) {
      case '"': value += '"'; continue;
      case '\\': value += '\\'; continue;
      case 'n': value += '\n'; continue;
      case 't': value += '\t'; continue;
      default:
        break;
      }
      size_t end = i + 1; // the whole escaped character, however many bytes
      while (end < body.size() && isContinuation(body[end]))
        ++end;
      if (problems)
        problems->push_back({here, 2, diag::InvalidEscape, body.slice(i, end).str()});
      i = end - 1;
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      if (problems)
        problems->push_back({here, 1, diag::InvalidCharacter,
                             c == 0 ? std::string("U+0000 (NUL) in a string")
                                    : "U+00" + llvm::utohexstr(c, false, 2) + " in a string"});
      continue;
    }
    value += static_cast<char>(c);
  }
  return value;
}
