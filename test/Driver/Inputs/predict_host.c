/* predict_host.c — a C application embedding a leptonc object: initialises, then predicts 70 samples. */
#include "model.h"

#include <math.h>
#include <stdio.h>

void __lepton_fashion_mlp_init(int64_t seed); /* not in the header yet: the embedding issue adds frozen weights */

int main(void) {
  static float x[70 * 784], y[70 * 10];
  for (int i = 0; i < 70 * 784; ++i)
    x[i] = (float)(i % 255) / 255.0f;
  __lepton_fashion_mlp_init(1);
  int rc = fashion_mlp_predict(x, 70, y); /* 64 + a padded chunk of 6 */
  int finite = 1;
  for (int i = 0; i < 70 * 10; ++i)
    finite &= isfinite(y[i]) && y[i] != 0.0f;
  printf("predict returned %d for 70 samples\nall outputs finite: %s\n", rc, finite ? "yes" : "no");
  return 0;
}
