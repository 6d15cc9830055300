// threads.cpp — the thread count of a compiled program's work-sharing loops (--threads, `threads:`).
//
// Generated executables run their large loops through LLVM's OpenMP runtime (libomp), linked only
// when the program has such loops, and only when lepton_thread_count() is above 1: a one-thread
// run takes the serial copy of each loop and never starts libomp. The runtime library itself must
// not need libomp (objects and the unit tests link without it), so it reaches omp_set_num_threads
// through a weak reference.
#include "lepton/runtime.h"

#include <csignal>

extern "C" void omp_set_num_threads(int threads) __attribute__((weak));

namespace {
int32_t threadCount = 1;
} // namespace

extern "C" void lepton_set_threads(int32_t threads) {
  threadCount = threads < 1 ? 1 : threads;
  if (threadCount == 1 || !omp_set_num_threads)
    return;
  // libomp registers itself at its first call with a small shared-memory file; under a file-size
  // limit (ulimit -f) that would raise SIGXFSZ and kill the program. Ignored, it is a warning and
  // libomp falls back to an environment variable.
  struct sigaction ignore = {}, previous = {};
  ignore.sa_handler = SIG_IGN;
  bool saved = sigaction(SIGXFSZ, &ignore, &previous) == 0;
  omp_set_num_threads(threadCount);
  if (saved)
    sigaction(SIGXFSZ, &previous, nullptr);
}

extern "C" int32_t lepton_thread_count(void) { return threadCount; }
