#!/usr/bin/env python3
"""bn_running.py — checks batchnorm's running statistics after one step, in plain Python.

Usage: bn_running.py INIT.ckpt TRAINED.ckpt DATA.csv MOMENTUM
With a learning rate too small to move the weights, one epoch of one batch (every sample real, the rest of the
batch padding) must leave running_mean = m·0 + (1 − m)·μ and running_var = m·1 + (1 − m)·σ², with μ and σ² the
mean and population variance of h = x·W + b over the real samples only. Prints the largest error of each.
"""
import csv
import sys

from checkpoint_values import read


init, trained = read(sys.argv[1]), read(sys.argv[2])
rows = [[float(v) for v in r[:-1]] for r in list(csv.reader(open(sys.argv[3])))[1:]]
m = float(sys.argv[4])
(fan_in, units), w = init["dense0_weight"]
b = init["dense0_bias"][1]
h = [[sum(r[i] * w[i * units + j] for i in range(fan_in)) + b[j] for j in range(units)] for r in rows]
mean = [sum(row[j] for row in h) / len(h) for j in range(units)]
var = [sum((row[j] - mean[j]) ** 2 for row in h) / len(h) for j in range(units)]
want_mean = [(1 - m) * v for v in mean]
want_var = [m + (1 - m) * v for v in var]
got_mean, got_var = trained["batchnorm0_running_mean"][1], trained["batchnorm0_running_var"][1]
print("running_mean max error %.2e" % max(abs(a - b) for a, b in zip(want_mean, got_mean)))
print("running_var max error %.2e" % max(abs(a - b) for a, b in zip(want_var, got_var)))
