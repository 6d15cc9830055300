/* predict_host.c — a C application embedding a leptonc object: initialises, then predicts 70 samples (a full
 * chunk of 64 and a padded chunk of 6) and checks every row against predicting that sample by itself. */
#include "model.h"

#include <math.h>
#include <stdio.h>

void __lepton_fashion_mlp_init(int64_t seed); /* not in the header yet: the embedding issue adds frozen weights */

enum { N = 70, IN = 784, OUT = 10 };

/* Largest |a - b| / (1 + |b|) over n values (NaN counts as infinitely far). */
static double distance(const float *a, const float *b, int n) {
  double worst = 0;
  for (int i = 0; i < n; ++i) {
    double d = fabs((double)a[i] - (double)b[i]) / (1.0 + fabs((double)b[i]));
    if (!(d <= worst))
      worst = isnan(d) ? INFINITY : d;
  }
  return worst;
}

int main(void) {
  static float x[N * IN], y[N * OUT], alone[OUT], tail[6 * OUT];
  for (int i = 0; i < N * IN; ++i)
    x[i] = (float)(i % 255) / 255.0f;
  __lepton_fashion_mlp_init(1);
  int rc = fashion_mlp_predict(x, N, y); /* 64 + a padded chunk of 6 */
  int finite = 1;
  for (int i = 0; i < N * OUT; ++i)
    finite &= isfinite(y[i]) && y[i] != 0.0f;
  printf("predict returned %d for %d samples\nall outputs finite: %s\n", rc, N, finite ? "yes" : "no");

  /* Every sample predicted alone (a padded chunk of 1) gives its row of the batched call. */
  double worst = 0;
  int worstRow = 0;
  for (int r = 0; r < N; ++r) {
    int rcAlone = fashion_mlp_predict(x + r * IN, 1, alone);
    double d = rcAlone == 0 ? distance(y + r * OUT, alone, OUT) : INFINITY;
    if (!(d <= worst))
      worst = d, worstRow = r;
  }
  printf("rows 0-69 vs one at a time: %s (worst row %d, %.3g)\n", worst <= 1e-5 ? "same" : "DIFFERENT",
         worstRow, worst);
  /* The padded chunk's 6 rows predicted by themselves, as a chunk of 6. */
  rc = fashion_mlp_predict(x + 64 * IN, 6, tail);
  worst = rc == 0 ? distance(y + 64 * OUT, tail, 6 * OUT) : INFINITY;
  printf("rows 64-69 vs predicted alone: %s (%.3g)\n", worst <= 1e-5 ? "same" : "DIFFERENT", worst);
  /* The rows differ from one another, so a row taken from the wrong sample shows. */
  printf("rows 64 and 65 differ: %s\n", distance(y + 64 * OUT, y + 65 * OUT, OUT) > 1e-3 ? "yes" : "no");
  return 0;
}
