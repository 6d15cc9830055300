#!/usr/bin/env python3
"""bn_step.py — one SGD step of `dense(4) > batchnorm() > relu() > dense(2)` + cross-entropy in plain f64 Python.

Usage: bn_step.py INIT.ckpt TRAINED.ckpt DATA.csv LR
The batch is every sample of DATA.csv (the compiled trainer pads it to its batch size; padding must not count).
Forward with the batch's mean and population variance (ε = 1e-5), the mean cross-entropy, its gradients by hand
(the batch-norm VJP dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy·x̂))), one SGD step; prints the largest difference
to TRAINED.ckpt per tensor, and the running statistics' (momentum 0.9).
"""
import csv
import math
import sys

from checkpoint_values import read


def matrix(t):
    (r, c), v = t
    return [v[i * c:(i + 1) * c] for i in range(r)]


init, trained = read(sys.argv[1]), read(sys.argv[2])
rows = list(csv.reader(open(sys.argv[3])))[1:]
lr = float(sys.argv[4])
X = [[float(v) for v in r[:-1]] for r in rows]
Y = [int(r[-1]) for r in rows]
n = len(X)
W0, b0 = matrix(init["dense0_weight"]), init["dense0_bias"][1]
g, be = init["batchnorm0_gamma"][1], init["batchnorm0_beta"][1]
W1, b1 = matrix(init["dense1_weight"]), init["dense1_bias"][1]
H, O = len(b0), len(b1)
h = [[sum(x[i] * W0[i][j] for i in range(len(x))) + b0[j] for j in range(H)] for x in X]
mu = [sum(r[j] for r in h) / n for j in range(H)]
var = [sum((r[j] - mu[j]) ** 2 for r in h) / n for j in range(H)]
sd = [math.sqrt(v + 1e-5) for v in var]
xh = [[(r[j] - mu[j]) / sd[j] for j in range(H)] for r in h]
z = [[g[j] * r[j] + be[j] for j in range(H)] for r in xh]
a = [[max(v, 0.0) for v in r] for r in z]
o = [[sum(r[j] * W1[j][k] for j in range(H)) + b1[k] for k in range(O)] for r in a]
do = []
for r, y in zip(o, Y):
    m = max(r)
    e = [math.exp(v - m) for v in r]
    s = sum(e)
    do.append([(e[k] / s - (1 if k == y else 0)) / n for k in range(O)])
dW1 = [[sum(a[b][j] * do[b][k] for b in range(n)) for k in range(O)] for j in range(H)]
db1 = [sum(do[b][k] for b in range(n)) for k in range(O)]
da = [[sum(do[b][k] * W1[j][k] for k in range(O)) for j in range(H)] for b in range(n)]
dz = [[da[b][j] if z[b][j] > 0 else 0.0 for j in range(H)] for b in range(n)]
dg = [sum(dz[b][j] * xh[b][j] for b in range(n)) for j in range(H)]
dbe = [sum(dz[b][j] for b in range(n)) for j in range(H)]
dh = [[g[j] / sd[j] * (dz[b][j] - dbe[j] / n - xh[b][j] * dg[j] / n) for j in range(H)] for b in range(n)]
dW0 = [[sum(X[b][i] * dh[b][j] for b in range(n)) for j in range(H)] for i in range(len(X[0]))]
db0 = [sum(dh[b][j] for b in range(n)) for j in range(H)]


def worst(name, before, grad):
    got = trained[name][1]
    flat_before = [v for r in before for v in r] if isinstance(before[0], list) else before
    flat_grad = [v for r in grad for v in r] if isinstance(grad[0], list) else grad
    want = [p - lr * d for p, d in zip(flat_before, flat_grad)]
    print("%s max error %.1e" % (name, max(abs(w - v) for w, v in zip(want, got))))


worst("dense0_weight", W0, dW0)
worst("dense0_bias", b0, db0)
worst("batchnorm0_gamma", g, dg)
worst("batchnorm0_beta", be, dbe)
worst("dense1_weight", W1, dW1)
worst("dense1_bias", b1, db1)
for name, want in (("batchnorm0_running_mean", [0.1 * m for m in mu]),
                   ("batchnorm0_running_var", [0.9 + 0.1 * v for v in var])):
    print("%s max error %.1e" % (name, max(abs(w - v) for w, v in zip(want, trained[name][1]))))

# Inference mode: the validation loss with the trained weights and the running statistics.
if len(sys.argv) > 5:
    import json
    T = {k: trained[k] for k in trained}
    W0t, b0t = matrix(T["dense0_weight"]), T["dense0_bias"][1]
    gt, bet = T["batchnorm0_gamma"][1], T["batchnorm0_beta"][1]
    rmt, rvt = T["batchnorm0_running_mean"][1], T["batchnorm0_running_var"][1]
    W1t, b1t = matrix(T["dense1_weight"]), T["dense1_bias"][1]
    total = 0.0
    for x, y in zip(X, Y):
        hh = [sum(x[i] * W0t[i][j] for i in range(len(x))) + b0t[j] for j in range(H)]
        aa = [max(gt[j] * (hh[j] - rmt[j]) / math.sqrt(rvt[j] + 1e-5) + bet[j], 0.0) for j in range(H)]
        oo = [sum(aa[j] * W1t[j][k] for j in range(H)) + b1t[k] for k in range(O)]
        m = max(oo)
        total += m + math.log(sum(math.exp(v - m) for v in oo)) - oo[y]
    got = json.load(open(sys.argv[5]))["history"][-1]["val_loss"]
    print("inference val_loss max error %.1e" % abs(total / n - got))
