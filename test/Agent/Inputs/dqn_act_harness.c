/* dqn_act_harness.c — calls cartpole_dqn_act from `leptonc examples/cartpole_dqn.lep -c` on three observations:
 * refused before a load, refused for a checkpoint of another agent (argv[2]), then with the trained network of
 * argv[1] (each action 0 or 1). Usage: dqn_act_harness GOOD.ckpt OTHER.ckpt */
#include <stdio.h>

#include "cart.h"

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  float obs[12] = {0.01f, 0.2f, -0.03f, 0.1f, 1, 2, 3, 4, -1, -2, -3, -4};
  int32_t actions[3] = {9, 9, 9};
  printf("before load: rc %d\n", cartpole_dqn_act(obs, 3, actions));
  printf("other: rc %d (%s)\n", cartpole_dqn_load(argv[2]), cartpole_dqn_last_error());
  printf("load: rc %d\n", cartpole_dqn_load(argv[1]));
  int32_t rc = cartpole_dqn_act(obs, 3, actions);
  printf("rc %d actions %d %d %d\n", rc, actions[0], actions[1], actions[2]);
  return 0;
}
