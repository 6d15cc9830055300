#!/usr/bin/env python3
"""flip_byte.py — corrupts a copy of a file by flipping one bit: flip_byte.py IN OUT OFFSET (negative = from the end)."""
import sys

data = bytearray(open(sys.argv[1], "rb").read())
data[int(sys.argv[3])] ^= 0x01
open(sys.argv[2], "wb").write(data)
