/* inference_latency.c — times an exported model function (leptonc -c) at batch 1 and batch 256.
 *
 * Built by bench/inference.sh with -DHEADER='"x.h"' -DPREDICT=x_predict_preprocessed -DLOAD=x_load -DIN=... -DOUT=...
 * (-DRAW: PREDICT is the raw function, x_predict, which takes bytes as the IDX data set stores them).
 * Usage: inference_latency CHECKPOINT (the weights: timing does not depend on their values, but predict needs some)
 * Prints: batch B  us_per_call U  us_per_sample S  (median of 7 timed runs, each of enough calls for ~0.2 s). */
#include HEADER

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef RAW
typedef uint8_t input_t;
#define PIXEL(i) ((input_t)((i) % 255))
#else
typedef float input_t;
#define PIXEL(i) ((float)((i) % 255) / 255.0f)
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void time_batch(int n, const input_t *x, float *y) {
  long calls = 1;
  for (;;) { /* calibrate: enough calls for about 0.2 s */
    double t0 = now();
    for (long c = 0; c < calls; ++c)
      PREDICT(x, n, y);
    if (now() - t0 > 0.2)
      break;
    calls *= 2;
  }
  double runs[7];
  for (int r = 0; r < 7; ++r) {
    double t0 = now();
    for (long c = 0; c < calls; ++c)
      PREDICT(x, n, y);
    runs[r] = (now() - t0) / (double)calls;
  }
  qsort(runs, 7, sizeof runs[0], by_value);
  printf("batch %d  us_per_call %.2f  us_per_sample %.3f\n", n, runs[3] * 1e6, runs[3] * 1e6 / n);
}

int main(int argc, char **argv) {
  enum { MAX = 256 };
  if (argc != 2 || LOAD(argv[1]) != 0) {
    fprintf(stderr, "inference_latency: cannot load the checkpoint\n");
    return 1;
  }
  input_t *x = malloc(sizeof(input_t) * IN * MAX);
  float *y = malloc(sizeof(float) * OUT * MAX);
  for (long i = 0; i < (long)IN * MAX; ++i)
    x[i] = PIXEL(i);
  time_batch(1, x, y);
  time_batch(MAX, x, y);
  return 0;
}
