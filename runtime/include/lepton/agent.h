/* lepton/agent.h — services of compiled reinforcement-learning agents: progress, returns, command line, replay. */
#ifndef LEPTON_AGENT_H
#define LEPTON_AGENT_H

/* Part of the runtime's C ABI (lepton/runtime.h includes it; the ABI rules stated there hold here). The agent's
 * loop itself (act, step, learn) is generated code; these functions only count, print, keep the returns and keep
 * the transitions a DQN learns from. */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lepton_cli;

/* ============================================================================================ Agent progress */

/*
 * Progress of an agent's training on stdout (stderr with LEPTON_PROGRESS_STDERR; nothing but results with
 * LEPTON_PROGRESS_QUIET). Plain lines, one each time the run passes another twentieth of its budget (steps when
 * max_steps > 0, else episodes), and one when it ends:
 *   episode 5000/100000  steps 38211  mean_return(100) 0.4200  epsilon 0.9505  steps/s 1234567  elapsed 0.3s  ETA 6s
 * (ETA until the budget at the run's pace so far, absent at its end; "episode 5000" without "/N" when the budget is
 * steps; the mean is over the last `window` episodes, or all of
 * them while fewer have ended). Everything but steps/s and elapsed is identical for identical runs.
 */
typedef struct lepton_agent_progress lepton_agent_progress;

/** A reporter for a run of at most max_steps steps and max_episodes episodes (0 = no such limit; both 0: no run). */
lepton_agent_progress *lepton_agent_progress_create(int64_t max_steps, int64_t max_episodes, int64_t window,
                                                    int32_t flags);

/** An episode ended after `steps` steps in all (the run's total) with return `episode_return`. */
void lepton_agent_progress_episode(lepton_agent_progress *p, int64_t steps, double episode_return, double epsilon);

/** Mean return of the last `window` episodes; NaN until `window` episodes have ended. */
double lepton_agent_progress_mean_return(const lepton_agent_progress *p);

/** Episodes ended so far. */
int64_t lepton_agent_progress_episodes(const lepton_agent_progress *p);

/**
 * The run ended: prints the closing line, e.g.
 *   trained 100000 episodes, 785321 steps in 1.2s; mean_return(100) 0.7100
 * (without the mean when no episode ended) * or, when `solved` is non-zero, "solved after 4212 episodes, ...: mean_return(100) 0.7100 >= 0.7".
 * `condition` is the solved_when text (may be NULL when not solved).
 */
void lepton_agent_progress_finish(lepton_agent_progress *p, int32_t solved, const char *condition);

/** Writes the run as JSON: {"settings": …, "episodes": [{"episode", "steps", "return", "epsilon"}…], "result": …}. */
int32_t lepton_agent_progress_write_json(const lepton_agent_progress *p, const char *path, const char *settings);

/**
 * Writes the run as one self-contained XHTML page (no scripts, no network; the supervised report's look) to `path`:
 * `title` (NULL = a default), the closing line, inline SVG curves against the episode of each episode's return and
 * the mean return over the window, and of epsilon (a run of more than 2000 episodes draws every k-th, k = ceil(n /
 * 2000), and the last), then the `settings` object (as for the JSON report; NULL = {}). Returns LEPTON_OK,
 * LEPTON_ERR_OUTPUT ("cannot write HTML report 'F': <reason>", code 4) or LEPTON_ERR_INVALID.
 */
int32_t lepton_agent_progress_write_html(const lepton_agent_progress *p, const char *path, const char *title,
                                         const char *settings);

void lepton_agent_progress_free(lepton_agent_progress *p);

/*
 * Greedy evaluation (`play`, and after training): collects the returns of `episodes` episodes, then prints
 *   play: mean return 0.7420 over 1000 greedy episodes (min 0, max 1)
 * With `each` non-zero, also one line per episode before it: "episode 3 return 1 steps 27".
 */
