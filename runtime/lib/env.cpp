// env.cpp — lepton_env handles: argument checks, episodes and the time limit, dispatch to a kind; host envs.
#include "environment.h"
#include "internal.h"

#include <new>

using lepton::rt::EnvRandom;
using lepton::rt::Environment;
using lepton::rt::fail;

struct lepton_env {
  std::unique_ptr<Environment> impl;
  bool builtin = false;
  int64_t maxSteps = 0;
  uint64_t seed = 0;
  int64_t episode = 0;
  int64_t steps = 0;    // steps taken in the current episode
  bool running = false; // an episode was reset and has not ended
};

namespace lepton::rt {

double EnvRandom::uniform(unsigned j, double lo, double hi) const {
  double u = static_cast<double>(lepton_rng_below(seed_, stream_, base_ + j, uint64_t{1} << 53)) * 0x1.0p-53;
  return lo + (hi - lo) * u;
}

uint64_t EnvRandom::below(unsigned j, uint64_t n) const { return lepton_rng_below(seed_, stream_, base_ + j, n); }

int32_t envDebugState(const lepton_env *env, double *out, int32_t capacity) {
  return env && env->builtin ? env->impl->debugState(out, capacity) : 0;
}

bool envDebugSetState(lepton_env *env, const double *values, int32_t count, float *obs, int32_t *state) {
  return env && env->builtin && env->running && env->impl->debugSetState(values, count, obs, state);
}

} // namespace lepton::rt

namespace {

/// An environment whose reset and step are the host's callbacks.
class ExternEnvironment final : public Environment {
public:
  ExternEnvironment(lepton_env_reset_fn reset, lepton_env_step_fn step, void *user, int32_t obsSize,
                    int32_t numStates, int32_t numActions)
      : reset_(reset), step_(step), user_(user), obsSize_(obsSize), numStates_(numStates), numActions_(numActions) {}

  int32_t numActions() const override { return numActions_; }
  int32_t obsSize() const override { return obsSize_; }
  int32_t numStates() const override { return numStates_; }

  int32_t reset(const EnvRandom &, float *obs, int32_t *state) override {
    int32_t s = 0;
    int32_t rc = reset_(user_, obsSize_ > 0 ? obs : nullptr, numStates_ > 0 ? &s : nullptr);
    if (rc != 0)
      return fail(LEPTON_ERR_INPUT, "environment 'reset' returned %d", rc);
    return deliverState("reset", s, state);
  }

  int32_t step(int32_t action, const EnvRandom &, float *obs, int32_t *state, double *reward, bool *terminated,
               bool *truncated) override {
    int32_t s = 0, flags = 0;
    double r = 0;
    int32_t rc = step_(user_, action, obsSize_ > 0 ? obs : nullptr, numStates_ > 0 ? &s : nullptr, &r, &flags);
    if (rc != 0)
      return fail(LEPTON_ERR_INPUT, "environment 'step' returned %d", rc);
    *reward = r;
    *terminated = (flags & LEPTON_ENV_TERMINATED) != 0;
    *truncated = (flags & LEPTON_ENV_TRUNCATED) != 0;
    return deliverState("step", s, state);
  }

  int32_t debugState(double *, int32_t) const override { return 0; }
  bool debugSetState(const double *, int32_t, float *, int32_t *) override { return false; }

private:
  int32_t deliverState(const char *what, int32_t s, int32_t *state) const {
    if (numStates_ == 0)
      return LEPTON_OK;
    if (s < 0 || s >= numStates_)
      return fail(LEPTON_ERR_INPUT, "environment '%s' wrote state %d, outside [0, %d)", what, s, numStates_);
    if (state)
      *state = s;
    return LEPTON_OK;
  }

  lepton_env_reset_fn reset_;
  lepton_env_step_fn step_;
  void *user_;
  int32_t obsSize_, numStates_, numActions_;
};

lepton_env *makeHandle(std::unique_ptr<Environment> impl, bool builtin, int64_t maxSteps, uint64_t seed) {
  if (!impl) {
    fail(LEPTON_ERR_NOMEM, "out of memory creating an environment");
    return nullptr;
  }
  auto *env = new (std::nothrow) lepton_env;
  if (!env) {
    fail(LEPTON_ERR_NOMEM, "out of memory creating an environment");
    return nullptr;
  }
  env->impl = std::move(impl);
  env->builtin = builtin;
  env->maxSteps = maxSteps;
  env->seed = seed;
  return env;
}

/// The observation or state pointer the environment writes must be there.
bool hasOutput(const lepton_env *env, const float *obs, const int32_t *state) {
  return env->impl->obsSize() > 0 ? obs != nullptr : state != nullptr;
}

} // namespace

