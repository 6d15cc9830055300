// env_test.cpp — lepton_env handles: sizes, argument checks, reproducible episodes, the time limit, host envs.
#include "environment.h"
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>
#include <vector>

using lepton::test::ErrorCapture;

namespace {

struct Kind {
  int32_t kind, mapSize, actions, obsSize, states;
};
const Kind kKinds[] = {{LEPTON_ENV_CARTPOLE, 0, 2, 4, 0},    {LEPTON_ENV_MOUNTAIN_CAR, 0, 3, 2, 0},
                       {LEPTON_ENV_ACROBOT, 0, 3, 6, 0},     {LEPTON_ENV_FROZEN_LAKE, 4, 4, 0, 16},
                       {LEPTON_ENV_FROZEN_LAKE, 8, 4, 0, 64}, {LEPTON_ENV_TAXI, 0, 6, 0, 500}};

/// Everything a run of episodes produced: observations (or states), rewards and flags, in order.
using Trace = std::vector<double>;

/// Runs `episode` to its end (or 60 steps) with a fixed action pattern and appends what it saw to `trace`.
void runEpisode(lepton_env *env, int64_t episode, Trace &trace) {
  int32_t n = lepton_env_obs_size(env), actions = lepton_env_num_actions(env);
  std::vector<float> obs(n > 0 ? n : 1);
  int32_t state = -1, flags = 0;
  double reward = 0;
  ASSERT_EQ(lepton_env_reset(env, episode, obs.data(), &state), LEPTON_OK);
  auto record = [&] {
    if (n > 0)
      trace.insert(trace.end(), obs.begin(), obs.end());
    else
      trace.push_back(state);
  };
  record();
  for (int t = 0; t < 60 && !flags; ++t) {
    ASSERT_EQ(lepton_env_step(env, (t * 7 + t / 3) % actions, obs.data(), &state, &reward, &flags), LEPTON_OK);
    record();
    trace.push_back(reward);
    trace.push_back(flags);
  }
}

lepton_env *create(const Kind &k, uint64_t seed, int64_t maxSteps = 0, int32_t slippery = 1) {
  return lepton_env_create(k.kind, k.mapSize, slippery, maxSteps, seed);
}

} // namespace

// Mutation seen failing: acrobot's obs_size returned as 4 (Acrobot-v0's angles).
TEST(Env, SizesOfEachKind) {
  for (const Kind &k : kKinds) {
    lepton_env *env = create(k, 1, 100);
    ASSERT_NE(env, nullptr) << k.kind;
    EXPECT_EQ(lepton_env_num_actions(env), k.actions) << k.kind;
    EXPECT_EQ(lepton_env_obs_size(env), k.obsSize) << k.kind;
    EXPECT_EQ(lepton_env_num_states(env), k.states) << k.kind;
    EXPECT_EQ(lepton_env_max_steps(env), 100) << k.kind;
    lepton_env_free(env);
  }
  EXPECT_EQ(lepton_env_num_actions(nullptr), 0);
  lepton_env_free(nullptr);
}

TEST(Env, CreateRefusesBadArguments) {
  ErrorCapture errors;
  EXPECT_EQ(lepton_env_create(0, 0, 0, 10, 1), nullptr);
  EXPECT_EQ(lepton_env_create(6, 0, 0, 10, 1), nullptr);
  EXPECT_EQ(lepton_env_create(LEPTON_ENV_FROZEN_LAKE, 5, 0, 10, 1), nullptr);
  EXPECT_EQ(lepton_env_create(LEPTON_ENV_FROZEN_LAKE, 4, 2, 10, 1), nullptr);
  EXPECT_EQ(lepton_env_create(LEPTON_ENV_CARTPOLE, 0, 0, -1, 1), nullptr);
  ASSERT_EQ(errors.count(), 5);
  for (int32_t code : errors.codes)
    EXPECT_EQ(code, LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.messages[0], "lepton_env_create: unknown environment kind 0");
  // map_size and slippery are ignored by the other kinds.
  lepton_env *env = lepton_env_create(LEPTON_ENV_TAXI, 5, 2, 0, 1);
  EXPECT_NE(env, nullptr);
  lepton_env_free(env);
}

