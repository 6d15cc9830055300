/* dataset_host.c — a host application for an `extern dataset`: 300 points of a plane, class 1 where x + 2y > 0.3,
 * supplied through PIPELINE_set_dataset_live in chunks of at most 7 samples (so the runtime must ask again), then
 * trained on with PIPELINE_main. Writes the same points as live.csv for the CSV twin of the pipeline.
 *   dataset_host csv                  write live.csv and exit
 *   dataset_host run ARGS...          register, PIPELINE_main(ARGS), then load the --save file given as the last
 *                                     argument and classify the points with the exported function: accuracy
 *   dataset_host unregistered         PIPELINE_main without registering
 *   dataset_host fail                 the callback returns -3 on its 5th call
 *   dataset_host badlabel             sample 12 gets label 2 */
#include HEADER

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

enum { COUNT = 300 };

static float point(int i, int k) { return (float)(((i * 37 + k * 101) % 200) - 100) / 100.0f; }
static int label(int i) { return point(i, 0) + 2 * point(i, 1) > 0.3f; }

struct source {
  int calls, failAt, badLabelAt;
};

static int64_t fill(void *user, int64_t first, int64_t capacity, float *samples, int32_t *labels, float *targets) {
  struct source *s = user;
  (void)targets;
  if (++s->calls == s->failAt)
    return -3;
  int64_t n = capacity < 7 ? capacity : 7;
  if (first + n > COUNT)
    n = COUNT - first;
  for (int64_t j = 0; j < n; ++j) {
    int i = (int)(first + j);
    samples[2 * j] = point(i, 0);
    samples[2 * j + 1] = point(i, 1);
    labels[j] = i == s->badLabelAt ? 2 : label(i);
  }
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  if (!strcmp(argv[1], "csv")) {
    FILE *f = fopen("live.csv", "w");
    fprintf(f, "a,b,label\n");
    for (int i = 0; i < COUNT; ++i)
      fprintf(f, "%.9g,%.9g,%d\n", point(i, 0), point(i, 1), label(i));
    return fclose(f) != 0;
  }
  struct source s = {0, 0, -1};
  if (!strcmp(argv[1], "fail"))
    s.failAt = 5;
  if (!strcmp(argv[1], "badlabel"))
    s.badLabelAt = 12;
  if (strcmp(argv[1], "unregistered"))
    CAT(PIPELINE, _set_dataset_live)(fill, &s);
  char *args[16] = {"host"};
  int n = 1;
  for (int i = 2; i < argc && n < 15; ++i)
    args[n++] = argv[i];
  int rc = CAT(PIPELINE, _main)(n, args);
  printf("host: main returned %d after %d callback calls\n", rc, s.calls);
  if (rc != 0 || strcmp(argv[1], "run"))
    return rc;
  if (CAT(PIPELINE, _load)(argv[argc - 1]) != 0) {
    printf("host: load failed: %s\n", CAT(PIPELINE, _last_error)());
    return 1;
  }
  float x[2 * COUNT], y[2 * COUNT];
  for (int i = 0; i < COUNT; ++i)
    x[2 * i] = point(i, 0), x[2 * i + 1] = point(i, 1);
  rc = CAT(PIPELINE, _classify)(x, COUNT, y);
  int correct = 0;
  for (int i = 0; i < COUNT; ++i)
    correct += (y[2 * i + 1] > y[2 * i]) == label(i);
  printf("host: classify returned %d, %d of %d points right\n", rc, correct, COUNT);
  return 0;
}
