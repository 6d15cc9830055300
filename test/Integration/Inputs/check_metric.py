#!/usr/bin/env python3
"""check_metric.py — reads a trainer's output on stdin, checks one "name on DATA: value%" result line.

Usage: trainer | check_metric.py accuracy --at-least 72
Prints the output through (so FileCheck can follow) and exits 1 when the metric is missing or too low.
"""
import argparse
import re
import sys

parser = argparse.ArgumentParser()
parser.add_argument("name")
parser.add_argument("--at-least", type=float, required=True)
args = parser.parse_args()

text = sys.stdin.read()
sys.stdout.write(text)
match = re.search(r"^" + re.escape(args.name) + r"(?: on \S+)?: ([0-9.]+)%", text, re.MULTILINE)
if not match:
    sys.exit(f"check_metric: no '{args.name} on DATA: N%' line in the output")
value = float(match.group(1))
if value < args.at_least:
    sys.exit(f"check_metric: {args.name} {value}% is below {args.at_least}%")
print(f"check_metric: {args.name} {value}% >= {args.at_least}%")
