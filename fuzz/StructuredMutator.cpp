// StructuredMutator.cpp — token, line and block mutations of Lepton programs (see StructuredMutator.h).
#include "fuzz/StructuredMutator.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iterator>

namespace lepton::fuzz {
namespace {

/// splitmix64: small, and the same sequence on every machine, so a seed reproduces a mutation.
struct Random {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
};

bool isWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<size_t> tokensOf(const std::vector<Token> &tokens, TokenKind kind) {
  std::vector<size_t> found;
  for (size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i].kind == kind)
      found.push_back(i);
  return found;
}

std::string replaced(std::string_view text, size_t begin, size_t end, std::string_view with) {
  std::string out(text.substr(0, begin));
  out.append(with);
  out.append(text.substr(end));
  return out;
}

/// Start offsets of every line (0 and each byte after a '\n').
std::vector<size_t> lineStarts(std::string_view text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' && i + 1 < text.size())
      starts.push_back(i + 1);
  return starts;
}

size_t lineEnd(std::string_view text, size_t start) {
  size_t end = text.find('\n', start);
  return end == std::string_view::npos ? text.size() : end + 1;
}

struct Block {
  size_t open;       ///< the '{'
  size_t begin, end; ///< its header line's start through the line of the '}' that balances it
};

/// Every balanced block, outermost and nested alike, in the order of their '{': one pass over the tokens with
/// a stack of open braces (braces in comments and strings are not Punct tokens, so they do not count).
std::vector<Block> blocksOf(std::string_view text, const std::vector<Token> &tokens) {
  std::vector<Block> blocks;
  std::vector<size_t> open;
  for (const Token &t : tokens) {
    if (t.kind != TokenKind::Punct)
      continue;
    if (text[t.begin] == '{') {
      open.push_back(t.begin);
    } else if (text[t.begin] == '}' && !open.empty()) {
      size_t brace = open.back();
      open.pop_back();
      size_t lineStart = text.rfind('\n', brace);
      blocks.push_back({brace, lineStart == std::string_view::npos ? 0 : lineStart + 1, lineEnd(text, t.begin)});
    }
  }
  std::sort(blocks.begin(), blocks.end(), [](const Block &x, const Block &y) { return x.open < y.open; });
  return blocks;
}

/// Values at the edges of what the semantic checks and the generated code's index arithmetic handle.
const char *const boundaryNumbers[] = {
    "0", "1", "-1", "2", "3", "7", "255", "256", "65535", "65536", "2147483647", "2147483648", "4294967296",
    "9223372036854775807", "9223372036854775808", "99999999999999999999999", "0.0", "-0.0", "0.5", "1.0",
    "1e-45", "1e-39", "3.4028235e38", "3.5e38", "1e308", "1e309", "1.7976931348623157e308", "1e-400", "0x10",
};

} // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0, n = text.size();
  while (i < n) {
    size_t start = i;
    char c = text[i];
    TokenKind kind;
    if (std::isspace(static_cast<unsigned char>(c))) {
      kind = TokenKind::Space;
      while (i < n && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    } else if (text.substr(i, 2) == "//") {
      kind = TokenKind::Comment;
      i = text.find('\n', i);
      i = i == std::string_view::npos ? n : i;
    } else if (text.substr(i, 2) == "/*") {
      kind = TokenKind::Comment;
      size_t close = text.find("*/", i + 2);
      i = close == std::string_view::npos ? n : close + 2;
    } else if (c == '"') {
      kind = TokenKind::String;
      for (++i; i < n && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\' && i + 1 < n)
          ++i;
      i = std::min(n, i + 1);
    } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text[i + 1]))) {
      kind = TokenKind::Number;
      while (i < n && (isWordChar(text[i]) || text[i] == '.' ||
                       ((text[i] == '+' || text[i] == '-') && (text[i - 1] == 'e' || text[i - 1] == 'E'))))
        ++i;
    } else if (isWordStart(c)) {
      kind = TokenKind::Word;
      while (i < n && isWordChar(text[i]))
        ++i;
    } else {
      kind = TokenKind::Punct;
      ++i;
    }
    tokens.push_back({kind, start, i});
  }
  return tokens;
}

std::pair<size_t, size_t> blockAround(std::string_view text, size_t open) {
  for (const Block &block : blocksOf(text, tokenize(text)))
    if (block.open == open)
      return {block.begin, block.end};
  return {std::string_view::npos, std::string_view::npos};
}

