#!/usr/bin/env python3
"""check_predictions.py — checks a predict CSV against docs/abi.md and prints a summary for FileCheck.

Usage: check_predictions.py FILE|- --count N --classes C [--labels LABELS.idx]
Checks: the header "index,class,p0,...,p{C-1}"; N rows indexed 0..N-1; each class an integer in [0, C) naming
a most probable one (printed values may tie); each probability in [0, 1] and each row summing to 1 within 1e-4 (6
significant digits per value). Prints "rows N", the class histogram and, with --labels (an IDX labels file),
"accuracy X%" with two decimals, as the trainer prints its test accuracy. Exits 1 on the first violation.
"""
import argparse
import sys

parser = argparse.ArgumentParser()
parser.add_argument("file")
parser.add_argument("--count", type=int, required=True)
parser.add_argument("--classes", type=int, required=True)
parser.add_argument("--labels")
args = parser.parse_args()

text = sys.stdin.read() if args.file == "-" else open(args.file).read()
lines = text.split("\n")
if lines[-1] != "":
    sys.exit("check_predictions.py: the file does not end with a newline")
lines = lines[:-1]
header = "index,class," + ",".join("p%d" % i for i in range(args.classes))
if not lines or lines[0] != header:
    sys.exit(f"check_predictions.py: header {lines[:1]}, expected {header!r}")
rows = lines[1:]
if len(rows) != args.count:
    sys.exit(f"check_predictions.py: {len(rows)} rows, expected {args.count}")
classes = []
for i, row in enumerate(rows):
    fields = row.split(",")
    if len(fields) != 2 + args.classes:
        sys.exit(f"check_predictions.py: row {i} has {len(fields)} fields")
    if int(fields[0]) != i:
        sys.exit(f"check_predictions.py: row {i} has index {fields[0]}")
    probabilities = [float(p) for p in fields[2:]]
    if any(not 0 <= p <= 1 for p in probabilities):
        sys.exit(f"check_predictions.py: row {i} has a probability outside [0, 1]: {row}")
    if abs(sum(probabilities) - 1) > 1e-4:
        sys.exit(f"check_predictions.py: row {i} sums to {sum(probabilities)}")
    predicted = int(fields[1])
    if not 0 <= predicted < args.classes or probabilities[predicted] != max(probabilities):
        sys.exit(f"check_predictions.py: row {i} predicts {predicted}, not the most probable class")
    classes.append(predicted)
print("rows", len(rows))
print("classes", " ".join("%d:%d" % (c, classes.count(c)) for c in range(args.classes)))
if args.labels:
    data = open(args.labels, "rb").read()
    labels = data[8:8 + len(rows)]
    correct = sum(1 for c, label in zip(classes, labels) if c == label)
    print("accuracy %.2f%%" % (100.0 * correct / len(rows)))
