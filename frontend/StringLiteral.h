// StringLiteral.h — decoding of Lepton string literals (escapes) and the problems inside them.
#ifndef LEPTON_FRONTEND_STRINGLITERAL_H
#define LEPTON_FRONTEND_STRINGLITERAL_H

#include "frontend/Diagnostics.h"

#include <string>
#include <vector>

namespace lepton {

/// Something wrong inside a string literal: where (in code points from the opening quote),
/// its extent, and the diagnostic with its argument.
struct LiteralProblem {
  unsigned offset;
  unsigned length;
  diag::ID id;
  std::string arg;
};

/// Decodes the text of a string token, quotes included (`terminated` says whether it ends
/// with one). Escapes: \" \\ \n \t. Unknown escapes and control characters are left out of
/// the result and listed in `problems` when given.
std::string decodeStringLiteral(llvm::StringRef token, bool terminated,
                                std::vector<LiteralProblem> *problems = nullptr);

} // namespace lepton

#endif // LEPTON_FRONTEND_STRINGLITERAL_H
