/* c_abi_test.c — proves lepton/runtime.h compiles as C99 and its functions link from C. */
#include "lepton/runtime.h"

#include <stddef.h>

/* Returns 0 when a few calls made from C behave; the number of the failed check otherwise. */
int lepton_c_abi_smoke(void) {
  uint32_t counter[4] = {0, 0, 0, 0}, key[2] = {0, 0}, out[4];
  float values[8];
  float *block;
  lepton_env *env;
  double reward;
  int32_t flags;
  if (lepton_runtime_abi_version() != LEPTON_RUNTIME_ABI_VERSION)
    return 1;
  lepton_philox4x32_10(counter, key, out);
  if (out[0] != 0x6627e8d5u || out[3] != 0x9b00dbd8u)
    return 2;
  if (lepton_rng_fill_uniform(values, 8, 1, 2, 3, -1.0f, 1.0f) != LEPTON_OK)
    return 3;
  block = (float *)lepton_alloc(100 * sizeof(float));
  if (block == NULL || ((uintptr_t)block % LEPTON_ALIGNMENT) != 0)
    return 4;
  lepton_free(block);
  if (lepton_clock_ns() <= 0)
    return 5;
  env = lepton_env_create(LEPTON_ENV_CARTPOLE, 0, 0, 10, 1);
  if (env == NULL || lepton_env_reset(env, 0, values, NULL) != LEPTON_OK ||
      lepton_env_step(env, 1, values, NULL, &reward, &flags) != LEPTON_OK || reward != 1.0 || flags != 0)
    return 6;
  lepton_env_free(env);
  return 0;
}
