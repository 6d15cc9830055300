#!/usr/bin/env python3
"""run_in_pty.py — runs a command with its stdout on a pseudo-terminal and prints what it wrote, made visible.

Usage: run_in_pty.py [--columns N] CMD [ARGS...]   (--columns: the window's width, set with TIOCSWINSZ)
Carriage returns print as <CR>, ANSI escapes as <ESC>[..., other control bytes as <0xNN>; each newline the
terminal saw ends a line. Exits with the command's status. A trainer sees a terminal here, as a user would.
"""
import fcntl
import os
import pty
import re
import struct
import sys
import termios

args = sys.argv[1:]
columns = None
if args[:1] == ["--columns"]:
    columns, args = int(args[1]), args[2:]
pid, fd = pty.fork()
if pid == 0:
    try:
        if columns:  # set on the child's own terminal before it runs: no race with its first line
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        os.execvp(args[0], args)
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
