/* act_harness.c — calls an agent's exported greedy policy (lake_q_act from examples/frozen_lake_q.lep -c) through
 * the object's whole C API: refused before any load, refused loads (argv[2..]: files that are not a checkpoint of
 * this agent) each with its code and message, then the trained table of argv[1]: the greedy action of every state
 * on one line, and -1 with a return of LAKE_Q_ERROR_ARGUMENT for states out of range.
 * Usage: act_harness GOOD.ckpt [BAD.ckpt ...] */
#include <stdio.h>

#include "lake.h"

int main(int argc, char **argv) {
  int32_t states[5] = {0, 15, 16, -1, 7}, actions[5] = {9, 9, 9, 9, 9};
  printf("before load: rc %d (%s)\n", lake_q_act(states, 5, actions), lake_q_last_error());
  for (int i = 2; i < argc; ++i)
    printf("load %s: rc %d (%s)\n", argv[i], lake_q_load(argv[i]), lake_q_last_error());
  printf("load: rc %d\n", lake_q_load(argv[1]));
  int32_t rc = lake_q_act(states, 5, actions);
  printf("rc %d actions[2] %d actions[3] %d\n", rc, actions[2], actions[3]);
  int32_t all[16], out[16];
  for (int i = 0; i < 16; ++i)
    all[i] = i;
  rc = lake_q_act(all, 16, out);
  printf("rc %d greedy", rc);
  for (int i = 0; i < 16; ++i)
    printf(" %d", out[i]);
  printf("\n");
  return 0;
}
