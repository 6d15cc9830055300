// environment.h — the interface every environment kind implements behind lepton_env (never installed).
#ifndef LEPTON_RUNTIME_ENVIRONMENT_H
#define LEPTON_RUNTIME_ENVIRONMENT_H

#include "lepton/runtime.h"

#include <cstdint>
#include <memory>

namespace lepton::rt {

/// The random values of one step of one episode: value j (j < kValuesPerStep) of step `step` (0 = the reset).
class EnvRandom {
public:
  static constexpr uint64_t kValuesPerStep = 4;
  EnvRandom(uint64_t seed, int64_t episode, int64_t step)
      : seed_(seed), stream_(LEPTON_ENV_RNG_STREAM + static_cast<uint64_t>(episode)),
        base_(static_cast<uint64_t>(step) * kValuesPerStep) {}
  /// Uniform in [lo, hi) as lo + (hi - lo) * u, u a multiple of 2^-53 in [0, 1) (numpy's uniform form).
  double uniform(unsigned j, double lo, double hi) const;
  /// Uniform integer in [0, n).
  uint64_t below(unsigned j, uint64_t n) const;

private:
  uint64_t seed_, stream_, base_;
};

/// One environment kind. The handle (env.cpp) checks arguments, counts steps and applies the time limit; an
/// implementation only knows its dynamics. Observation kinds write `obs`, discrete ones `*state`.
class Environment {
public:
  virtual ~Environment() = default;
  virtual int32_t numActions() const = 0;
  virtual int32_t obsSize() const { return 0; }
  virtual int32_t numStates() const { return 0; }
  /// Starts an episode. LEPTON_OK, or a code already reported.
  virtual int32_t reset(const EnvRandom &random, float *obs, int32_t *state) = 0;
  /// Applies a valid action; sets *terminated (and may set *truncated). LEPTON_OK, or a code already reported.
  virtual int32_t step(int32_t action, const EnvRandom &random, float *obs, int32_t *state, double *reward,
                       bool *terminated, bool *truncated) = 0;

  /// Test-only: the internal state as doubles (the discrete state as one value); returns how many there are.
  virtual int32_t debugState(double *out, int32_t capacity) const = 0;
  /// Test-only: replaces the internal state (as debugState gives it) and writes its observation or state.
  virtual bool debugSetState(const double *values, int32_t count, float *obs, int32_t *state) = 0;
};

std::unique_ptr<Environment> makeCartPole();
std::unique_ptr<Environment> makeMountainCar();
std::unique_ptr<Environment> makeAcrobot();
std::unique_ptr<Environment> makeFrozenLake(int32_t mapSize, bool slippery);
std::unique_ptr<Environment> makeTaxi();

/// Test-only access to a handle's built-in environment (no extern ones): its state, and replacing it during an
/// episode (after a reset; the step count is kept). debugSetState returns false when refused.
int32_t envDebugState(const lepton_env *env, double *out, int32_t capacity);
bool envDebugSetState(lepton_env *env, const double *values, int32_t count, float *obs, int32_t *state);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_ENVIRONMENT_H
