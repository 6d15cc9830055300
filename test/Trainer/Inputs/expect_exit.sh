#!/bin/sh
# expect_exit.sh — runs a command and succeeds only if it exits with the expected status.
#
# Usage: sh expect_exit.sh [--fsize BLOCKS] CODE CMD [ARGS...]
# The command's stdout and stderr pass through unchanged (so a test can FileCheck them). On another status
# (a death by signal N shows as 128+N) it says so on stderr and exits 1. `not` cannot tell exit 2 from exit 4;
# this can. A shell script, not Python: the tests run it ~60 times and Python's start-up would dominate.
#
# --fsize sets the file-size limit (`ulimit -f`, POSIX 512-byte blocks) to simulate a full disk. SIGXFSZ keeps
# the disposition lit gives it, the default action (kill): a trainer that survives the limit ignores the
# signal itself.
if [ "$1" = --fsize ]; then
  ulimit -f "$2" || exit 1
  shift 2
fi
if [ $# -lt 2 ]; then
  echo "usage: expect_exit.sh [--fsize BLOCKS] CODE CMD [ARGS...]" >&2
  exit 1
fi
expected=$1
shift
"$@"
rc=$?
if [ "$rc" -ne "$expected" ]; then
  echo "expect_exit.sh: '$*' exited with $rc, expected $expected" >&2
  exit 1
fi
exit 0
