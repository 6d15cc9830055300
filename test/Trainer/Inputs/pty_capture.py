"""pty_capture.py — runs a command with its stdout on a pseudo-terminal (as a user's terminal) and returns what it
wrote. Shared by run_in_pty.py and screen_in_pty.py."""
import fcntl
import os
import pty
import struct
import termios


def capture(args, columns=None):
    """Runs `args` on a new pty (COLUMNS wide when given, set before the command starts, so there is no race with
    its first line); returns (bytes written, wait status)."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            if columns:
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
    return bytes(out), status
