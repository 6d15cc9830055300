/* act_harness.c — calls an agent's exported greedy policy (lake_q_act from examples/frozen_lake_q.lep -c) on an
 * untrained table (every value 0): the first maximal action, 0, for each valid state; -1 and a return of 1 for a
 * state out of range. */
#include <stdio.h>

#include "lake.h"

int main(void) {
  int32_t states[5] = {0, 15, 16, -1, 7}, actions[5] = {9, 9, 9, 9, 9};
  int32_t rc = lake_q_act(states, 5, actions);
  printf("rc %d actions %d %d %d %d %d\n", rc, actions[0], actions[1], actions[2], actions[3], actions[4]);
  int32_t all[16], out[16];
  for (int i = 0; i < 16; ++i)
    all[i] = i;
  rc = lake_q_act(all, 16, out);
  int zeros = 0;
  for (int i = 0; i < 16; ++i)
    zeros += out[i] == 0;
  printf("rc %d zeros %d\n", rc, zeros);
  return 0;
}
