#!/usr/bin/env python3
"""run_in_pty.py — runs a command with its stdout on a pseudo-terminal and prints what it wrote, made visible.

Usage: run_in_pty.py CMD [ARGS...]
Carriage returns print as <CR>, ANSI escapes as <ESC>[..., other control bytes as <0xNN>; each newline the
terminal saw ends a line. Exits with the command's status. A trainer sees a terminal here, as a user would.
"""
import os
import pty
import re
import sys

pid, fd = pty.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
out = bytearray()
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # EIO: the child closed the terminal
        break
    if not chunk:
        break
    out.extend(chunk)
_, status = os.waitpid(pid, 0)
text = out.decode("utf-8", "replace").replace("\r\n", "\n")
text = text.replace("\r", "<CR>").replace("\x1b", "<ESC>")
text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: "<0x%02X>" % ord(m.group()), text)
sys.stdout.write(text)
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
