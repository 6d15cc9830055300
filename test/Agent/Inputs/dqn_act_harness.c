/* dqn_act_harness.c — calls cartpole_dqn_act from `leptonc examples/cartpole_dqn.lep -c` on three observations. The
 * object's network is untrained (every parameter 0: all values tie), so each greedy action is the first, 0. */
#include <stdio.h>

#include "cart.h"

int main(void) {
  float obs[12] = {0.01f, 0.2f, -0.03f, 0.1f, 1, 2, 3, 4, -1, -2, -3, -4};
  int32_t actions[3] = {9, 9, 9};
  int32_t rc = cartpole_dqn_act(obs, 3, actions);
  printf("rc %d actions %d %d %d\n", rc, actions[0], actions[1], actions[2]);
  return 0;
}
