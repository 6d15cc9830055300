// replay_test.cpp — the replay buffer: ring slots, size, sampled contents, uniformity, reproducibility, errors.
//
// Mutations of replay_buffer.cpp, each seen failing (the tests that caught it):
//   - add overwrites the newest slot instead of the oldest once full -> WrapAround, Uniform
//   - size not capped at capacity                                     -> WrapAround, Uniform
//   - sample copies obs into next_obs                                 -> SampleCopiesEveryField, SamplesOnly, WrapAround
//   - terminated stored as the raw flag (2.0f for terminated = 2)     -> SampleCopiesEveryField, SamplesOnly, WrapAround
//   - sample draws below capacity instead of size                     -> SamplesOnlyTheTransitionsHeld, Uniform
//   - sample draws below size - 1 (slot size - 1 never drawn)         -> UniformOverTheHeldTransitions, WrapAround,
//                                                                        DrawsTheDocumentedIndices
//   - the draw number ignored (index j instead of draw * batch + j)   -> ReproducibleForTheSameDrawOnly, DrawsThe...,
//                                                                        Uniform, WrapAround
//   - rngBelowRange's first lane index % 2, not 2 * (index % 2)       -> DrawsTheDocumentedIndices, WrapAround (and
//                                                                        rng_test's BelowRangeEqualsBelowOneByOne)
//   - no check for an empty buffer                                    -> ArgumentErrorsAreInvalid
#include "lepton/runtime.h"
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>
#include <regex>
#include <string>
#include <vector>

namespace {

using lepton::test::ErrorCapture;

/// Transition number k of a test run: every field derived from k, so a sample says which transition it copied.
struct Transition {
  std::vector<float> obs, nextObs;
  int32_t action;
  float reward;
  int32_t terminated;
};

Transition transition(int k, int32_t obsSize) {
  Transition t{{}, {}, k, 0.5f * static_cast<float>(k) - 3, k % 3 == 1 ? 2 : 0}; // non-zero flags need not be 1
  for (int32_t i = 0; i < obsSize; ++i) {
    t.obs.push_back(static_cast<float>(1000 * k + i));
    t.nextObs.push_back(static_cast<float>(-1000 * k - i - 1));
  }
  return t;
}

void add(lepton_replay *r, const Transition &t) {
  ASSERT_EQ(lepton_replay_add(r, t.obs.data(), t.action, t.reward, t.nextObs.data(), t.terminated), LEPTON_OK);
}

/// One sampled batch, field by field.
struct Batch {
  Batch(int64_t batch, int32_t obsSize)
      : obs(batch * obsSize), nextObs(batch * obsSize), actions(batch), rewards(batch), terminated(batch) {}
  int32_t sample(const lepton_replay *r, uint64_t seed, uint64_t draw) {
    return lepton_replay_sample(r, static_cast<int64_t>(actions.size()), seed, draw, obs.data(), actions.data(),
                                rewards.data(), nextObs.data(), terminated.data());
  }
  bool operator==(const Batch &o) const {
    return obs == o.obs && nextObs == o.nextObs && actions == o.actions && rewards == o.rewards &&
           terminated == o.terminated;
  }
  std::vector<float> obs, nextObs;
  std::vector<int32_t> actions;
  std::vector<float> rewards, terminated;
};

/// Expects sample j of `b` to be exactly transition k (obs_size floats per observation).
void expectSampleIs(const Batch &b, int64_t j, int k, int32_t obsSize) {
  Transition t = transition(k, obsSize);
  EXPECT_EQ(b.actions[j], t.action) << "sample " << j;
  EXPECT_EQ(b.rewards[j], t.reward) << "sample " << j;
  EXPECT_EQ(b.terminated[j], t.terminated ? 1.0f : 0.0f) << "sample " << j;
  for (int32_t i = 0; i < obsSize; ++i) {
    EXPECT_EQ(b.obs[j * obsSize + i], t.obs[i]) << "sample " << j << " obs " << i;
    EXPECT_EQ(b.nextObs[j * obsSize + i], t.nextObs[i]) << "sample " << j << " next_obs " << i;
  }
}

/// Pearson's chi-square statistic of `counts` against equal expected counts.
double chiSquare(const std::vector<int64_t> &counts) {
  double total = 0, stat = 0;
  for (int64_t c : counts)
    total += static_cast<double>(c);
  double expected = total / static_cast<double>(counts.size());
  for (int64_t c : counts)
    stat += (static_cast<double>(c) - expected) * (static_cast<double>(c) - expected) / expected;
  return stat;
}

} // namespace