// Mutation seen failing: EnvRandom keyed by the step count only (no episode) — episodes 0 and 1 then coincide.
TEST(Env, SameSeedSameEpisodesInAnyOrder) {
  for (const Kind &k : kKinds) {
    lepton_env *a = create(k, 42), *b = create(k, 42), *c = create(k, 43);
    Trace inOrder, reversed, otherSeed, episode0, episode1;
    for (int64_t e = 0; e < 3; ++e)
      runEpisode(a, e, inOrder);
    Trace parts[3];
    for (int64_t e = 2; e >= 0; --e) // another order, another handle: the same episodes
      runEpisode(b, e, parts[e]);
    for (const Trace &p : parts)
      reversed.insert(reversed.end(), p.begin(), p.end());
    EXPECT_EQ(inOrder, reversed) << "kind " << k.kind;
    runEpisode(c, 0, otherSeed);
    runEpisode(a, 0, episode0);
    runEpisode(a, 1, episode1);
    if (k.kind != LEPTON_ENV_FROZEN_LAKE) { // frozen lake's start is fixed; its moves are checked below
      EXPECT_NE(episode0, otherSeed) << "kind " << k.kind;
      EXPECT_NE(episode0, episode1) << "kind " << k.kind;
    }
    lepton_env_free(a), lepton_env_free(b), lepton_env_free(c);
  }
}

TEST(Env, SlipperyMovesDependOnSeedAndEpisode) {
  lepton_env *a = lepton_env_create(LEPTON_ENV_FROZEN_LAKE, 8, 1, 0, 42);
  lepton_env *b = lepton_env_create(LEPTON_ENV_FROZEN_LAKE, 8, 1, 0, 43);
  Trace a0, a1, b0, again;
  runEpisode(a, 0, a0), runEpisode(a, 1, a1), runEpisode(b, 0, b0), runEpisode(a, 0, again);
  EXPECT_EQ(a0, again);
  EXPECT_NE(a0, a1);
  EXPECT_NE(a0, b0);
  lepton_env_free(a), lepton_env_free(b);
}

// Mutations seen failing: cartpole reset in [-0.5, 0.5]; acrobot reset state not rounded to float32.
TEST(Env, ResetDistributions) {
  lepton_env *cart = lepton_env_create(LEPTON_ENV_CARTPOLE, 0, 0, 0, 7);
  lepton_env *car = lepton_env_create(LEPTON_ENV_MOUNTAIN_CAR, 0, 0, 0, 7);
  lepton_env *acro = lepton_env_create(LEPTON_ENV_ACROBOT, 0, 0, 0, 7);
  double lo = 1, hi = -1, carLo = 0, carHi = -1;
  for (int64_t e = 0; e < 2000; ++e) {
    float obs[6];
    double s[4];
    ASSERT_EQ(lepton_env_reset(cart, e, obs, nullptr), LEPTON_OK);
    ASSERT_EQ(lepton::rt::envDebugState(cart, s, 4), 4);
    for (int i = 0; i < 4; ++i) {
      EXPECT_TRUE(s[i] >= -0.05 && s[i] < 0.05) << s[i];
      EXPECT_EQ(obs[i], static_cast<float>(s[i]));
      lo = std::fmin(lo, s[i]), hi = std::fmax(hi, s[i]);
    }
    ASSERT_EQ(lepton_env_reset(car, e, obs, nullptr), LEPTON_OK);
    EXPECT_TRUE(obs[0] >= -0.6f && obs[0] <= -0.4f) << obs[0];
    EXPECT_EQ(obs[1], 0.0f);
    carLo = std::fmin(carLo, obs[0]), carHi = std::fmax(carHi, obs[0]);
    ASSERT_EQ(lepton_env_reset(acro, e, obs, nullptr), LEPTON_OK);
    ASSERT_EQ(lepton::rt::envDebugState(acro, s, 4), 4);
    for (int i = 0; i < 4; ++i) {
      EXPECT_TRUE(s[i] >= -0.1 && s[i] <= 0.1) << s[i];
      EXPECT_EQ(s[i], static_cast<double>(static_cast<float>(s[i]))) << "Gymnasium keeps it as float32";
    }
    EXPECT_EQ(obs[0], static_cast<float>(std::cos(s[0])));
    EXPECT_EQ(obs[3], static_cast<float>(std::sin(s[1])));
    EXPECT_EQ(obs[4], static_cast<float>(s[2]));
  }
  EXPECT_LT(lo, -0.049);
  EXPECT_GT(hi, 0.049); // the whole range is used
  EXPECT_LT(carLo, -0.599f);
  EXPECT_GT(carHi, -0.401f);
  lepton_env_free(cart), lepton_env_free(car), lepton_env_free(acro);
}

