/* lepton/env.h — reinforcement-learning environments of the leptonc runtime: built-in ones and host-provided ones. */
#ifndef LEPTON_ENV_H
#define LEPTON_ENV_H

/* Part of the runtime's C ABI (lepton/runtime.h includes it; the ABI rules stated there hold here). */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* =============================================================================================== Environments */

/*
 * An environment handle runs episodes: lepton_env_reset starts one, lepton_env_step applies actions until a step
 * reports LEPTON_ENV_TERMINATED (the task ended: goal, failure) or LEPTON_ENV_TRUNCATED (the time limit, or the
 * host said so). The built-in kinds follow their Gymnasium definitions (CartPole-v1, MountainCar-v0, Acrobot-v1,
 * FrozenLake-v1, Taxi-v3); docs/environments.md states every equation, constant and rule.
 *
 * Observations are either a vector of obs_size f32 values (classic control; internal state in double precision)
 * or one discrete state in [0, num_states) (toy text). Actions are integers in [0, num_actions).
 *
 * Randomness (reset states, slippery moves) is counter-based: value j of step t of episode e is drawn from
 * lepton_rng_below(seed, LEPTON_ENV_RNG_STREAM + e, 4 * t + j, ...), t = 0 being the reset. So the same seed gives
 * the same episodes whatever else the program draws, in whatever order episodes are run.
 */
typedef struct lepton_env lepton_env;

#define LEPTON_ENV_CARTPOLE 1     /**< CartPole-v1: f32[4] observations, 2 actions */
#define LEPTON_ENV_MOUNTAIN_CAR 2 /**< MountainCar-v0: f32[2] observations, 3 actions */
#define LEPTON_ENV_ACROBOT 3      /**< Acrobot-v1: f32[6] observations, 3 actions */
#define LEPTON_ENV_FROZEN_LAKE 4  /**< FrozenLake-v1: 16 or 64 states, 4 actions */
#define LEPTON_ENV_TAXI 5         /**< Taxi-v3: 500 states, 6 actions */

#define LEPTON_ENV_TERMINATED 1 /**< flags bit from lepton_env_step: the episode reached a terminal state */
#define LEPTON_ENV_TRUNCATED 2  /**< flags bit from lepton_env_step: the episode was cut off (time limit) */

/** First RNG stream of environments (reserved, see runtime.h): episode e draws from stream this + e. */
#define LEPTON_ENV_RNG_STREAM 0xC000000000000000ull

/**
 * A built-in environment of `kind` (LEPTON_ENV_*). map_size: 4 or 8 for frozen_lake (ignored otherwise);
 * slippery: 0 or 1 for frozen_lake (ignored otherwise). max_steps > 0: the time limit, after which a step reports
 * LEPTON_ENV_TRUNCATED; 0: no limit. seed: all of the environment's randomness. NULL after reporting
 * LEPTON_ERR_INVALID (unknown kind, bad map_size or slippery, negative max_steps) or LEPTON_ERR_NOMEM.
 */
lepton_env *lepton_env_create(int32_t kind, int32_t map_size, int32_t slippery, int64_t max_steps, uint64_t seed);

/**
 * Callbacks of an environment implemented by the embedding application. For an observation environment `obs`
 * points to obs_size floats and `state` is NULL; for a discrete one `state` points to one int32 and `obs` is NULL.
 * reset writes the first observation or state; step applies `action` and writes the next observation or state,
 * *reward and *flags (LEPTON_ENV_TERMINATED and/or LEPTON_ENV_TRUNCATED; both start at 0). Both return 0, or
 * non-zero to abort: lepton_env_reset/step then report LEPTON_ERR_INPUT "environment 'reset' returned N"
 * ('step' likewise) and the episode is over.
 */
typedef int32_t (*lepton_env_reset_fn)(void *user, float *obs, int32_t *state);
typedef int32_t (*lepton_env_step_fn)(void *user, int32_t action, float *obs, int32_t *state, double *reward,
                                      int32_t *flags);

/**
 * An environment implemented by the host through `reset` and `step`, which get `user` back. Exactly one of
 * obs_size (floats per observation) and num_states (discrete states) is > 0; num_actions > 0; max_steps > 0 makes
 * the runtime truncate at that many steps as well, 0 leaves the time limit to the host. A discrete state outside
 * [0, num_states) written by a callback is reported as LEPTON_ERR_INPUT. NULL after reporting LEPTON_ERR_INVALID
 * or LEPTON_ERR_NOMEM.
 */
lepton_env *lepton_env_create_extern(lepton_env_reset_fn reset, lepton_env_step_fn step, void *user,
                                     int32_t obs_size, int32_t num_states, int32_t num_actions, int64_t max_steps);

/** Releases the environment; NULL is ignored. */
void lepton_env_free(lepton_env *env);

/** Number of actions (actions are 0 .. n-1); 0 for NULL. */
int32_t lepton_env_num_actions(const lepton_env *env);

/** Floats per observation; 0 for discrete-state environments (and NULL). */
int32_t lepton_env_obs_size(const lepton_env *env);

/** Number of discrete states; 0 for observation-vector environments (and NULL). */
int32_t lepton_env_num_states(const lepton_env *env);

/** The time limit given at creation (0: none). */
int64_t lepton_env_max_steps(const lepton_env *env);

/**
 * Starts episode number `episode` (0, 1, ...; it keys the episode's randomness; below 2^62) and writes its first
 * observation to obs (obs_size floats) or its state to *state; the other pointer may be NULL. May be called at
 * any time (an unfinished episode is abandoned). Returns LEPTON_OK or an error code after reporting it.
 */
int32_t lepton_env_reset(lepton_env *env, int64_t episode, float *obs, int32_t *state);

/**
 * One step of the current episode with `action` in [0, num_actions): writes the next observation or state (as
 * lepton_env_reset), *reward and *flags (TERMINATED and/or TRUNCATED; the step count reaching max_steps sets
 * TRUNCATED unless the step terminated). Returns LEPTON_OK or an error code after reporting it:
 * LEPTON_ERR_INVALID for a bad action, missing pointers, or a step with no episode running (before the first
 * reset, or after a step that ended the episode).
 */
int32_t lepton_env_step(lepton_env *env, int32_t action, float *obs, int32_t *state, double *reward,
                        int32_t *flags);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LEPTON_ENV_H */