TEST(ReplayBuffer, WrapAroundKeepsTheNewestInTheirSlots) {
  const int32_t obsSize = 2;
  lepton_replay *r = lepton_replay_create(3, obsSize);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(lepton_replay_size(r), 0);
  for (int k = 0; k < 5; ++k) {
    add(r, transition(k, obsSize));
    EXPECT_EQ(lepton_replay_size(r), std::min(k + 1, 3)) << "after add " << k;
  }
  // Transition k lives in slot k % 3: slots hold 3, 4, 2; sample j reads the slot the documented formula names.
  const int inSlot[3] = {3, 4, 2};
  Batch b(64, obsSize);
  ASSERT_EQ(b.sample(r, 7, 5), LEPTON_OK);
  bool seen[3] = {false, false, false};
  for (int64_t j = 0; j < 64; ++j) {
    uint64_t slot = lepton_rng_below(7, LEPTON_REPLAY_RNG_STREAM, 5 * 64 + static_cast<uint64_t>(j), 3);
    ASSERT_LT(slot, 3u);
    seen[slot] = true;
    expectSampleIs(b, j, inSlot[slot], obsSize);
  }
  EXPECT_TRUE(seen[0] && seen[1] && seen[2]); // every slot checked
  lepton_replay_free(r);
}

TEST(ReplayBuffer, DrawsTheDocumentedIndices) {
  // Transition k in slot k of a full ring: sample j of draw d is slot lepton_rng_below(seed, stream, d * batch + j,
  // size) for odd and even batches and first indices, and for a product past 2^64 (taken modulo 2^64).
  lepton_replay *r = lepton_replay_create(37, 1);
  ASSERT_NE(r, nullptr);
  for (int k = 0; k < 37; ++k)
    add(r, transition(k, 1));
  for (int64_t batch : {1, 7, 64, 65, 200})
    for (uint64_t draw : {uint64_t{0}, uint64_t{1}, uint64_t{3}, (uint64_t{1} << 63) + 5}) {
      Batch b(batch, 1);
      ASSERT_EQ(b.sample(r, 11, draw), LEPTON_OK);
      for (int64_t j = 0; j < batch; ++j)
        ASSERT_EQ(static_cast<uint64_t>(b.actions[j]),
                  lepton_rng_below(11, LEPTON_REPLAY_RNG_STREAM, draw * batch + j, 37))
            << "batch " << batch << " draw " << draw << " sample " << j;
    }
  lepton_replay_free(r);
}

TEST(ReplayBuffer, SampleCopiesEveryField) {
  // 50 distinct transitions of 5 floats; each sample must equal, field by field, the transition its action names.
  const int32_t obsSize = 5;
  lepton_replay *r = lepton_replay_create(50, obsSize);
  ASSERT_NE(r, nullptr);
  for (int k = 0; k < 50; ++k)
    add(r, transition(k, obsSize));
  Batch b(200, obsSize);
  ASSERT_EQ(b.sample(r, 42, 3), LEPTON_OK);
  int terminated = 0;
  for (int64_t j = 0; j < 200; ++j) {
    ASSERT_GE(b.actions[j], 0);
    ASSERT_LT(b.actions[j], 50);
    expectSampleIs(b, j, b.actions[j], obsSize);
    terminated += b.terminated[j] == 1.0f;
  }
  EXPECT_GT(terminated, 0); // both values of the mask occur
  EXPECT_LT(terminated, 200);
  lepton_replay_free(r);
}

TEST(ReplayBuffer, SamplesOnlyTheTransitionsHeld) {
  // 10 of 1000 slots filled (the rest allocated, never written): every sample is one of the 10.
  lepton_replay *r = lepton_replay_create(1000, 3);
  ASSERT_NE(r, nullptr);
  for (int k = 0; k < 10; ++k)
    add(r, transition(k, 3));
  Batch b(1000, 3);
  for (uint64_t draw = 0; draw < 5; ++draw) {
    ASSERT_EQ(b.sample(r, 1, draw), LEPTON_OK);
    for (int64_t j = 0; j < 1000; ++j) {
      ASSERT_GE(b.actions[j], 0) << "draw " << draw << " sample " << j;
      ASSERT_LT(b.actions[j], 10) << "draw " << draw << " sample " << j;
      expectSampleIs(b, j, b.actions[j], 3);
    }
  }
  lepton_replay_free(r);
}

TEST(ReplayBuffer, UniformOverTheHeldTransitions) {
  // A full ring of 10 (25 adds: wrapped twice), 2000 draws of 64: chi-square with 9 degrees of freedom; the
  // 0.1% critical value is 27.88. A partly filled ring (7 of 100) likewise with 6 degrees of freedom: 22.46.
  struct Case {
    int64_t capacity;
    int adds;
    int first; // the oldest transition held
    double critical;
  };
  for (Case c : {Case{10, 25, 15, 27.88}, Case{100, 7, 0, 22.46}}) {
    lepton_replay *r = lepton_replay_create(c.capacity, 1);
    ASSERT_NE(r, nullptr);
    for (int k = 0; k < c.adds; ++k)
      add(r, transition(k, 1));
    const int held = c.adds - c.first;
    std::vector<int64_t> counts(held, 0);
    Batch b(64, 1);
    for (uint64_t draw = 0; draw < 2000; ++draw) {
      ASSERT_EQ(b.sample(r, 2024, draw), LEPTON_OK);
      for (int32_t action : b.actions) {
        ASSERT_GE(action, c.first);
        ASSERT_LT(action, c.adds);
        ++counts[action - c.first];
      }
    }
    EXPECT_LT(chiSquare(counts), c.critical) << "capacity " << c.capacity;
    lepton_replay_free(r);
  }
}