// Mutations seen failing: truncation at steps > max_steps (one step late); TRUNCATED also set on a terminating
// step at the limit.
TEST(Env, TruncatesAtMaxSteps) {
  ErrorCapture errors;
  lepton_env *car = lepton_env_create(LEPTON_ENV_MOUNTAIN_CAR, 0, 0, 200, 3);
  float obs[2];
  double reward = 0;
  int32_t flags = 0;
  for (int episode = 0; episode < 2; ++episode) { // a second episode counts from 0 again
    ASSERT_EQ(lepton_env_reset(car, episode, obs, nullptr), LEPTON_OK);
    for (int t = 1; t <= 200; ++t) {
      ASSERT_EQ(lepton_env_step(car, 1, obs, nullptr, &reward, &flags), LEPTON_OK) << t;
      EXPECT_EQ(reward, -1.0);
      EXPECT_EQ(flags, t == 200 ? LEPTON_ENV_TRUNCATED : 0) << t;
    }
    EXPECT_EQ(lepton_env_step(car, 1, obs, nullptr, &reward, &flags), LEPTON_ERR_INVALID);
    EXPECT_EQ(errors.lastMessage(), "lepton_env_step: the episode has ended (call lepton_env_reset)");
  }
  lepton_env_free(car);

  // Frozen lake, not slippery: down then right falls into the hole at (1, 1) on the last allowed step.
  lepton_env *lake = lepton_env_create(LEPTON_ENV_FROZEN_LAKE, 4, 0, 2, 3);
  int32_t state = -1;
  ASSERT_EQ(lepton_env_reset(lake, 0, nullptr, &state), LEPTON_OK);
  ASSERT_EQ(lepton_env_step(lake, 1, nullptr, &state, &reward, &flags), LEPTON_OK);
  EXPECT_EQ(state, 4);
  EXPECT_EQ(flags, 0);
  ASSERT_EQ(lepton_env_step(lake, 2, nullptr, &state, &reward, &flags), LEPTON_OK);
  EXPECT_EQ(state, 5);
  EXPECT_EQ(flags, LEPTON_ENV_TERMINATED);
  EXPECT_EQ(reward, 0.0);
  lepton_env_free(lake);

  // No limit: 0.
  lepton_env *cart = lepton_env_create(LEPTON_ENV_CARTPOLE, 0, 0, 0, 3);
  float cobs[4];
  ASSERT_EQ(lepton_env_reset(cart, 0, cobs, nullptr), LEPTON_OK);
  for (int t = 0; t < 5; ++t) {
    ASSERT_EQ(lepton_env_step(cart, t % 2, cobs, nullptr, &reward, &flags), LEPTON_OK);
    EXPECT_EQ(flags, 0);
  }
  lepton_env_free(cart);
}

// Mutation seen failing: a terminated episode left running (stepping on after TERMINATED accepted).
TEST(Env, MisuseIsInvalid) {
  ErrorCapture errors;
  lepton_env *cart = lepton_env_create(LEPTON_ENV_CARTPOLE, 0, 0, 0, 5);
  float obs[4];
  double reward = 0;
  int32_t flags = 0, state = 0;
  EXPECT_EQ(lepton_env_step(cart, 0, obs, nullptr, &reward, &flags), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastMessage(), "lepton_env_step: no episode started (call lepton_env_reset)");
  EXPECT_EQ(lepton_env_reset(cart, -1, obs, nullptr), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_env_reset(cart, 0, nullptr, &state), LEPTON_ERR_INVALID); // an observation env needs obs
  EXPECT_EQ(lepton_env_reset(nullptr, 0, obs, nullptr), LEPTON_ERR_INVALID);
  ASSERT_EQ(lepton_env_reset(cart, 0, obs, nullptr), LEPTON_OK);
  EXPECT_EQ(lepton_env_step(cart, 2, obs, nullptr, &reward, &flags), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastMessage(), "lepton_env_step: action 2 outside [0, 2)");
  EXPECT_EQ(lepton_env_step(cart, -1, obs, nullptr, &reward, &flags), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_env_step(cart, 0, obs, nullptr, nullptr, &flags), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_env_step(cart, 0, obs, nullptr, &reward, nullptr), LEPTON_ERR_INVALID);
  // Bad calls do not disturb the episode: push right until the pole falls (reward 1 on that step too).
  int steps = 0;
  do {
    ASSERT_EQ(lepton_env_step(cart, 1, obs, nullptr, &reward, &flags), LEPTON_OK);
    EXPECT_EQ(reward, 1.0);
    ++steps;
  } while (!flags && steps < 100);
  EXPECT_EQ(flags, LEPTON_ENV_TERMINATED);
  EXPECT_LT(steps, 30);
  errors.clear();
  EXPECT_EQ(lepton_env_step(cart, 0, obs, nullptr, &reward, &flags), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastMessage(), "lepton_env_step: the episode has ended (call lepton_env_reset)");
  EXPECT_EQ(lepton_env_reset(cart, 1, obs, nullptr), LEPTON_OK); // a new episode may step again
  EXPECT_EQ(lepton_env_step(cart, 0, obs, nullptr, &reward, &flags), LEPTON_OK);
  lepton_env_free(cart);

  lepton_env *taxi = lepton_env_create(LEPTON_ENV_TAXI, 0, 0, 0, 5);
  EXPECT_EQ(lepton_env_reset(taxi, 0, obs, nullptr), LEPTON_ERR_INVALID); // a discrete env needs state
  ASSERT_EQ(lepton_env_reset(taxi, 0, nullptr, &state), LEPTON_OK);
  EXPECT_EQ(lepton_env_step(taxi, 6, nullptr, &state, &reward, &flags), LEPTON_ERR_INVALID);
  lepton_env_free(taxi);
}

