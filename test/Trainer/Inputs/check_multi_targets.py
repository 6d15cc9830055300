#!/usr/bin/env python3
"""check_multi_targets.py — compares what a regression trainer learned with the true linear functions.

  check_multi_targets.py weights CKPT ROWS BIAS TOL   dense0_weight ([in, K]) and dense0_bias ([K]) against ROWS
                                                     ("w00 w01;w10 w11;…", one row per input) and BIAS ("b0 b1")
  check_multi_targets.py predictions PRED.csv TRUE.csv TOL   the predict CSV (header index,y0,…,y{K-1}) against the
                                                     true targets (one row of K per sample)
Prints one line per check ending in "ok" or "FAIL" (with the largest difference) and exits 1 on a failure.
"""
import sys

from checkpoint_values import read


def report(name, got, want, tol):
    worst = max(abs(g - w) for g, w in zip(got, want)) if len(got) == len(want) else float("inf")
    print(f"{name} ({len(got)} values) max|delta| {worst:.3g} {'ok' if worst <= tol else 'FAIL'}")
    return worst <= tol


what = sys.argv[1]
if what == "weights":
    tensors = read(sys.argv[2])
    want = [[float(v) for v in row.split()] for row in sys.argv[3].split(";")]
    bias = [float(v) for v in sys.argv[4].split()]
    tol = float(sys.argv[5])
    dims, w = tensors["dense0_weight"]
    if list(dims) != [len(want), len(bias)]:
        sys.exit(f"dense0_weight has dims {list(dims)}, expected {[len(want), len(bias)]}")
    ok = report("dense0_weight", w, [v for row in want for v in row], tol)
    ok &= report("dense0_bias", tensors["dense0_bias"][1], bias, tol)
else:
    lines = open(sys.argv[2]).read().splitlines()
    true = [[float(v) for v in line.split(",")] for line in open(sys.argv[3]).read().splitlines()]
    k = len(true[0])
    header = "index," + ",".join("y%d" % i for i in range(k))
    if lines[0] != header:
        sys.exit(f"header {lines[0]!r}, expected {header!r}")
    rows = [line.split(",") for line in lines[1:]]
    if len(rows) != len(true) or any(len(r) != k + 1 or int(r[0]) != i for i, r in enumerate(rows)):
        sys.exit(f"expected {len(true)} rows 'index,{k} values'")
    ok = report("predictions", [float(v) for r in rows for v in r[1:]], [v for t in true for v in t],
                float(sys.argv[4]))
sys.exit(0 if ok else 1)
