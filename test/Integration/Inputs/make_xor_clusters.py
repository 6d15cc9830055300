#!/usr/bin/env python3
"""make_xor_clusters.py — writes the tiny XOR-like dataset of xor-clusters-accuracy.lep as CSV files.

Four Gaussian clusters centred at (±1, ±1) with std 0.3 (under 0.1% of points fall across an
axis, so 99% is reachable); the label is 1 where the centre's coordinates have opposite signs (XOR
of the signs), so no linear model separates the classes but a small MLP does. Fixed seeds keep
every run's data identical.

Usage: make_xor_clusters.py TRAIN.csv TEST.csv [--train N] [--test N] [--seed S]
"""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("train_csv")
parser.add_argument("test_csv")
parser.add_argument("--train", type=int, default=400)
parser.add_argument("--test", type=int, default=200)
parser.add_argument("--seed", type=int, default=2026)
args = parser.parse_args()

SIGMA = 0.3
CENTRES = [(1.0, 1.0, 0), (-1.0, -1.0, 0), (1.0, -1.0, 1), (-1.0, 1.0, 1)]


def write(path, count, rng):
    with open(path, "w") as f:
        f.write("x0,x1,label\n")
        for i in range(count):
            cx, cy, label = CENTRES[i % 4]  # balanced classes
            f.write(f"{rng.gauss(cx, SIGMA):.6f},{rng.gauss(cy, SIGMA):.6f},{label}\n")


# Separate generators: the test set is not a continuation of the training stream.
write(args.train_csv, args.train, random.Random(args.seed))
write(args.test_csv, args.test, random.Random(args.seed + 1))
