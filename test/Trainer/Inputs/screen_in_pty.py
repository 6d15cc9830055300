#!/usr/bin/env python3
"""screen_in_pty.py — runs a command on a pseudo-terminal COLUMNS wide and prints the screen it leaves.

Usage: screen_in_pty.py COLUMNS CMD [ARGS...]
The window size is set with TIOCSWINSZ before the command starts, so it reads COLUMNS from its terminal as it
would in an xterm or tmux pane. What it writes is replayed on an emulated screen of that width: printable
characters, carriage return, newline, ESC[K (erase to the end of the line) and automatic wrapping at the right
edge, which is what turns a too-long \\r redraw into stale lines. Prints "widest N" (the longest run of characters
written between two line starts, i.e. what a terminal would have to wrap), "wrapped N" (how many times the screen
wrapped), then every row of the final screen, right-trimmed, as "| row". Exits with the command's status.
"""
import os
import re
import sys

from pty_capture import capture

columns = int(sys.argv[1])
out, status = capture(sys.argv[2:], columns)
text = out.decode("utf-8", "replace")

rows, row, col, widest, run, wrapped = [[]], 0, 0, 0, 0, 0
i = 0
while i < len(text):
    c = text[i]
    escape = re.match(r"\x1b\[([0-9;]*)([A-Za-z])", text[i:])
    if escape:
        if escape.group(2) == "K":  # erase from the cursor to the end of the line
            del rows[row][col:]
        else:
            sys.exit("screen_in_pty.py: unexpected escape " + repr(escape.group()))
        i += len(escape.group())
        continue
    if c == "\r":
        col, run = 0, 0
    elif c == "\n":
        row, col, run = row + 1, 0, 0
        while len(rows) <= row:
            rows.append([])
    elif c >= " ":
        if col == columns:  # the terminal wraps: the rest of the line lands on the next row
            wrapped += 1
            row, col = row + 1, 0
            while len(rows) <= row:
                rows.append([])
        line = rows[row]
        while len(line) < col:
            line.append(" ")
        if col < len(line):
            line[col] = c
        else:
            line.append(c)
        col += 1
        run += 1
        widest = max(widest, run)
    i += 1
print("widest", widest)
print("wrapped", wrapped)
while rows and not rows[-1]:
    rows.pop()
for r in rows:
    print("| " + "".join(r).rstrip())
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
