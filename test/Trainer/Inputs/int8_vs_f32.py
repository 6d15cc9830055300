#!/usr/bin/env python3
"""int8_vs_f32.py — compares the f32 and int8 accuracy lines a trainer printed.

Usage: int8_vs_f32.py RUN.txt --within POINTS
Reads "accuracy on D: A%" and "int8_accuracy on D: B%" (both on the same data set D) and prints
"int8 within POINTS points of f32: yes|no (A% vs B%)"; exits 1 when a line is missing.
"""
import argparse
import re
import sys

parser = argparse.ArgumentParser()
parser.add_argument("run")
parser.add_argument("--within", type=float, required=True)
args = parser.parse_args()
text = open(args.run).read()
f32 = re.search(r"^accuracy on (\S+): ([0-9.]+)%$", text, re.M)
int8 = re.search(r"^int8_accuracy on (\S+): ([0-9.]+)%$", text, re.M)
if not f32 or not int8 or f32.group(1) != int8.group(1):
    sys.exit(f"int8_vs_f32.py: no f32 and int8 accuracy on one data set in {args.run}")
a, b = float(f32.group(2)), float(int8.group(2))
print(f"int8 within {args.within:g} points of f32: {'yes' if abs(a - b) <= args.within else 'no'} ({a:.2f}% vs {b:.2f}%)")
