/* corridor_host.c — a host application for an `extern env`: a corridor of 6 discrete states (or, built with
 * -DOBS, the position scaled to [0, 1] as one f32 observation), actions 0 left and 1 right, start at 0; a step
 * onto the right end (state 5) gives +1 and terminates, every other step -0.01. The world lives in a struct the
 * callbacks get back through `user` (a wrong pointer makes them fail with 99). It registers the callbacks, then
 * runs the compiled program's command line with PIPELINE_main, as the executable would.
 *
 *   corridor_host run            register, train (--episodes 300 --save c.ckpt), then play 2 episodes
 *   corridor_host unregistered   call PIPELINE_main without registering
 *   corridor_host fail-step      register a step callback that returns 7 on the host's 3rd step
 *
 * With a returning error handler (a library host's choice: the default one exits), the program must stop at the
 * first failure by itself and return its code: no callback runs after it, nothing is saved, nothing more printed.
 *   corridor_host returning-unregistered      as unregistered
 *   corridor_host returning-fail-step         the 3rd step returns 7 (--save f.ckpt given)
 *   corridor_host returning-fail-reset        the 2nd reset returns 5
 *   corridor_host returning-bad-state         the 4th step writes state 9 (discrete-state builds only)
 *   corridor_host returning-fail-play         training passes; the 2nd greedy episode's reset returns 5
 */
#include <stdio.h>
#include <string.h>

#include HEADER            /* the header leptonc -c wrote: the callback typedefs and the registration function */
#include "lepton/env.h"    /* after it: both declare the callback types */
#include "lepton/runtime.h" /* lepton_set_error_handler */

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define SET_ENV CAT(PIPELINE, _set_env_hall)
#define MAIN CAT(PIPELINE, _main)

enum { LENGTH = 6 };

struct world {
  int32_t position;
  long resets, steps;
  long fail_at_step;  /* 0: never */
  long fail_at_reset; /* 0: never */
  long bad_state_at_step; /* 0: never */
};

static struct world the_world;

static void observe(const struct world *w, float *obs, int32_t *state) {
#ifdef OBS
  (void)state;
  obs[0] = (float)w->position / (LENGTH - 1);
#else
  (void)obs;
  *state = w->position;
#endif
}

static int32_t reset(void *user, float *obs, int32_t *state) {
  struct world *w = user;
  if (w != &the_world)
    return 99;
  w->position = 0;
  if (++w->resets == w->fail_at_reset)
    return 5;
  observe(w, obs, state);
  return 0;
}

static int32_t step(void *user, int32_t action, float *obs, int32_t *state, double *reward, int32_t *flags) {
  struct world *w = user;
  if (w != &the_world)
    return 99;
  if (++w->steps == w->fail_at_step)
    return 7;
  w->position += action == 1 ? 1 : -1;
  if (w->position < 0)
    w->position = 0;
  if (w->position == LENGTH - 1) {
    *reward = 1.0;
    *flags = LEPTON_ENV_TERMINATED;
  } else {
    *reward = -0.01;
  }
  observe(w, obs, state);
#ifndef OBS
  if (w->steps == w->bad_state_at_step)
    *state = 9;
#endif
  return 0;
}

static long handler_calls;

static void returning_handler(int32_t code, const char *message, void *user_data) {
  (void)user_data;
  ++handler_calls;
  printf("host: handler got code %d: %s\n", code, message);
}

/* Runs PIPELINE_main with a returning handler and says what happened. */
static int run_returning(int argc, char **argv) {
  lepton_set_error_handler(returning_handler, NULL);
  int32_t rc = MAIN(argc, argv);
  FILE *saved = fopen("f.ckpt", "rb");
  printf("host: main returned %d; handler calls %ld, resets %ld, steps %ld, f.ckpt %s\n", rc, handler_calls,
         the_world.resets, the_world.steps, saved ? "written" : "absent");
  if (saved)
    fclose(saved);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "run";
  if (strcmp(mode, "unregistered") == 0) {
    char *args[] = {"host", "--episodes", "10", NULL};
    return MAIN(3, args);
  }
  if (strcmp(mode, "returning-unregistered") == 0) {
    char *args[] = {"host", "--episodes", "10", "--save", "f.ckpt", NULL};
    return run_returning(5, args);
  }
  SET_ENV(reset, step, &the_world);
  if (strncmp(mode, "returning-", 10) == 0) {
    char *args[] = {"host", "--episodes", "10", "--save", "f.ckpt", NULL};
    if (strcmp(mode, "returning-fail-step") == 0)
      the_world.fail_at_step = 3;
    else if (strcmp(mode, "returning-fail-reset") == 0)
      the_world.fail_at_reset = 2;
    else if (strcmp(mode, "returning-bad-state") == 0)
      the_world.bad_state_at_step = 4;
    else if (strcmp(mode, "returning-fail-play") == 0) {
      char *play[] = {"host", "--episodes", "10", "--play-episodes", "3", NULL};
      the_world.fail_at_reset = 12; /* 10 training episodes, then the 2nd greedy one */
      return run_returning(5, play);
    }
    return run_returning(5, args);
  }
  if (strcmp(mode, "fail-step") == 0) {
    the_world.fail_at_step = 3;
    char *args[] = {"host", "--episodes", "10", NULL};
    return MAIN(3, args);
  }
  char *train[] = {"host", "--episodes", "300", "--save", "c.ckpt", NULL};
  int32_t rc = MAIN(5, train);
  printf("host: train returned %d after %ld resets, %ld steps\n", rc, the_world.resets, the_world.steps);
  fflush(stdout);
  if (rc != 0)
    return rc;
  char *play[] = {"host", "play", "--load", "c.ckpt", "--play-episodes", "2", NULL};
  long steps = the_world.steps;
  rc = MAIN(6, play);
  printf("host: play returned %d after %ld steps\n", rc, the_world.steps - steps);
  return rc;
}
