// env_toytext_test.cpp — FrozenLake and Taxi checked exhaustively (every state x action) against independent
// listings written here: hole lists instead of map strings, wall lists instead of Taxi's ASCII map.
#include "environment.h"
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace {

// ------------------------------------------------------------------------------------------------- FrozenLake

struct Lake {
  int size;
  std::set<std::pair<int, int>> holes; // (row, col); the goal is the bottom-right corner, the start (0, 0)
};

const Lake kLake4 = {4, {{1, 1}, {1, 3}, {2, 3}, {3, 0}}};
const Lake kLake8 = {8, {{2, 3}, {3, 5}, {4, 3}, {5, 1}, {5, 2}, {5, 6}, {6, 1}, {6, 4}, {6, 6}, {7, 3}}};

/// Row and column steps of the four actions: left, down, right, up.
const int kDRow[4] = {0, 1, 0, -1}, kDCol[4] = {-1, 0, 1, 0};

/// The directions an action may take on ice: itself and the two at right angles to it.
std::vector<int> slips(int action) {
  bool horizontal = kDRow[action] == 0;
  return horizontal ? std::vector<int>{action, 1, 3} : std::vector<int>{action, 0, 2}; // + down, up / left, right
}

/// next state -> probability, for action `action` from (row, col).
std::map<int, double> expectedMoves(const Lake &lake, int row, int col, int action, bool slippery) {
  std::map<int, double> out;
  std::vector<int> directions = slippery ? slips(action) : std::vector<int>{action};
  for (int d : directions) {
    int r = row + kDRow[d], c = col + kDCol[d];
    if (r < 0 || r >= lake.size || c < 0 || c >= lake.size) // off the grid: stays
      r = row, c = col;
    out[r * lake.size + c] += 1.0 / static_cast<double>(directions.size());
  }
  return out;
}

/// Counts, over `trials` episodes, where one step with `action` from state `s` leads; checks reward and flags.
std::map<int, int> sampleMoves(lepton_env *env, const Lake &lake, int s, int action, int trials) {
  std::map<int, int> counts;
  int goal = lake.size * lake.size - 1;
  for (int e = 0; e < trials; ++e) {
    int32_t state = -1, flags = 0;
    double reward = -1, value = s;
    EXPECT_EQ(lepton_env_reset(env, e, nullptr, &state), LEPTON_OK);
    EXPECT_TRUE(lepton::rt::envDebugSetState(env, &value, 1, nullptr, &state));
    EXPECT_EQ(lepton_env_step(env, action, nullptr, &state, &reward, &flags), LEPTON_OK);
    ++counts[state];
    bool hole = lake.holes.count({state / lake.size, state % lake.size}) > 0;
    EXPECT_EQ(reward, state == goal ? 1.0 : 0.0) << s << " -> " << state;
    EXPECT_EQ(flags, hole || state == goal ? LEPTON_ENV_TERMINATED : 0) << s << " -> " << state;
  }
  return counts;
}

void checkLake(const Lake &lake, bool slippery) {
  lepton_env *env = lepton_env_create(LEPTON_ENV_FROZEN_LAKE, lake.size, slippery, 0, 77);
  const int trials = slippery ? 3000 : 3;
  int cells = lake.size * lake.size;
  for (int s = 0; s < cells; ++s) {
    int row = s / lake.size, col = s % lake.size;
    bool terminal = lake.holes.count({row, col}) || s == cells - 1;
    for (int action = 0; action < 4; ++action) {
      SCOPED_TRACE(testing::Message() << lake.size << "x" << lake.size << " state " << s << " action " << action);
      if (terminal) { // holes and the goal absorb: same state, reward 0, terminated
        int32_t state = -1, flags = 0;
        double reward = -1, value = s;
        ASSERT_EQ(lepton_env_reset(env, 0, nullptr, &state), LEPTON_OK);
        EXPECT_EQ(state, 0);
        ASSERT_TRUE(lepton::rt::envDebugSetState(env, &value, 1, nullptr, &state));
        ASSERT_EQ(lepton_env_step(env, action, nullptr, &state, &reward, &flags), LEPTON_OK);
        EXPECT_EQ(state, s);
        EXPECT_EQ(reward, 0.0);
        EXPECT_EQ(flags, LEPTON_ENV_TERMINATED);
        continue;
      }
      std::map<int, double> expected = expectedMoves(lake, row, col, action, slippery);
      for (const auto &[next, count] : sampleMoves(env, lake, s, action, trials)) {
        double p = expected.count(next) ? expected[next] : 0.0;
        double tolerance = 5 * std::sqrt(p * (1 - p) / trials); // 0 for impossible and certain moves
        EXPECT_NEAR(static_cast<double>(count) / trials, p, tolerance) << "to state " << next;
      }
    }
  }
  lepton_env_free(env);
}

} // namespace

