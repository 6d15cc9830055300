"""Runs a command and fails if it takes longer than argv[1] seconds or exits non-zero.
Prints the elapsed time."""
import subprocess
import sys
import time

limit = float(sys.argv[1])
start = time.monotonic()
try:
    result = subprocess.run(sys.argv[2:], timeout=limit)
except subprocess.TimeoutExpired:
    print("timed out after %.1f s (limit %.1f s)" % (time.monotonic() - start, limit))
    sys.exit(1)
elapsed = time.monotonic() - start
print("took %.2f s (limit %.1f s)" % (elapsed, limit))
sys.exit(result.returncode)