typedef struct lepton_agent_returns lepton_agent_returns;
lepton_agent_returns *lepton_agent_returns_create(int32_t each, int32_t flags);
void lepton_agent_returns_add(lepton_agent_returns *r, double episode_return, int64_t steps);
/** Prints the summary line with `label` ("play", "greedy evaluation") and returns the mean return. */
double lepton_agent_returns_finish(lepton_agent_returns *r, const char *label);
void lepton_agent_returns_free(lepton_agent_returns *r);

/**
 * The options of a compiled agent's executable: --steps, --episodes, --seed (defaults from the .lep), --play-episodes
 * (greedy episodes after training and in `play`, default `play_episodes`), --save, --load, --json, --report,
 * --quiet, --ignore-solved (train the whole budget; solved_when is then only reported), and the command `play`
 * (--load required).
 */
int32_t lepton_cli_add_agent_options(struct lepton_cli *cli, int64_t steps, int64_t episodes, int64_t seed,
                                     int64_t play_episodes);

/* ============================================================================================ Replay buffer */

/*
 * Experience replay (DQN): a ring of `capacity` transitions (obs, action, reward, next_obs, terminated), the
 * oldest overwritten once it is full. Transition number k (0-based, counting every add) lives in slot
 * k % capacity, and sampling index i in [0, size) reads slot i. The buffer is one LEPTON_ALIGNMENT-aligned block
 * (obs and next_obs are capacity x obs_size f32, each array 64-byte aligned), allocated but not touched at
 * create, so a large capacity costs memory only as it fills.
 */
typedef struct lepton_replay lepton_replay;

/** The RNG stream (reserved, see runtime.h) lepton_replay_sample draws from: 2^63 + 2^61. */
#define LEPTON_REPLAY_RNG_STREAM 0xA000000000000000ull

/**
 * A ring of `capacity` transitions of `obs_size` floats per observation. NULL after reporting LEPTON_ERR_INVALID
 * (capacity < 1, obs_size < 1) or LEPTON_ERR_NOMEM ("out of memory: a replay buffer of C transitions of O floats
 * needs B bytes").
 */
lepton_replay *lepton_replay_create(int64_t capacity, int32_t obs_size);

/** Releases the buffer; NULL is ignored. */
void lepton_replay_free(lepton_replay *r);

/**
 * Appends one transition (obs and next_obs: obs_size floats each, copied), overwriting the oldest when full.
 * terminated: non-zero when the step ended the episode by termination (not truncation: a truncated step still
 * bootstraps, so it is added with 0). Returns LEPTON_OK or LEPTON_ERR_INVALID (a NULL pointer).
 */
int32_t lepton_replay_add(lepton_replay *r, const float *obs, int32_t action, float reward, const float *next_obs,
                         int32_t terminated);

/** Transitions held: the number added, at most capacity (0 for NULL). */
int64_t lepton_replay_size(const lepton_replay *r);

/**
 * Samples `batch` transitions uniformly with replacement from those held (as Stable-Baselines3's and CleanRL's
 * ReplayBuffer do), reproducibly: transition j of draw `draw` is index
 *   lepton_rng_below(seed, LEPTON_REPLAY_RNG_STREAM, draw * batch + j, size)      (the product modulo 2^64)
 * so a run that numbers its draws 0, 1, 2, ... gets the same batches for the same seed whatever else it draws.
 * Writes obs and next_obs (batch x obs_size), actions (batch), rewards (batch) and terminated (batch, 1.0f or
 * 0.0f: a float mask for the target r + gamma * (1 - terminated) * max Q'). Returns LEPTON_OK, or
 * LEPTON_ERR_INVALID for an empty buffer, batch < 1 or a NULL pointer.
 */
int32_t lepton_replay_sample(const lepton_replay *r, int64_t batch, uint64_t seed, uint64_t draw, float *obs,
                            int32_t *actions, float *rewards, float *next_obs, float *terminated);

#ifdef __cplusplus
}
#endif

#endif /* LEPTON_AGENT_H */