// Mutations seen failing: slipping uses below(4), adding the opposite direction (1/4 each); a hole of the 8x8 map
// moved ("FHHFFFHF" -> "FHFHFFHF"); holes not terminal.
TEST(FrozenLake, SlipperyTransitionsEveryStateAndAction) {
  checkLake(kLake4, true);
  checkLake(kLake8, true);
}

TEST(FrozenLake, DeterministicTransitionsEveryStateAndAction) {
  checkLake(kLake4, false);
  checkLake(kLake8, false);
}

// --------------------------------------------------------------------------------------------------------- Taxi

namespace {

const int kLocs[4][2] = {{0, 0}, {0, 4}, {4, 0}, {4, 3}}; // R, G, Y, B

/// Walls between (row, col) and (row, col + 1), read off Gymnasium's map by hand.
const std::set<std::pair<int, int>> kWallEastOf = {{0, 1}, {1, 1}, {3, 0}, {3, 2}, {4, 0}, {4, 2}};

struct Outcome {
  int state;
  double reward;
  bool terminated;
};

int locationAt(int row, int col) {
  for (int i = 0; i < 4; ++i)
    if (kLocs[i][0] == row && kLocs[i][1] == col)
      return i;
  return -1;
}

/// Taxi-v3's rules, written independently of the runtime.
Outcome taxiModel(int s, int action) {
  int row = s / 100, col = s / 20 % 5, pass = s / 4 % 5, dest = s % 4;
  Outcome out{0, -1, false};
  if (action == 0 && row < 4)
    ++row;
  else if (action == 1 && row > 0)
    --row;
  else if (action == 2 && col < 4 && !kWallEastOf.count({row, col}))
    ++col;
  else if (action == 3 && col > 0 && !kWallEastOf.count({row, col - 1}))
    --col;
  else if (action == 4) {
    if (pass < 4 && locationAt(row, col) == pass)
      pass = 4;
    else
      out.reward = -10;
  } else if (action == 5) {
    int here = locationAt(row, col);
    if (pass != 4 || here < 0)
      out.reward = -10;
    else if (here == dest)
      pass = dest, out.reward = 20, out.terminated = true;
    else
      pass = here;
  }
  out.state = 100 * row + 20 * col + 4 * pass + dest;
  return out;
}

} // namespace

// Mutations seen failing: the wall east of Y removed ("|Y| : |B: |" -> "|Y: : |B: |"); a drop-off at another
// location treated as illegal (-10); the -10 for an illegal pickup.
TEST(Taxi, EveryStateAndActionMatchesTheRules) {
  lepton_env *env = lepton_env_create(LEPTON_ENV_TAXI, 0, 0, 0, 5);
  int checked = 0, terminal = 0;
  for (int s = 0; s < 500; ++s) {
    for (int action = 0; action < 6; ++action) {
      int32_t state = -1, flags = 0;
      double reward = 0, value = s;
      ASSERT_EQ(lepton_env_reset(env, 0, nullptr, &state), LEPTON_OK);
      ASSERT_TRUE(lepton::rt::envDebugSetState(env, &value, 1, nullptr, &state));
      ASSERT_EQ(lepton_env_step(env, action, nullptr, &state, &reward, &flags), LEPTON_OK);
      Outcome want = taxiModel(s, action);
      EXPECT_EQ(state, want.state) << "state " << s << " action " << action;
      EXPECT_EQ(reward, want.reward) << "state " << s << " action " << action;
      EXPECT_EQ(flags, want.terminated ? LEPTON_ENV_TERMINATED : 0) << "state " << s << " action " << action;
      ++checked, terminal += want.terminated;
    }
  }
  EXPECT_EQ(checked, 3000);
  EXPECT_EQ(terminal, 4); // a drop-off with the passenger aboard at the destination: one state per destination
  lepton_env_free(env);
}

// Mutation seen failing: a reset that lets the destination equal the passenger's location (400 states).
TEST(Taxi, ResetCoversExactlyTheThreeHundredStartStates) {
  lepton_env *env = lepton_env_create(LEPTON_ENV_TAXI, 0, 0, 0, 11);
  std::map<int, int> counts;
  const int episodes = 30000;
  for (int e = 0; e < episodes; ++e) {
    int32_t state = -1;
    ASSERT_EQ(lepton_env_reset(env, e, nullptr, &state), LEPTON_OK);
    ++counts[state];
  }
  std::set<int> valid;
  for (int row = 0; row < 5; ++row)
    for (int col = 0; col < 5; ++col)
      for (int pass = 0; pass < 4; ++pass)
        for (int dest = 0; dest < 4; ++dest)
          if (pass != dest)
            valid.insert(((row * 5 + col) * 5 + pass) * 4 + dest);
  ASSERT_EQ(valid.size(), 300u);
  std::set<int> seen;
  for (const auto &[state, count] : counts) {
    seen.insert(state);
    EXPECT_TRUE(valid.count(state)) << "reset to invalid state " << state;
    EXPECT_NEAR(count, episodes / 300.0, 60) << "state " << state; // sd 10
  }
  EXPECT_EQ(seen, valid);
  lepton_env_free(env);
}
