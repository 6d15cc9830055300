#!/usr/bin/env python3
"""compare_blocks.py — compares two printed matrices in a test's output: the numbers after line A and after line B.

Reads standard input; after the line equal to A (then B) takes every number of the following lines up to the next
such label or the end. Exits 1 unless both have the same count and max |a - b| <= E · max |a| (E from
--max-relative-error). Prints the numbers it compared and the error."""
import argparse
import re
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--max-relative-error", type=float, required=True)
parser.add_argument("first")
parser.add_argument("second")
args = parser.parse_args()

blocks, current = {}, None
for line in sys.stdin:
    label = line.strip()
    if label in (args.first, args.second):
        current = blocks.setdefault(label, [])
        continue
    if current is not None and "[" in line:
        current.extend(float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", line.split("[", 1)[1]))
a, b = blocks.get(args.first, []), blocks.get(args.second, [])
if not a or len(a) != len(b):
    sys.exit(f"compare_blocks: {len(a)} numbers after {args.first}, {len(b)} after {args.second}")
scale = max(abs(v) for v in a) or 1.0
error = max(abs(x - y) for x, y in zip(a, b)) / scale
print(f"{args.first}: {a}\n{args.second}: {b}\nmax relative error {error:.4g}")
sys.exit(0 if error <= args.max_relative_error else 1)
