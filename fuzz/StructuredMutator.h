// StructuredMutator.h — mutations of Lepton programs by token, line and brace block, for fuzz-frontend.
//
// libFuzzer's byte mutations of a valid program mostly break its first token and stop in the parser. These
// keep a program's shape while changing what the semantic checks and MLIR generation see: a number turned into a
// boundary value, a name swapped for another name of the program, a line or a whole `{…}` block deleted,
// duplicated or moved, blocks spliced from another program (a CNN's model into an MLP's pipeline).
#ifndef LEPTON_FUZZ_STRUCTUREDMUTATOR_H
#define LEPTON_FUZZ_STRUCTUREDMUTATOR_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lepton::fuzz {

enum class TokenKind { Space, Comment, Word, Number, String, Punct };

struct Token {
  TokenKind kind;
  size_t begin, end; ///< byte range in the text
};

/// Lepton's tokens as the grammar splits them (an unterminated string or comment runs to the end of the text).
std::vector<Token> tokenize(std::string_view text);

/// The text from the start of the line holding `open` (a '{' token: not one in a comment or string) to the
/// '}' that balances it, or npos for both when it is not balanced or not such a token.
std::pair<size_t, size_t> blockAround(std::string_view text, size_t open);

/// What the mutations choose from; each returns the mutated text or an empty string when it does not apply.
enum class Mutation {
  BoundaryNumber, NearbyNumber, SwapWord, DeleteToken, DeleteLine, DuplicateLine, SwapLines,
  DeleteBlock, DuplicateBlock, MoveBlock, Count
};
std::string mutate(std::string_view text, Mutation kind, uint64_t seed);

/// One structural mutation picked by `seed` (several tried until one applies); empty if none applies.
std::string mutateStructure(std::string_view text, uint64_t seed);

/// A line or brace block of `donor` inserted at a line start of `text`, or replacing one of its blocks.
std::string crossOver(std::string_view text, std::string_view donor, uint64_t seed);

} // namespace lepton::fuzz

#endif
