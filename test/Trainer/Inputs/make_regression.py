#!/usr/bin/env python3
"""make_regression.py — a small regression data set as CSV files with a header and a named target column.

y = 2a − b + c²/2 + N(0, 0.05²) for a, b, c uniform in [−1, 1]: a model that ignores its inputs has a mean
squared error near Var(y) ≈ 1.7, one that learns it approaches the noise floor 0.0025.
Usage: make_regression.py TRAIN.csv TEST.csv [--train N] [--test N] [--seed S]
"""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("train_csv")
parser.add_argument("test_csv")
parser.add_argument("--train", type=int, default=300)
parser.add_argument("--test", type=int, default=100)
parser.add_argument("--seed", type=int, default=3)
args = parser.parse_args()
rng = random.Random(args.seed)
for path, count in ((args.train_csv, args.train), (args.test_csv, args.test)):
    with open(path, "w") as f:
        f.write("a,b,c,price\n")
        for _ in range(count):
            a, b, c = (rng.uniform(-1, 1) for _ in range(3))
            y = 2 * a - b + 0.5 * c * c + rng.gauss(0, 0.05)
            f.write(f"{a:.6f},{b:.6f},{c:.6f},{y:.6f}\n")
