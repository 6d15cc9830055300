#!/usr/bin/env python3
"""interrupt.py — runs a compiled program, sends it SIGINT, and reports what it left behind.

  interrupt.py after-text REGEX -- CMD...   SIGINT once stdout (a pseudo-terminal of 100 columns, so the
                                           trainer draws its progress bar) shows REGEX
  interrupt.py now -- CMD...                CMD interrupts itself (e.g. through an LD_PRELOAD hook)
Prints: the exit code, the stderr lines that mention the interrupt, whether the last stdout byte ends a line
(a progress bar redrawn with \r must not be left open), and the files of the current folder (sorted) —
temporary files would show as NAME.tmp-XXXXXX.
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

mode, rest = sys.argv[1], sys.argv[2:]
pattern = None
if mode == "after-text":
    pattern, rest = re.compile(rest[0]), rest[1:]
cmd = rest[rest.index("--") + 1:]
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
# As an interactive shell starts it: SIGINT at its default (lit may run us with SIGINT ignored, and an ignored
# SIGINT is inherited and, by design, kept by the program).
proc = subprocess.Popen(cmd, stdout=slave, stderr=subprocess.PIPE,
                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
os.close(slave)
out = b""
sent = pattern is None
deadline = time.time() + 60
while True:
    ready, _, _ = select.select([master], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program closed the terminal
            chunk = b""
        if not chunk:
            break
        out += chunk
    if not sent and (pattern.search(out.decode(errors="replace")) or time.time() > deadline):
        proc.send_signal(signal.SIGINT)
        sent = True
    if proc.poll() is not None and not ready:
        break
err = proc.stderr.read()
proc.wait()
print("exit code", proc.returncode)
for line in err.decode(errors="replace").splitlines():
    if "interrupt" in line:
        print("stderr:", line)
print("stdout ends a line:", "yes" if out.endswith(b"\n") or not out else "no")
print("files:", " ".join(sorted(os.listdir("."))))