TEST(ReplayBuffer, ReproducibleForTheSameDrawOnly) {
  lepton_replay *r = lepton_replay_create(100, 4);
  ASSERT_NE(r, nullptr);
  for (int k = 0; k < 100; ++k)
    add(r, transition(k, 4));
  Batch first(128, 4), again(128, 4), nextDraw(128, 4), otherSeed(128, 4);
  ASSERT_EQ(first.sample(r, 9, 17), LEPTON_OK);
  ASSERT_EQ(again.sample(r, 9, 17), LEPTON_OK);
  ASSERT_EQ(nextDraw.sample(r, 9, 18), LEPTON_OK);
  ASSERT_EQ(otherSeed.sample(r, 10, 17), LEPTON_OK);
  EXPECT_TRUE(first == again);
  EXPECT_FALSE(first == nextDraw);
  EXPECT_FALSE(first == otherSeed);
  // A draw of 128 is the documented indices draw * 128 + j: the same as two draws of 64 numbered 34 and 35.
  Batch half(64, 4);
  for (uint64_t part = 0; part < 2; ++part) {
    ASSERT_EQ(half.sample(r, 9, 34 + part), LEPTON_OK);
    EXPECT_TRUE(std::equal(half.actions.begin(), half.actions.end(), first.actions.begin() + 64 * part));
  }
  lepton_replay_free(r);
}

TEST(ReplayBuffer, ArgumentErrorsAreInvalid) {
  ErrorCapture errors;
  EXPECT_EQ(lepton_replay_create(0, 4), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  EXPECT_NE(errors.lastMessage().find("capacity 0"), std::string::npos) << errors.lastMessage();
  EXPECT_EQ(lepton_replay_create(-5, 4), nullptr);
  EXPECT_EQ(lepton_replay_create(10, 0), nullptr);
  EXPECT_EQ(errors.count(), 3);

  lepton_replay *r = lepton_replay_create(10, 2);
  ASSERT_NE(r, nullptr);
  Batch b(4, 2);
  errors.clear();
  EXPECT_EQ(b.sample(r, 0, 0), LEPTON_ERR_INVALID); // empty
  EXPECT_NE(errors.lastMessage().find("from 0 held"), std::string::npos) << errors.lastMessage();
  float obs[2] = {1, 2};
  EXPECT_EQ(lepton_replay_add(r, nullptr, 0, 0, obs, 0), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_replay_add(r, obs, 0, 0, nullptr, 0), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_replay_add(nullptr, obs, 0, 0, obs, 0), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_replay_size(r), 0); // refused adds leave nothing
  EXPECT_EQ(lepton_replay_add(r, obs, 1, 1, obs, 0), LEPTON_OK);
  EXPECT_EQ(lepton_replay_sample(r, 0, 0, 0, b.obs.data(), b.actions.data(), b.rewards.data(), b.nextObs.data(),
                                 b.terminated.data()),
            LEPTON_ERR_INVALID); // batch < 1
  EXPECT_EQ(lepton_replay_sample(r, 4, 0, 0, b.obs.data(), b.actions.data(), b.rewards.data(), b.nextObs.data(),
                                 nullptr),
            LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_replay_sample(nullptr, 4, 0, 0, b.obs.data(), b.actions.data(), b.rewards.data(),
                                 b.nextObs.data(), b.terminated.data()),
            LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.count(), 7);
  EXPECT_EQ(b.sample(r, 0, 0), LEPTON_OK);
  EXPECT_EQ(lepton_replay_size(nullptr), 0);
  lepton_replay_free(r);
  lepton_replay_free(nullptr);
}

TEST(ReplayBuffer, OutOfMemoryNamesTheBytes) {
  ErrorCapture errors;
  // 2^40 transitions of 1024 floats: 2 x 2^52 bytes (obs, next_obs) + 3 x 2^42 (actions, rewards, terminated) and
  // the header (a cache line or two), far beyond memory.
  EXPECT_EQ(lepton_replay_create(int64_t{1} << 40, 1024), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_NOMEM);
  std::smatch m;
  std::string message = errors.lastMessage();
  ASSERT_TRUE(std::regex_match(message, m, std::regex("out of memory: a replay buffer of 1099511627776 transitions "
                                                      "of 1024 floats needs ([0-9]+) bytes")))
      << message;
  int64_t header = std::stoll(m[1]) - ((int64_t{2} << 52) + (int64_t{3} << 42));
  EXPECT_TRUE(header == 64 || header == 128) << message;
  // Sizes past 2^63 bytes are refused without overflow.
  EXPECT_EQ(lepton_replay_create(INT64_MAX, INT32_MAX), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_NOMEM);
  EXPECT_NE(errors.lastMessage().find("needs more than 2^63 bytes"), std::string::npos) << errors.lastMessage();
}