// ------------------------------------------------------------------------------------------- host environments

namespace {

/// A host environment: a counter that terminates at 3 (obs) or a walk on 10 states; records its calls.
struct Host {
  int resets = 0, steps = 0;
  int32_t position = 0;
  int32_t failReset = 0, failStep = 0; // returned when non-zero
  int32_t badState = -1;               // written as the state when >= 0
  bool hostTruncates = false;
  std::vector<int32_t> actions;
  bool sawNullState = true, sawNullObs = true;
};

int32_t hostReset(void *user, float *obs, int32_t *state) {
  if (!user)
    return 99;
  Host *h = static_cast<Host *>(user);
  ++h->resets;
  h->position = 0;
  h->sawNullObs &= obs == nullptr, h->sawNullState &= state == nullptr;
  if (obs)
    obs[0] = 0.5f, obs[1] = -0.5f;
  if (state)
    *state = h->badState >= 0 ? h->badState : 0;
  return h->failReset;
}

int32_t hostStep(void *user, int32_t action, float *obs, int32_t *state, double *reward, int32_t *flags) {
  if (!user)
    return 99;
  Host *h = static_cast<Host *>(user);
  ++h->steps;
  h->actions.push_back(action);
  h->sawNullObs &= obs == nullptr, h->sawNullState &= state == nullptr;
  if (h->failStep)
    return h->failStep;
  h->position += action;
  if (obs)
    obs[0] = static_cast<float>(h->position), obs[1] = 1.0f;
  if (state)
    *state = h->badState >= 0 ? h->badState : h->position;
  *reward = 0.25 * action;
  *flags = (h->position >= 3 ? LEPTON_ENV_TERMINATED : 0) | (h->hostTruncates ? LEPTON_ENV_TRUNCATED : 0);
  return 0;
}

} // namespace

// Mutation seen failing: the callbacks given a NULL user pointer.
TEST(EnvExtern, CallbacksGetTheUserPointerAndBuffers) {
  ErrorCapture errors;
  Host host;
  lepton_env *env = lepton_env_create_extern(hostReset, hostStep, &host, 2, 0, 4, 0);
  ASSERT_NE(env, nullptr);
  EXPECT_EQ(lepton_env_obs_size(env), 2);
  EXPECT_EQ(lepton_env_num_states(env), 0);
  EXPECT_EQ(lepton_env_num_actions(env), 4);
  float obs[2] = {9, 9};
  double reward = 0;
  int32_t flags = -1;
  ASSERT_EQ(lepton_env_reset(env, 0, obs, nullptr), LEPTON_OK);
  EXPECT_EQ(host.resets, 1);
  EXPECT_EQ(obs[0], 0.5f);
  EXPECT_EQ(obs[1], -0.5f);
  ASSERT_EQ(lepton_env_step(env, 2, obs, nullptr, &reward, &flags), LEPTON_OK);
  EXPECT_EQ(obs[0], 2.0f);
  EXPECT_EQ(reward, 0.5);
  EXPECT_EQ(flags, 0);
  ASSERT_EQ(lepton_env_step(env, 3, obs, nullptr, &reward, &flags), LEPTON_OK);
  EXPECT_EQ(flags, LEPTON_ENV_TERMINATED);
  EXPECT_EQ(host.actions, (std::vector<int32_t>{2, 3}));
  EXPECT_TRUE(host.sawNullState) << "an observation env's callbacks get state == NULL";
  EXPECT_EQ(errors.count(), 0);
  lepton_env_free(env);
}

