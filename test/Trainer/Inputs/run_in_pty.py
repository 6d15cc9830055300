#!/usr/bin/env python3
"""run_in_pty.py — runs a command with its stdout on a pseudo-terminal and prints what it wrote, made visible.

Usage: run_in_pty.py [--columns N] CMD [ARGS...]   (--columns: the window's width, set with TIOCSWINSZ)
Carriage returns print as <CR>, ANSI escapes as <ESC>[..., other control bytes as <0xNN>; each newline the
terminal saw ends a line. Exits with the command's status. A trainer sees a terminal here, as a user would.
"""
import os
import re
import sys

from pty_capture import capture

args = sys.argv[1:]
columns = None
if args[:1] == ["--columns"]:
    columns, args = int(args[1]), args[2:]
out, status = capture(args, columns)
text = out.decode("utf-8", "replace").replace("\r\n", "\n")
text = text.replace("\r", "<CR>").replace("\x1b", "<ESC>")
text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: "<0x%02X>" % ord(m.group()), text)
sys.stdout.write(text)
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
