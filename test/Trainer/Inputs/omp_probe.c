/* omp_probe.c — an LD_PRELOAD library for threads.test: reports each omp_set_num_threads(n) a program makes
 * (then forwards it to the real OpenMP runtime) and, at exit, how many threads the process has (libomp keeps
 * its workers until exit, so a run that used 2 threads ends with "Threads: 2"). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void report_threads(void) {
  FILE *status = fopen("/proc/self/status", "r");
  char line[256];
  while (status && fgets(line, sizeof line, status))
    if (strncmp(line, "Threads:", 8) == 0)
      fprintf(stderr, "probe: %s", line);
  if (status)
    fclose(status);
}

void omp_set_num_threads(int threads) {
  static int registered;
  fprintf(stderr, "probe: omp_set_num_threads(%d)\n", threads);
  if (!registered++)
    atexit(report_threads);
  void (*real)(int) = (void (*)(int))dlsym(RTLD_NEXT, "omp_set_num_threads");
  if (real)
    real(threads);
}