// Mutation seen failing: the runtime's max_steps ignored for host environments.
TEST(EnvExtern, TimeLimitFromHostOrRuntime) {
  Host host;
  lepton_env *env = lepton_env_create_extern(hostReset, hostStep, &host, 0, 10, 2, 2);
  int32_t state = -1, flags = 0;
  double reward = 0;
  ASSERT_EQ(lepton_env_reset(env, 0, nullptr, &state), LEPTON_OK);
  EXPECT_EQ(state, 0);
  ASSERT_EQ(lepton_env_step(env, 0, nullptr, &state, &reward, &flags), LEPTON_OK);
  EXPECT_EQ(flags, 0);
  ASSERT_EQ(lepton_env_step(env, 1, nullptr, &state, &reward, &flags), LEPTON_OK);
  EXPECT_EQ(state, 1);
  EXPECT_EQ(flags, LEPTON_ENV_TRUNCATED);
  EXPECT_TRUE(host.sawNullObs) << "a discrete env's callbacks get obs == NULL";
  host.hostTruncates = true; // the host may truncate by itself
  ASSERT_EQ(lepton_env_reset(env, 1, nullptr, &state), LEPTON_OK);
  ASSERT_EQ(lepton_env_step(env, 0, nullptr, &state, &reward, &flags), LEPTON_OK);
  EXPECT_EQ(flags, LEPTON_ENV_TRUNCATED);
  lepton_env_free(env);
}

// Mutation seen failing: a callback's non-zero return ignored.
TEST(EnvExtern, CallbackFailuresAreReported) {
  ErrorCapture errors;
  Host host;
  lepton_env *env = lepton_env_create_extern(hostReset, hostStep, &host, 0, 10, 2, 0);
  int32_t state = -1, flags = 0;
  double reward = 0;
  host.failReset = 3;
  EXPECT_EQ(lepton_env_reset(env, 0, nullptr, &state), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(), "environment 'reset' returned 3");
  EXPECT_EQ(lepton_env_step(env, 0, nullptr, &state, &reward, &flags), LEPTON_ERR_INVALID); // no episode
  host.failReset = 0;
  ASSERT_EQ(lepton_env_reset(env, 0, nullptr, &state), LEPTON_OK);
  host.failStep = -7;
  EXPECT_EQ(lepton_env_step(env, 1, nullptr, &state, &reward, &flags), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(), "environment 'step' returned -7");
  host.failStep = 0;
  EXPECT_EQ(lepton_env_step(env, 1, nullptr, &state, &reward, &flags), LEPTON_ERR_INVALID); // episode over
  host.badState = 10;
  EXPECT_EQ(lepton_env_reset(env, 1, nullptr, &state), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(), "environment 'reset' wrote state 10, outside [0, 10)");
  lepton_env_free(env);
}

TEST(EnvExtern, CreateRefusesBadArguments) {
  ErrorCapture errors;
  Host host;
  EXPECT_EQ(lepton_env_create_extern(hostReset, hostStep, &host, 2, 5, 2, 0), nullptr); // both kinds
  EXPECT_EQ(lepton_env_create_extern(hostReset, hostStep, &host, 0, 0, 2, 0), nullptr); // neither
  EXPECT_EQ(lepton_env_create_extern(hostReset, hostStep, &host, 2, 0, 0, 0), nullptr); // no actions
  EXPECT_EQ(lepton_env_create_extern(hostReset, hostStep, &host, 2, 0, 2, -1), nullptr);
  EXPECT_EQ(lepton_env_create_extern(nullptr, hostStep, &host, 2, 0, 2, 0), nullptr);
  EXPECT_EQ(lepton_env_create_extern(hostReset, nullptr, &host, 2, 0, 2, 0), nullptr);
  ASSERT_EQ(errors.count(), 6);
  for (int32_t code : errors.codes)
    EXPECT_EQ(code, LEPTON_ERR_INVALID);
  EXPECT_EQ(host.resets + host.steps, 0);
}