extern "C" {

lepton_env *lepton_env_create(int32_t kind, int32_t map_size, int32_t slippery, int64_t max_steps, uint64_t seed) {
  if (max_steps < 0) {
    fail(LEPTON_ERR_INVALID, "lepton_env_create: negative max_steps %lld", static_cast<long long>(max_steps));
    return nullptr;
  }
  std::unique_ptr<Environment> impl;
  switch (kind) {
  case LEPTON_ENV_CARTPOLE:
    impl = lepton::rt::makeCartPole();
    break;
  case LEPTON_ENV_MOUNTAIN_CAR:
    impl = lepton::rt::makeMountainCar();
    break;
  case LEPTON_ENV_ACROBOT:
    impl = lepton::rt::makeAcrobot();
    break;
  case LEPTON_ENV_FROZEN_LAKE:
    if ((map_size != 4 && map_size != 8) || (slippery != 0 && slippery != 1)) {
      fail(LEPTON_ERR_INVALID, "lepton_env_create: frozen_lake needs map_size 4 or 8 and slippery 0 or 1 (got %d, %d)",
           map_size, slippery);
      return nullptr;
    }
    impl = lepton::rt::makeFrozenLake(map_size, slippery != 0);
    break;
  case LEPTON_ENV_TAXI:
    impl = lepton::rt::makeTaxi();
    break;
  default:
    fail(LEPTON_ERR_INVALID, "lepton_env_create: unknown environment kind %d", kind);
    return nullptr;
  }
  return makeHandle(std::move(impl), true, max_steps, seed);
}

lepton_env *lepton_env_create_extern(lepton_env_reset_fn reset, lepton_env_step_fn step, void *user,
                                     int32_t obs_size, int32_t num_states, int32_t num_actions, int64_t max_steps) {
  if (!reset || !step || obs_size < 0 || num_states < 0 || (obs_size > 0) == (num_states > 0) || num_actions <= 0 ||
      max_steps < 0) {
    fail(LEPTON_ERR_INVALID,
         "lepton_env_create_extern: invalid arguments (obs_size %d, num_states %d, num_actions %d, max_steps %lld%s)",
         obs_size, num_states, num_actions, static_cast<long long>(max_steps),
         !reset || !step ? ", a NULL callback" : "");
    return nullptr;
  }
  std::unique_ptr<Environment> impl(new (std::nothrow)
                                        ExternEnvironment(reset, step, user, obs_size, num_states, num_actions));
  return makeHandle(std::move(impl), false, max_steps, 0);
}

void lepton_env_free(lepton_env *env) { delete env; }

int32_t lepton_env_num_actions(const lepton_env *env) { return env ? env->impl->numActions() : 0; }

int32_t lepton_env_obs_size(const lepton_env *env) { return env ? env->impl->obsSize() : 0; }

int32_t lepton_env_num_states(const lepton_env *env) { return env ? env->impl->numStates() : 0; }

int64_t lepton_env_max_steps(const lepton_env *env) { return env ? env->maxSteps : 0; }

int32_t lepton_env_reset(lepton_env *env, int64_t episode, float *obs, int32_t *state) {
  if (!env || episode < 0 || episode >= (int64_t{1} << 62) || !hasOutput(env, obs, state))
    return fail(LEPTON_ERR_INVALID, "lepton_env_reset: invalid arguments (episode %lld%s)",
                static_cast<long long>(episode), env ? "" : ", NULL environment");
  env->running = false;
  env->episode = episode;
  env->steps = 0;
  int32_t rc = env->impl->reset(EnvRandom(env->seed, episode, 0), obs, state);
  env->running = rc == LEPTON_OK;
  return rc;
}

int32_t lepton_env_step(lepton_env *env, int32_t action, float *obs, int32_t *state, double *reward,
                        int32_t *flags) {
  if (!env || !reward || !flags || !hasOutput(env, obs, state))
    return fail(LEPTON_ERR_INVALID, "lepton_env_step: invalid arguments");
  if (action < 0 || action >= env->impl->numActions())
    return fail(LEPTON_ERR_INVALID, "lepton_env_step: action %d outside [0, %d)", action, env->impl->numActions());
  if (!env->running)
    return fail(LEPTON_ERR_INVALID, env->steps == 0 ? "lepton_env_step: no episode started (call lepton_env_reset)"
                                                    : "lepton_env_step: the episode has ended (call lepton_env_reset)");
  env->running = false; // until the step succeeds and does not end the episode
  ++env->steps;
  bool terminated = false, truncated = false;
  double r = 0;
  int32_t rc = env->impl->step(action, EnvRandom(env->seed, env->episode, env->steps), obs, state, &r, &terminated,
                               &truncated);
  if (rc != LEPTON_OK)
    return rc;
  if (!terminated && env->maxSteps > 0 && env->steps >= env->maxSteps)
    truncated = true;
  *reward = r;
  *flags = (terminated ? LEPTON_ENV_TERMINATED : 0) | (truncated ? LEPTON_ENV_TRUNCATED : 0);
  env->running = !terminated && !truncated;
  return LEPTON_OK;
}

} // extern "C"
