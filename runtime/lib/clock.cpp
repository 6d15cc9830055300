// clock.cpp — the monotonic clock used for throughput and elapsed time.
#include "lepton/runtime.h"

#include <ctime>

extern "C" {

int64_t lepton_clock_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double lepton_clock_seconds(void) { return static_cast<double>(lepton_clock_ns()) * 1e-9; }

} // extern "C"
