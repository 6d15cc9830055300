#!/usr/bin/env python3
"""compare_predictions.py — two predict CSVs of the same rows (docs/abi.md), compared value by value.

Usage: compare_predictions.py A.csv B.csv
Prints "rows N", "max difference D" (the largest |a - b| over all probabilities, as printed) and "classes differ K"
(rows whose predicted class differs), for FileCheck.
"""
import sys


def read(path):
    lines = open(path).read().split("\n")
    rows = [line.split(",") for line in lines[1:] if line]
    return [(int(r[1]), [float(v) for v in r[2:]]) for r in rows]


a, b = read(sys.argv[1]), read(sys.argv[2])
if len(a) != len(b):
    sys.exit(f"row counts differ: {len(a)} vs {len(b)}")
print(f"rows {len(a)}")
print(f"max difference {max(abs(x - y) for (_, pa), (_, pb) in zip(a, b) for x, y in zip(pa, pb)):.1e}")
print(f"classes differ {sum(1 for (ca, _), (cb, _) in zip(a, b) if ca != cb)}")
