// structured_mutator_test.cpp — fuzz-frontend's structure-aware mutations do what they say, on real programs.
//
// Seen failing: blockAround ending before the closing brace (BlockRuns…, EachMutation…), tokenize
// splitting "1e-3" at the sign (NumberTokens), SwapLines dropping the lines between the two
// (EachMutationChangesARealProgramAsItSays).
#include "fuzz/StructuredMutator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace lepton::fuzz;

namespace {

std::string readExample(const std::string &name) {
  std::ifstream in(std::string(LEPTON_SOURCE_DIR) + "/examples/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Braces outside comments and strings: every block mutation keeps them balanced.
bool balanced(const std::string &text) {
  int depth = 0;
  for (const Token &t : tokenize(text)) {
    if (t.kind != TokenKind::Punct)
      continue;
    depth += text[t.begin] == '{' ? 1 : text[t.begin] == '}' ? -1 : 0;
    if (depth < 0)
      return false;
  }
  return depth == 0;
}

std::string sortedCharacters(std::string text) {
  std::sort(text.begin(), text.end());
  return text;
}

std::vector<std::string> words(const std::string &text) {
  std::vector<std::string> found;
  for (const Token &t : tokenize(text))
    if (t.kind == TokenKind::Word)
      found.push_back(text.substr(t.begin, t.end - t.begin));
  return found;
}

const char *const examples[] = {"fashion_mlp.lep", "fashion_cnn.lep", "cartpole_dqn.lep", "taxi_q.lep"};

} // namespace

TEST(StructuredMutator, TokensCoverTheTextExactly) {
  for (const char *name : examples) {
    std::string text = readExample(name);
    ASSERT_FALSE(text.empty()) << name;
    size_t at = 0;
    for (const Token &t : tokenize(text)) {
      EXPECT_EQ(t.begin, at);
      EXPECT_LT(t.begin, t.end);
      at = t.end;
    }
    EXPECT_EQ(at, text.size()) << name;
  }
}

TEST(StructuredMutator, NumberTokens) {
  std::string text = "lr: 1e-3, x: .5 \"a\\\"b\" // c\nw_2";
  std::vector<std::pair<TokenKind, std::string>> expected = {
      {TokenKind::Word, "lr"},   {TokenKind::Punct, ":"},     {TokenKind::Space, " "},
      {TokenKind::Number, "1e-3"}, {TokenKind::Punct, ","},   {TokenKind::Space, " "},
      {TokenKind::Word, "x"},    {TokenKind::Punct, ":"},     {TokenKind::Space, " "},
      {TokenKind::Number, ".5"}, {TokenKind::Space, " "},     {TokenKind::String, "\"a\\\"b\""},
      {TokenKind::Space, " "},   {TokenKind::Comment, "// c"}, {TokenKind::Space, "\n"},
      {TokenKind::Word, "w_2"}};
  std::vector<Token> tokens = tokenize(text);
  ASSERT_EQ(tokens.size(), expected.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i].kind, expected[i].first) << i;
    EXPECT_EQ(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin), expected[i].second) << i;
  }
}

TEST(StructuredMutator, BlockRunsFromItsHeaderLineToItsClosingBrace) {
  std::string text = "a x {\n  b {\n    c\n  }\n  d\n}\ne\n";
  auto outer = blockAround(text, text.find('{'));
  EXPECT_EQ(text.substr(outer.first, outer.second - outer.first), "a x {\n  b {\n    c\n  }\n  d\n}\n");
  auto inner = blockAround(text, text.find('{', text.find('{') + 1));
  EXPECT_EQ(text.substr(inner.first, inner.second - inner.first), "  b {\n    c\n  }\n");
  EXPECT_EQ(blockAround("a {\n b\n", 2).first, std::string::npos);    // never closed
  EXPECT_EQ(blockAround("a { // }\n", 2).first, std::string::npos);  // a brace in a comment does not count
}

TEST(StructuredMutator, EachMutationChangesARealProgramAsItSays) {
  std::string text = readExample("fashion_cnn.lep");
  ASSERT_TRUE(balanced(text));
  for (uint64_t seed = 0; seed < 40; ++seed) {
    for (int k = 0; k < static_cast<int>(Mutation::Count); ++k) {
      auto kind = static_cast<Mutation>(k);
      std::string out = mutate(text, kind, seed);
      SCOPED_TRACE("mutation " + std::to_string(k) + " seed " + std::to_string(seed));
      if (kind == Mutation::SwapLines && out.empty())
        continue; // the same line drawn twice
      ASSERT_FALSE(out.empty());
      switch (kind) {
      case Mutation::BoundaryNumber:
      case Mutation::NearbyNumber:
        EXPECT_EQ(words(out), words(text)); // only a number changed
        EXPECT_TRUE(balanced(out));
        break;
      case Mutation::DeleteBlock:
        EXPECT_LT(out.size(), text.size());
        EXPECT_TRUE(balanced(out));
        break;
      case Mutation::DuplicateBlock:
        EXPECT_GT(out.size(), text.size());
        EXPECT_TRUE(balanced(out));
        break;
      case Mutation::MoveBlock:
      case Mutation::SwapLines:
        EXPECT_EQ(sortedCharacters(out), sortedCharacters(text));
        break;
      case Mutation::DeleteToken:
      case Mutation::DeleteLine:
        EXPECT_LT(out.size(), text.size());
        break;
      case Mutation::DuplicateLine:
        EXPECT_GT(out.size(), text.size());
        break;
      case Mutation::SwapWord:
        EXPECT_EQ(words(out).size(), words(text).size());
        break;
      case Mutation::Count:
        break;
      }
    }
  }
}

TEST(StructuredMutator, NearbyNumbersAreOneStepAway) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    std::string out = mutate("epochs: 10\n", Mutation::NearbyNumber, seed);
    EXPECT_TRUE(out == "epochs: 11\n" || out == "epochs: 9\n" || out == "epochs: 20\n" || out == "epochs: 5\n" ||
                out == "epochs: -10\n")
        << out;
  }
}

TEST(StructuredMutator, SameSeedSameResult) {
  std::string text = readExample("cartpole_dqn.lep");
  for (uint64_t seed = 0; seed < 20; ++seed) {
    EXPECT_EQ(mutateStructure(text, seed), mutateStructure(text, seed));
    EXPECT_NE(mutateStructure(text, seed), text);
  }
}

TEST(StructuredMutator, CrossOverSplicesTheDonorsBlocksIn) {
  std::string mlp = readExample("fashion_mlp.lep"), cnn = readExample("fashion_cnn.lep");
  int withConvolution = 0;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    std::string out = crossOver(mlp, cnn, seed);
    EXPECT_NE(out, mlp);
    withConvolution += out.find("conv2d") != std::string::npos;
  }
  EXPECT_GT(withConvolution, 0);
}

TEST(StructuredMutator, DegenerateInputsDoNotCrash) {
  for (const char *text : {"", "{", "}", "\n", "{{}", "\"", "/*", "1e", "a"}) {
    for (uint64_t seed = 0; seed < 30; ++seed) {
      (void)mutateStructure(text, seed);
      (void)crossOver(text, text, seed);
      (void)crossOver(text, "m {\n}\n", seed);
    }
  }
}
