/* predict_host.c — a C application embedding a leptonc object through its whole C API: the error codes first (a
 * call before any load, NULL pointers, n < 1, checkpoint files that are missing, corrupt or another model's), then
 * it loads argv[1] from memory and from the file, predicts 70 samples (8 chunks of 8 rows, then 6 rows one by
 * one) and checks every row against predicting that sample by itself and the raw-byte function against the
 * preprocessed one; counts the heap allocations the object makes during predict calls (linked with
 * -Wl,--wrap=malloc,… so that the object's calls come here: none expected) and runs predict from four threads at
 * once on separate buffers.
 * Usage: predict_host MODEL.ckpt MISSING.ckpt CORRUPT.ckpt OTHER-MODEL.ckpt */
#include "model.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The object's heap allocations, counted (the linker sends its calls here with --wrap). */
static long allocations;
void *__real_malloc(size_t size);
void *__real_aligned_alloc(size_t alignment, size_t size);
void *__real_calloc(size_t count, size_t size);
void *__wrap_malloc(size_t size) { ++allocations; return __real_malloc(size); }
void *__wrap_aligned_alloc(size_t alignment, size_t size) { ++allocations; return __real_aligned_alloc(alignment, size); }
void *__wrap_calloc(size_t count, size_t size) { ++allocations; return __real_calloc(count, size); }

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

/* Four threads predicting at once, each into its own output, must give exactly the serial result. */
struct job {
  const float *x;
  float y[N * OUT];
  int same;
};

static const float *expected;

static void *predict_repeatedly(void *arg) {
  struct job *job = arg;
  job->same = 1;
  for (int r = 0; r < 200; ++r) {
    memset(job->y, 0, sizeof job->y);
    fashion_mlp_predict_preprocessed(job->x, N, job->y);
    job->same &= memcmp(job->y, expected, sizeof job->y) == 0;
  }
  return NULL;
}

static int concurrent(const float *x, const float *y) {
  static struct job jobs[4];
  pthread_t threads[4];
  expected = y;
  for (int t = 0; t < 4; ++t) {
    jobs[t].x = x;
    pthread_create(&threads[t], NULL, predict_repeatedly, &jobs[t]);
  }
  int same = 1;
  for (int t = 0; t < 4; ++t) {
    pthread_join(threads[t], NULL);
    same &= jobs[t].same;
  }
  printf("4 threads x 200 concurrent calls equal to the serial result: %s\n", same ? "yes" : "NO");
  return 0;
}

/* A call's status and this thread's error message. */
static void report(const char *what, int32_t rc) { printf("%s: rc %d (%s)\n", what, rc, fashion_mlp_last_error()); }

/* The bytes of a file (NULL if it cannot be read). */
static void *contents(const char *path, long *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *data = malloc(*size);
  if (fread(data, 1, *size, f) != (size_t)*size)
    *size = -1;
  fclose(f);
  return data;
}

int main(int argc, char **argv) {
  if (argc != 5)
    return 2;
  static float x[N * IN], y[N * OUT], alone[OUT], tail[6 * OUT], fromBytes[N * OUT];
  static uint8_t bytes[N * IN];
  for (int i = 0; i < N * IN; ++i) {
    bytes[i] = (uint8_t)(i % 255);
    x[i] = (float)(i % 255) * (1.0f / 255.0f); /* the pipeline's scale(1/255) */
  }
  report("predict before a load", fashion_mlp_predict_preprocessed(x, N, y));
  report("load missing", fashion_mlp_load(argv[2]));
  report("load corrupt", fashion_mlp_load(argv[3]));
  report("load other model", fashion_mlp_load(argv[4]));
  report("load NULL", fashion_mlp_load(NULL));
  report("load_memory NULL", fashion_mlp_load_memory(NULL, 10));
  long size = 0;
  void *data = contents(argv[1], &size);
  report("load_memory 9 bytes", fashion_mlp_load_memory(data, 9));
  report("predict after failed loads", fashion_mlp_predict_preprocessed(x, N, y));
  report("load_memory", fashion_mlp_load_memory(data, (size_t)size));
  free(data);
  report("load", fashion_mlp_load(argv[1]));
  report("predict x NULL", fashion_mlp_predict(NULL, 1, y));
  report("predict y NULL", fashion_mlp_predict_preprocessed(x, 1, NULL));
  report("predict n 0", fashion_mlp_predict(bytes, 0, y));
  report("predict n -1", fashion_mlp_predict_preprocessed(x, -1, y));

  int rc = fashion_mlp_predict_preprocessed(x, N, y); /* 8 chunks of 8, then 6 rows one by one */
  int finite = 1;
  for (int i = 0; i < N * OUT; ++i)
    finite &= isfinite(y[i]) && y[i] != 0.0f;
  printf("predict returned %d for %d samples\nall outputs finite: %s\n", rc, N, finite ? "yes" : "no");

  /* Every sample predicted alone (the one-row code) gives its row of the chunked call. */
  double worst = 0;
  int worstRow = 0;
  for (int r = 0; r < N; ++r) {
    int rcAlone = fashion_mlp_predict_preprocessed(x + r * IN, 1, alone);
    double d = rcAlone == 0 ? distance(y + r * OUT, alone, OUT) : INFINITY;
    if (!(d <= worst))
      worst = d, worstRow = r;
  }
  printf("rows 0-69 vs one at a time: %s (worst row %d, %.3g)\n", worst <= 1e-5 ? "same" : "DIFFERENT",
         worstRow, worst);
  /* The last 6 rows predicted by themselves, as a call of 6. */
  rc = fashion_mlp_predict_preprocessed(x + 64 * IN, 6, tail);
  worst = rc == 0 ? distance(y + 64 * OUT, tail, 6 * OUT) : INFINITY;
  printf("rows 64-69 vs predicted alone: %s (%.3g)\n", worst <= 1e-5 ? "same" : "DIFFERENT", worst);
  /* The rows differ from one another, so a row taken from the wrong sample shows. */
  printf("rows 64 and 65 differ: %s\n", distance(y + 64 * OUT, y + 65 * OUT, OUT) > 1e-3 ? "yes" : "no");
  /* Raw bytes through the object's own preprocessing give the same outputs. */
  rc = fashion_mlp_predict(bytes, N, fromBytes);
  worst = rc == 0 ? distance(fromBytes, y, N * OUT) : INFINITY;
  printf("raw bytes vs preprocessed: %s (%.3g)\n", worst <= 1e-5 ? "same" : "DIFFERENT", worst);

  long before = allocations;
  for (int r = 0; r < 100; ++r) {
    fashion_mlp_predict_preprocessed(x, 1, alone);
    fashion_mlp_predict(bytes, N, fromBytes);
  }
  printf("heap allocations during 200 predict calls: %ld\n", allocations - before);
  return concurrent(x, y);
}
