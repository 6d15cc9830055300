#!/usr/bin/env python3
"""ckpt.py — prints a checkpoint tensor's values for FileCheck.

  ckpt.py rows FILE NAME          the indices of the rows (first dimension) of NAME that are not all zero
  ckpt.py values FILE NAME        NAME's values, one line, "%.6f" each
  ckpt.py col FILE NAME SCALE     each row's first value divided by SCALE ("%.3f"), then "sum" and their sum
  ckpt.py stats FILE NAME SCALE   count, mean, population std of NAME's first column divided by SCALE,
                                  and the share of values within one std of the mean (normal: 0.683)
"""
import math
import struct
import sys


def read(path):
    data = open(path, "rb").read()
    pos = 12
    (n,) = struct.unpack_from("<I", data, pos)
    pos += 4 + n
    (count,) = struct.unpack_from("<I", data, pos)
    pos += 4
    out = {}
    for _ in range(count):
        (n,) = struct.unpack_from("<I", data, pos)
        name = data[pos + 4:pos + 4 + n].decode()
        pos += 4 + n
        (rank,) = struct.unpack_from("<I", data, pos)
        dims = struct.unpack_from("<%dq" % rank, data, pos + 4)
        pos += 4 + 8 * rank
        size = math.prod(dims)
        out[name] = (list(dims), list(struct.unpack_from("<%df" % size, data, pos)))
        pos += 4 * size
    return out


def main():
    what, path, name = sys.argv[1:4]
    dims, values = read(path)[name]
    row = math.prod(dims[1:]) if len(dims) > 1 else 1
    rows = [values[i * row:(i + 1) * row] for i in range(dims[0])]
    if what == "rows":
        print(" ".join(str(i) for i, r in enumerate(rows) if any(v != 0 for v in r)))
    elif what == "values":
        print(" ".join("%.6f" % v for v in values))
    elif what == "col":
        col = [r[0] / float(sys.argv[4]) for r in rows]
        print(" ".join("%.3f" % v for v in col) + " sum %.3f" % sum(col))
    elif what == "stats":
        col = [r[0] / float(sys.argv[4]) for r in rows]
        mean = sum(col) / len(col)
        std = math.sqrt(sum((v - mean) ** 2 for v in col) / len(col))
        within = sum(abs(v - mean) <= std for v in col) / len(col)
        print("count %d mean %.4f std %.4f within1std %.3f" % (len(col), mean, std, within))


if __name__ == "__main__":
    main()