std::string mutate(std::string_view text, Mutation kind, uint64_t seed) {
  Random random{seed};
  std::vector<Token> tokens = tokenize(text);
  std::vector<size_t> lines = lineStarts(text);
  switch (kind) {
  case Mutation::BoundaryNumber:
  case Mutation::NearbyNumber: {
    std::vector<size_t> numbers = tokensOf(tokens, TokenKind::Number);
    if (numbers.empty())
      return {};
    const Token &t = tokens[numbers[random.below(numbers.size())]];
    std::string value;
    if (kind == Mutation::BoundaryNumber) {
      value = boundaryNumbers[random.below(std::size(boundaryNumbers))];
    } else {
      // One more, one less, double, half or negated: sizes just past a limit the checks enforce.
      long double v = std::strtold(std::string(text.substr(t.begin, t.end - t.begin)).c_str(), nullptr);
      long double options[] = {v + 1, v - 1, v * 2, v / 2, -v};
      long double chosen = options[random.below(std::size(options))];
      bool integral = text.substr(t.begin, t.end - t.begin).find_first_of(".eE") == std::string_view::npos;
      char buffer[64];
      if (integral)
        std::snprintf(buffer, sizeof buffer, "%.0Lf", chosen);
      else
        std::snprintf(buffer, sizeof buffer, "%.9Lg", chosen);
      value = buffer;
    }
    return replaced(text, t.begin, t.end, value);
  }
  case Mutation::SwapWord: {
    std::vector<size_t> words = tokensOf(tokens, TokenKind::Word);
    if (words.size() < 2)
      return {};
    const Token &to = tokens[words[random.below(words.size())]];
    const Token &from = tokens[words[random.below(words.size())]];
    return replaced(text, to.begin, to.end, text.substr(from.begin, from.end - from.begin));
  }
  case Mutation::DeleteToken: {
    if (tokens.empty())
      return {};
    const Token &t = tokens[random.below(tokens.size())];
    return replaced(text, t.begin, t.end, "");
  }
  case Mutation::DeleteLine: {
    size_t start = lines[random.below(lines.size())];
    return replaced(text, start, lineEnd(text, start), "");
  }
  case Mutation::DuplicateLine: {
    size_t start = lines[random.below(lines.size())];
    std::string line(text.substr(start, lineEnd(text, start) - start));
    if (line.empty() || line.back() != '\n')
      line += '\n';
    size_t at = lines[random.below(lines.size())];
    return replaced(text, at, at, line);
  }
  case Mutation::SwapLines: {
    if (lines.size() < 2)
      return {};
    size_t a = random.below(lines.size()), b = random.below(lines.size());
    if (a == b)
      return {};
    if (a > b)
      std::swap(a, b);
    size_t aEnd = lineEnd(text, lines[a]), bEnd = lineEnd(text, lines[b]);
    std::string first(text.substr(lines[a], aEnd - lines[a])), second(text.substr(lines[b], bEnd - lines[b]));
    if (second.empty() || second.back() != '\n')
      second += '\n';
    std::string out(text.substr(0, lines[a]));
    out += second;
    out.append(text.substr(aEnd, lines[b] - aEnd));
    out += first;
    out.append(text.substr(bEnd));
    return out;
  }
  case Mutation::DeleteBlock:
  case Mutation::DuplicateBlock:
  case Mutation::MoveBlock: {
    auto blocks = blocksOf(text, tokens);
    if (blocks.empty())
      return {};
    const Block &chosen = blocks[random.below(blocks.size())];
    std::string block(text.substr(chosen.begin, chosen.end - chosen.begin));
    if (kind == Mutation::DeleteBlock)
      return replaced(text, chosen.begin, chosen.end, "");
    std::string rest =
        kind == Mutation::MoveBlock ? replaced(text, chosen.begin, chosen.end, "") : std::string(text);
    std::vector<size_t> targets = lineStarts(rest);
    size_t at = targets[random.below(targets.size())];
    if (block.back() != '\n')
      block += '\n';
    return replaced(rest, at, at, block);
  }
  case Mutation::Count:
    break;
  }
  return {};
}

std::string mutateStructure(std::string_view text, uint64_t seed) {
  Random random{seed};
  for (int attempt = 0; attempt < 8; ++attempt) {
    auto kind = static_cast<Mutation>(random.below(static_cast<size_t>(Mutation::Count)));
    std::string out = mutate(text, kind, random.next());
    if (!out.empty() && out != text)
      return out;
  }
  return {};
}

std::string crossOver(std::string_view text, std::string_view donor, uint64_t seed) {
  Random random{seed};
  auto donorBlocks = blocksOf(donor, tokenize(donor));
  std::string piece;
  if (!donorBlocks.empty() && random.below(4) != 0) {
    const Block &chosen = donorBlocks[random.below(donorBlocks.size())];
    piece = std::string(donor.substr(chosen.begin, chosen.end - chosen.begin));
  } else {
    std::vector<size_t> lines = lineStarts(donor);
    size_t start = lines[random.below(lines.size())];
    piece = std::string(donor.substr(start, lineEnd(donor, start) - start));
  }
  if (piece.empty())
    return {};
  if (piece.back() != '\n')
    piece += '\n';
  auto blocks = blocksOf(text, tokenize(text));
  if (!blocks.empty() && random.below(2) == 0) {
    const Block &chosen = blocks[random.below(blocks.size())];
    return replaced(text, chosen.begin, chosen.end, piece);
  }
  std::vector<size_t> lines = lineStarts(text);
  size_t at = lines[random.below(lines.size())];
  return replaced(text, at, at, piece);
}

} // namespace lepton::fuzz
