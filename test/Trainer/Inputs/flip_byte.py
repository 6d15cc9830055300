#!/usr/bin/env python3
"""flip_byte.py — writes corrupted copies of a file, each with one bit flipped.

Usage: flip_byte.py IN OUT OFFSET [OUT OFFSET ...]   (a negative OFFSET counts from the end)
"""
import sys

original = open(sys.argv[1], "rb").read()
for out, offset in zip(sys.argv[2::2], sys.argv[3::2]):
    data = bytearray(original)
    data[int(offset)] ^= 0x01
    open(out, "wb").write(data)
