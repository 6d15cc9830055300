#!/usr/bin/env python3
"""read_checkpoint.py — parses a LEPTCKPT checkpoint by the letter of docs/abi.md and prints its structure.

Usage: read_checkpoint.py FILE
Prints "magic", "version", "signature", one "tensor NAME [dims] elements" line per tensor (version 2: then its
element type, "f32", "s8" or "s32", "derived" when so marked, and its data's bytes), "parameters N" (tensors not derived)
and "checksum ok"; exits 1 (with the reason) if any field is malformed, the CRC-32 of everything before the checksum
does not match, or bytes are left over. Independent of the runtime's own reader, so it checks the format.
"""
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
pos = 0


def take(n):
    global pos
    if pos + n > len(data):
        sys.exit(f"read_checkpoint.py: needs {n} bytes at byte {pos}, the file has {len(data)}")
    piece = data[pos:pos + n]
    pos += n
    return piece


def u32():
    return struct.unpack("<I", take(4))[0]


magic = take(8)
if magic != b"LEPTCKPT":
    sys.exit(f"read_checkpoint.py: magic {magic!r}")
print("magic LEPTCKPT")
version = u32()
if version not in (1, 2):
    sys.exit(f"read_checkpoint.py: version {version}")
print("version", version)
print("signature", take(u32()).decode("utf-8"))
count = u32()
total = 0
for _ in range(count):
    name = take(u32()).decode("utf-8")
    rank = u32()
    if rank > 16:
        sys.exit(f"read_checkpoint.py: tensor {name} has rank {rank}")
    dims = list(struct.unpack("<%dq" % rank, take(8 * rank)))
    elements = 1
    for d in dims:
        elements *= d
    kind = u32() if version == 2 else 0
    if kind & ~0x1ff or kind & 0xff not in (0, 1, 2):
        sys.exit(f"read_checkpoint.py: tensor {name} has kind {kind:#x}")
    derived = bool(kind & 0x100)
    if kind & 0xff == 1:
        take(elements)  # s8: any byte is a value
    elif kind & 0xff == 2:
        take(4 * elements)  # s32: any word is a value
    else:
        values = struct.unpack("<%df" % elements, take(4 * elements))
        if any(v != v or v in (float("inf"), float("-inf")) for v in values):
            sys.exit(f"read_checkpoint.py: tensor {name} holds a non-finite value")
    if not derived:
        total += elements
    if version == 1:
        print(f"tensor {name} {dims} {elements}")
    else:
        element = {0: "f32", 1: "s8", 2: "s32"}[kind & 0xff]
        size = elements * (1 if element == "s8" else 4)
        print(f"tensor {name} {dims} {elements} {element}{' derived' if derived else ''} {size} bytes")
print("parameters", total)
body_end = pos
checksum = u32()
if checksum != zlib.crc32(data[:body_end]):
    sys.exit(f"read_checkpoint.py: checksum {checksum:#010x}, CRC-32 of the content is {zlib.crc32(data[:body_end]):#010x}")
if pos != len(data):
    sys.exit(f"read_checkpoint.py: {len(data) - pos} bytes after the checksum")
print("checksum ok")
