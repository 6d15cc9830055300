/* interrupt_at_fsync.c — an LD_PRELOAD hook: the Nth fsync (INTERRUPT_AT_FSYNC, default 1) first raises SIGINT,
 * so the program is interrupted exactly while an output file is complete in its temporary file but not yet
 * renamed into place. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>

int fsync(int fd) {
  static int calls;
  const char *at = getenv("INTERRUPT_AT_FSYNC");
  if (++calls == (at ? atoi(at) : 1))
    raise(SIGINT);
  int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  return real(fd);
}
