#!/usr/bin/env python3
"""make_npy.py — x.npy (600 x 2 f4, N(0,1)) and y.npy (600 i8: 1 when both coordinates have one sign) in the
current folder, written byte by byte as NumPy format 1.0 (no numpy needed)."""
import struct, random, sys
def npy(path, shape, fmt, values, descr):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else ""))
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%d%s" % (len(values), fmt), *values))
rng = random.Random(1)
n = 600
xs, ys = [], []
for i in range(n):
    a, b = rng.gauss(0, 1), rng.gauss(0, 1)
    xs += [a, b]; ys.append(1 if a * b > 0 else 0)
npy("x.npy", (n, 2), "f", xs, "<f4")
npy("y.npy", (n,), "q", ys, "<i8")
