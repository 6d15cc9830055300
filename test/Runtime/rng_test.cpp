// rng_test.cpp — Philox4x32-10 known answers, order-independent fills, distributions, permutations.
#include "internal.h"
#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <numeric>
#include <vector>

using lepton::test::ErrorCapture;

namespace {

void expectBlock(std::vector<uint32_t> counter, std::vector<uint32_t> key, std::vector<uint32_t> expected) {
  uint32_t out[4];
  lepton_philox4x32_10(counter.data(), key.data(), out);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(out[i], expected[i]) << "word " << i;
}

} // namespace

// Known-answer vectors from Random123 (kat_vectors, philox4x32 with 10 rounds).
TEST(Philox, KnownAnswerZero) {
  expectBlock({0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
}

TEST(Philox, KnownAnswerAllOnes) {
  expectBlock({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
              {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
}

TEST(Philox, KnownAnswerPi) {
  expectBlock({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
              {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
}

TEST(Rng, CounterLayoutIsAsDocumented) {
  const uint64_t seed = 0x1122334455667788ull, stream = 0x99aabbccddeeff00ull, index = 4 * 0x123456789ull + 2;
  uint32_t counter[4] = {0x23456789u, 0x1u, 0xddeeff00u, 0x99aabbccu}, key[2] = {0x55667788u, 0x11223344u}, out[4];
  lepton_philox4x32_10(counter, key, out);
  EXPECT_EQ(lepton_rng_u32(seed, stream, index), out[2]);
}

TEST(Rng, FillIsIndependentOfChunking) {
  const int n = 1001;
  std::vector<float> whole(n), pieces(n);
  ASSERT_EQ(lepton_rng_fill_uniform(whole.data(), n, 42, 7, 0, -0.5f, 0.5f), LEPTON_OK);
  int cuts[] = {0, 1, 6, 7, 333, 1000, 1001};
  for (int c = 0; c + 1 < 7; ++c)
    ASSERT_EQ(lepton_rng_fill_uniform(pieces.data() + cuts[c], cuts[c + 1] - cuts[c], 42, 7, cuts[c], -0.5f, 0.5f),
              LEPTON_OK);
  EXPECT_EQ(whole, pieces);
  // Backwards, one at a time: still the same values.
  for (int i = n - 1; i >= 0; --i)
    lepton_rng_fill_uniform(&pieces[i], 1, 42, 7, i, -0.5f, 0.5f);
  EXPECT_EQ(whole, pieces);
}

TEST(Rng, ScalarUniformMatchesFill) {
  std::vector<float> v(64);
  lepton_rng_fill_uniform(v.data(), 64, 3, 4, 100, 0.0f, 1.0f);
  for (int i = 0; i < 64; ++i)
    EXPECT_EQ(v[i], lepton_rng_uniform(3, 4, 100 + i));
}

TEST(Rng, SeedsAndStreamsDiffer) {
  std::vector<float> a(256), b(256), c(256);
  lepton_rng_fill_uniform(a.data(), 256, 1, 0, 0, 0, 1);
  lepton_rng_fill_uniform(b.data(), 256, 2, 0, 0, 0, 1);
  lepton_rng_fill_uniform(c.data(), 256, 1, 1, 0, 0, 1);
  int sameAB = 0, sameAC = 0;
  for (int i = 0; i < 256; ++i)
    sameAB += a[i] == b[i], sameAC += a[i] == c[i];
  EXPECT_LT(sameAB, 3);
  EXPECT_LT(sameAC, 3);
}

TEST(Rng, UniformRangeAndMoments) {
  const int n = 200000;
  std::vector<float> v(n);
  const float bound = 1.0f / std::sqrt(784.0f); // nn.Linear's init bound for fan_in 784
  ASSERT_EQ(lepton_rng_fill_uniform(v.data(), n, 1, 0, 0, -bound, bound), LEPTON_OK);
  double sum = 0, sq = 0;
  for (float x : v) {
    ASSERT_GE(x, -bound);
    ASSERT_LT(x, bound);
    sum += x, sq += double(x) * x;
  }
  double mean = sum / n, var = sq / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.01 * bound);
  EXPECT_NEAR(var, bound * bound / 3.0, 0.01 * bound * bound);
}

TEST(Rng, UniformNeverReachesHi) {
  // A narrow range where lo + width * u rounds up to hi for u close to 1.
  std::vector<float> v(100000);
  const float lo = 1.0f, hi = std::nextafter(std::nextafter(1.0f, 2.0f), 2.0f);
  ASSERT_EQ(lepton_rng_fill_uniform(v.data(), 100000, 9, 9, 0, lo, hi), LEPTON_OK);
  for (float x : v) {
    ASSERT_GE(x, lo);
    ASSERT_LT(x, hi);
  }
  lepton_rng_fill_uniform(v.data(), 10, 9, 9, 0, 2.5f, 2.5f);
  EXPECT_EQ(v[0], 2.5f);
}

TEST(Rng, NormalMomentsAndChunking) {
  const int n = 200000;
  std::vector<float> v(n);
  ASSERT_EQ(lepton_rng_fill_normal(v.data(), n, 5, 2, 0, 1.0f, 2.0f), LEPTON_OK);
  double sum = 0, sq = 0;
  int beyond3 = 0;
  for (float x : v) {
    ASSERT_TRUE(std::isfinite(x));
    sum += x, sq += double(x) * x;
    beyond3 += std::fabs(x - 1.0f) > 6.0f;
  }
  double mean = sum / n, var = sq / n - mean * mean;
  EXPECT_NEAR(mean, 1.0, 0.02);
  EXPECT_NEAR(var, 4.0, 0.06);
  EXPECT_NEAR(beyond3 / double(n), 0.0027, 0.001); // P(|z| > 3)
  std::vector<float> tail(10);
  lepton_rng_fill_normal(tail.data(), 10, 5, 2, 12345, 1.0f, 2.0f);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(tail[i], v[12345 + i]);
}

TEST(Rng, DropoutMask) {
  const int n = 100000;
  std::vector<float> m(n);
  ASSERT_EQ(lepton_rng_fill_dropout(m.data(), n, 11, 3, 0, 0.25f), LEPTON_OK);
  int zeros = 0;
  for (float x : m) {
    ASSERT_TRUE(x == 0.0f || x == 1.0f / 0.75f) << x;
    zeros += x == 0.0f;
  }
  EXPECT_NEAR(zeros / double(n), 0.25, 0.01);
  lepton_rng_fill_dropout(m.data(), 100, 11, 3, 0, 0.0f);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(m[i], 1.0f);
}

TEST(Rng, BelowIsInRangeAndUniform) {
  std::vector<int> counts(7);
  for (uint64_t i = 0; i < 70000; ++i) {
    uint64_t k = lepton_rng_below(17, 0, i, 7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  for (int c : counts)
    EXPECT_NEAR(c, 10000, 400);
  EXPECT_EQ(lepton_rng_below(1, 2, 3, 0), 0u);
  EXPECT_EQ(lepton_rng_below(1, 2, 3, 1), 0u);
}

TEST(Rng, BelowRangeEqualsBelowOneByOne) {
  // The replay buffer's batch form: odd and even first indices, any count, indices wrapping past 2^64.
  // (Seen failing when its first lane was index % 2 instead of 2 * (index % 2).)
  for (uint64_t first : {uint64_t{0}, uint64_t{1}, uint64_t{1000}, ~uint64_t{0} - 2})
    for (int64_t count = 0; count <= 9; ++count) {
      std::vector<uint64_t> out(count + 1, 77);
      lepton::rt::rngBelowRange(5, LEPTON_REPLAY_RNG_STREAM, first, count, 1000003, out.data());
      for (int64_t i = 0; i < count; ++i)
        EXPECT_EQ(out[i], lepton_rng_below(5, LEPTON_REPLAY_RNG_STREAM, first + i, 1000003)) << first << "+" << i;
      EXPECT_EQ(out[count], 77u); // nothing written past count
    }
}

TEST(Rng, InvalidArgumentsAreReported) {
  ErrorCapture errors;
  float v[4];
  EXPECT_EQ(lepton_rng_fill_uniform(v, 4, 0, 0, 0, 1.0f, 0.0f), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_fill_uniform(v, 4, 0, 0, 0, 0.0f, INFINITY), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_fill_uniform(nullptr, 4, 0, 0, 0, 0.0f, 1.0f), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_fill_uniform(v, -1, 0, 0, 0, 0.0f, 1.0f), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_fill_normal(v, 4, 0, 0, 0, 0.0f, -1.0f), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_fill_dropout(v, 4, 0, 0, 0, 1.0f), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_fill_dropout(v, 4, 0, 0, 0, NAN), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_fill_uniform(nullptr, 0, 0, 0, 0, 0.0f, 1.0f), LEPTON_OK);
  EXPECT_EQ(errors.count(), 7);
}

TEST(Permutation, IsAPermutationAndReproducible) {
  for (int64_t n : {0, 1, 2, 10, 1000, 60000}) {
    std::vector<int64_t> p(static_cast<size_t>(n)), q(static_cast<size_t>(n));
    ASSERT_EQ(lepton_rng_permutation(p.data(), n, 42, 3), LEPTON_OK);
    ASSERT_EQ(lepton_rng_permutation(q.data(), n, 42, 3), LEPTON_OK);
    EXPECT_EQ(p, q);
    std::vector<int64_t> sorted = p;
    std::sort(sorted.begin(), sorted.end());
    for (int64_t i = 0; i < n; ++i)
      ASSERT_EQ(sorted[i], i);
  }
}

TEST(Permutation, DiffersByEpochAndSeed) {
  std::vector<int64_t> a(1000), b(1000), c(1000);
  lepton_rng_permutation(a.data(), 1000, 1, 0);
  lepton_rng_permutation(b.data(), 1000, 1, 1);
  lepton_rng_permutation(c.data(), 1000, 2, 0);
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  int fixed = 0;
  for (int i = 0; i < 1000; ++i)
    fixed += a[i] == i;
  EXPECT_LT(fixed, 10); // about 1 expected
}

TEST(Permutation, AllOrdersEquallyLikely) {
  std::map<std::vector<int64_t>, int> seen;
  const int trials = 60000;
  for (int e = 0; e < trials; ++e) {
    std::vector<int64_t> p(3);
    lepton_rng_permutation(p.data(), 3, 123, static_cast<uint64_t>(e));
    ++seen[p];
  }
  ASSERT_EQ(seen.size(), 6u);
  for (auto &entry : seen)
    EXPECT_NEAR(entry.second, trials / 6, 400);
}

TEST(Permutation, InvalidArguments) {
  ErrorCapture errors;
  int64_t p[2];
  EXPECT_EQ(lepton_rng_permutation(p, -1, 0, 0), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_permutation(nullptr, 2, 0, 0), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_rng_permutation(p, 2, 0, LEPTON_RNG_RESERVED_STREAMS), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.count(), 3);
}
