#!/usr/bin/env python3
"""make_data.py WHAT — writes, in the current folder, the data of one constructs/ test and the samples as the
first trainable layer must see them (exp_*.csv: features, then the label), for linref.py. Deterministic.

  preprocess  raw.csv (60 rows, shape [3, 2], 3 classes, features of different offsets and scales),
              missing.csv (every 5th row's f1 empty) and exp_<step>.csv for each preprocess step
"""
import math
import random
import struct
import sys


def write_csv(path, rows, header=None):
    with open(path, "w") as f:
        if header:
            f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(c) for c in r) + "\n")


def fmt(v):
    return "%.9g" % v


def write_exp(path, xs, ys):
    with open(path, "w") as f:
        for x, y in zip(xs, ys):
            f.write(",".join(fmt(v) for v in x) + "," + fmt(y) + "\n")


def write_npy(path, shape, values, descr):
    fmtc = {"<f4": "f", "<f8": "d", "<i8": "q", "<i4": "i", "|u1": "B"}[descr]
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else ""))
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%d%s" % (len(values), fmtc), *values))


def write_idx(path, dims, values, u8=True):
    with open(path, "wb") as f:
        f.write(struct.pack(">BBBB", 0, 0, 0x08 if u8 else 0x0D, len(dims)))
        f.write(struct.pack(">%dI" % len(dims), *dims))
        f.write(struct.pack(">%d%s" % (len(values), "B" if u8 else "f"), *values))


def stats(xs):
    cols = list(zip(*xs))
    means = [sum(c) / len(c) for c in cols]
    stds = [math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) for c, m in zip(cols, means)]
    return means, stds, [min(c) for c in cols], [max(c) for c in cols]


def preprocess():
    rng = random.Random(11)
    offsets = [3, -1, 0, 10, 0.5, -4]
    scales = [1, 0.2, 2, 5, 0.1, 1]
    xs = [[round(offsets[j] + scales[j] * rng.uniform(-1, 1), 4) for j in range(6)] for _ in range(60)]
    ys = [i % 3 for i in range(60)]
    write_csv("raw.csv", [x + [y] for x, y in zip(xs, ys)], ["f%d" % j for j in range(6)] + ["label"])
    exp = lambda name, f: write_exp("exp_%s.csv" % name, [f(x) for x in xs], ys)
    exp("identity", lambda x: x)
    exp("scale", lambda x: [0.5 * v for v in x])
    exp("normalize", lambda x: [(v - 1) / 2 for v in x])
    exp("normalize_channels", lambda x: [(v - [1, -1][j % 2]) / [2, 0.5][j % 2] for j, v in enumerate(x)])
    mean, std, lo, hi = stats(xs)
    exp("standardize", lambda x: [(v - m) / s for v, m, s in zip(x, mean, std)])
    exp("min_max", lambda x: [(v - l) / (h - l) for v, l, h in zip(x, lo, hi)])
    exp("clip", lambda x: [min(max(v, -0.5), 0.5) for v in x])
    # Missing cells: f1 of every 5th row.
    rows = [[("" if i % 5 == 0 and j == 1 else v) for j, v in enumerate(x)] + [y] for i, (x, y) in enumerate(zip(xs, ys))]
    write_csv("missing.csv", rows, ["f%d" % j for j in range(6)] + ["label"])
    present = [x[1] for i, x in enumerate(xs) if i % 5 != 0]
    f1_mean = sum(present) / len(present)
    for name, fill in (("fill_mean", f1_mean), ("fill_zero", 0.0), ("fill_number", 2.5)):
        write_exp("exp_%s.csv" % name, [[fill if i % 5 == 0 and j == 1 else v for j, v in enumerate(x)]
                                        for i, x in enumerate(xs)], ys)
    write_exp("exp_drop.csv", [x for i, x in enumerate(xs) if i % 5 != 0], [y for i, y in enumerate(ys) if i % 5 != 0])


{"preprocess": preprocess}[sys.argv[1]]()
