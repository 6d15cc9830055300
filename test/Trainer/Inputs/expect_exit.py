#!/usr/bin/env python3
"""expect_exit.py — runs a command and succeeds only if it exits with the expected status.

Usage: expect_exit.py [--fsize BYTES] CODE CMD [ARGS...]
The command's stdout and stderr pass through unchanged (so a test can FileCheck them). On another status, or
death by a signal, prints what happened to stderr and exits 1. `not` cannot tell exit 2 from exit 4; this can.
--fsize sets the child's file-size limit (RLIMIT_FSIZE, like `ulimit -f`) to simulate a full disk. The child
starts with SIGXFSZ at its default action (kill), as from a shell: Python's subprocess restores it, so a
trainer that survives the limit does so because it ignores the signal itself.
"""
import resource
import subprocess
import sys

args = sys.argv[1:]
fsize = None
if args[:1] == ["--fsize"]:
    fsize = int(args[1])
    args = args[2:]
if len(args) < 2:
    sys.exit("usage: expect_exit.py [--fsize BYTES] CODE CMD [ARGS...]")
expected = int(args[0])


def limit():
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))


sys.stdout.flush()
rc = subprocess.call(args[1:], preexec_fn=limit if fsize is not None else None, restore_signals=True)
if rc == expected:
    sys.exit(0)
what = f"was killed by signal {-rc}" if rc < 0 else f"exited with {rc}"
sys.exit(f"expect_exit.py: {' '.join(args[1:])} {what}, expected {expected}")
