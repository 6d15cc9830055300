#!/usr/bin/env python3
"""make_multi_targets.py — regression data with several targets per sample, each its own linear function.

  csv   train.csv / test.csv (400 / 100 rows): header a,y0,y1,b,c — the two targets y0 = 2a − b + c/2 + 0.3 and
        y1 = −a + 1.5b + 2c − 0.2 (+ N(0, 0.01²) each) between the features a and b, c uniform in [−1, 1]
  npy   x.npy (400, 4) f4 and y.npy (400, 3) f4 with y = x·M + B (M, B below, no noise); x_test.npy (50, 4),
        y_test.csv (its exact targets, one row of three per sample)
Usage: make_multi_targets.py csv|npy   (writes into the current folder; deterministic)
"""
import random
import struct
import sys

# y_k = Σ_i x_i M[i][k] + B[k]: each target weighs the inputs differently.
M = [[1.0, -2.0, 0.5], [0.5, 1.0, -1.0], [-1.5, 0.0, 2.0], [2.0, 0.5, 1.0]]
B = [0.25, -0.5, 1.0]
CSV_W = [[2.0, -1.0], [-1.0, 1.5], [0.5, 2.0]]  # rows a, b, c; columns y0, y1
CSV_B = [0.3, -0.2]


def npy(path, shape, values):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % ", ".join(str(d) for d in shape)
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%df" % len(values), *values))


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def linear(x, w, b):
    return [sum(x[i] * w[i][k] for i in range(len(x))) + b[k] for k in range(len(b))]


rng = random.Random(11)
if sys.argv[1] == "csv":
    for path, count in (("train.csv", 400), ("test.csv", 100)):
        with open(path, "w") as f:
            f.write("a,y0,y1,b,c\n")
            for _ in range(count):
                x = [rng.uniform(-1, 1) for _ in range(3)]
                y = [v + rng.gauss(0, 0.01) for v in linear(x, CSV_W, CSV_B)]
                f.write("%.6f,%.6f,%.6f,%.6f,%.6f\n" % (x[0], y[0], y[1], x[1], x[2]))
else:
    for name, count in (("", 400), ("_test", 50)):
        xs = [[f32(rng.uniform(-1, 1)) for _ in range(4)] for _ in range(count)]
        ys = [linear(x, M, B) for x in xs]
        npy("x%s.npy" % name, (count, 4), [v for x in xs for v in x])
        npy("y%s.npy" % name, (count, 3), [v for y in ys for v in y])
        with open("y%s.csv" % name, "w") as f:
            for y in ys:
                f.write(",".join("%.9g" % v for v in y) + "\n")
