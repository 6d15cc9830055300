#!/usr/bin/env python3
"""linref.py — an f64 reference for the last trainable layer of a constructs/ test: a linear layer
logits = x·W + b (W [in, out], as dense0_weight is stored) trained from the trainer's own initial checkpoint.

Every construct upstream of that layer is parameter-free (preprocessing, stand-alone activations, pools,
flatten, reshape), so the test's data script writes the samples *as the layer must see them* (CSV: features,
then the label: a class index, or the regression target); if the compiled program dropped or misapplied a
construct, the features it trained on differ from these and the trained weights differ. With --targets T > 1
(regression with T targets per sample, T = --outputs) the last T columns are the targets.

Usage: linref.py --init INIT.ckpt --trained TRAINED.ckpt --data DATA.csv --loss cross_entropy|mse|huber|
         binary_cross_entropy --outputs K --epochs E --batch B [--optimizer sgd|adam|adamw|rmsprop] [--lr X]
         [--momentum M] [--nesterov] [--weight-decay D] [--beta1 B1] [--beta2 B2] [--eps E] [--rho R]
         [--schedule constant|step:EVERY:GAMMA|cosine:MIN_LR] [--warmup W] [--l1 L] [--l2 L] [--one-hot]
         [--valid VALID.csv] [--json RUN.json] [--weight NAME] [--bias NAME] [--tolerance ABS:REL] [--targets T]
Samples are taken in file order (the test sets shuffle: false) in batches of B, the last one averaged over its
real samples; --json compares each epoch's training loss (the sample-weighted mean over the epoch, penalty
included) and validation loss. Optimizers are torch.optim's single-tensor algorithms (reference/optimizers.h;
rmsprop's smoothing constant is `rho`). Prints one line per check and "all N checks passed"; exits 1 otherwise.
"""
import argparse
import json
import math
import struct
import sys

from ckpt import read as read_ckpt  # the LEPTCKPT reader beside this file

p = argparse.ArgumentParser()
p.add_argument("--init", required=True)
p.add_argument("--trained", required=True)
p.add_argument("--data", required=True)
p.add_argument("--valid")
p.add_argument("--json")
p.add_argument("--loss", required=True)
p.add_argument("--outputs", type=int, required=True)
p.add_argument("--one-hot", action="store_true")
p.add_argument("--epochs", type=int, required=True)
p.add_argument("--batch", type=int, required=True)
p.add_argument("--optimizer", default="sgd")
p.add_argument("--lr", type=float, default=None)
p.add_argument("--momentum", type=float, default=0.0)
p.add_argument("--nesterov", action="store_true")
p.add_argument("--weight-decay", type=float, default=None)
p.add_argument("--beta1", type=float, default=0.9)
p.add_argument("--beta2", type=float, default=0.999)
p.add_argument("--eps", type=float, default=1e-8)
p.add_argument("--rho", type=float, default=0.9)
p.add_argument("--schedule", default="constant")
p.add_argument("--warmup", type=int, default=0)
p.add_argument("--l1", type=float, default=0.0)
p.add_argument("--l2", type=float, default=0.0)
p.add_argument("--weight", default="dense0_weight")
p.add_argument("--bias", default="dense0_bias")
p.add_argument("--tolerance", default="1e-4:1e-3")
p.add_argument("--targets", type=int, default=1)
a = p.parse_args()
if a.lr is None:
    a.lr = 0.01 if a.optimizer == "sgd" else 0.001
if a.weight_decay is None:
    a.weight_decay = 0.01 if a.optimizer == "adamw" else 0.0
tol_abs, tol_rel = (float(t) for t in a.tolerance.split(":"))


def read_csv(path):
    xs, ys = [], []
    T = a.targets
    for line in open(path):
        cells = line.strip().split(",")
        xs.append([float(c) for c in cells[:-T]])
        ys.append(float(cells[-1]) if T == 1 else [float(c) for c in cells[-T:]])
    return xs, ys


init, trained = read_ckpt(a.init), read_ckpt(a.trained)
wdims, wflat = init[a.weight]
K = a.outputs
n_in = len(wflat) // K
if wdims[-1] != K:
    sys.exit(f"linref: {a.weight} has dims {wdims}, the last is not {K} outputs")
W = [wflat[i * K:(i + 1) * K] for i in range(n_in)]
b = list(init[a.bias][1]) if a.bias in init else None
X, Y = read_csv(a.data)
if len(X[0]) != n_in:
    sys.exit(f"linref: {a.data} has {len(X[0])} features, {a.weight} expects {n_in}")


def target(y):
    if a.loss in ("cross_entropy",):
        return int(y)
    if a.one_hot:
        return [1.0 if c == int(y) else 0.0 for c in range(K)]
    if isinstance(y, list):
        return y if len(y) == K else sys.exit(f"linref: {len(y)} targets per sample, {K} outputs")
    return [y] * K if K == 1 else sys.exit("linref: one regression target only (--targets)")


def loss_grad(z, y):
    """(loss, dloss/dz) of one sample."""
    if a.loss == "cross_entropy":
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        lse = m + math.log(s)
        g = [v / s for v in e]
        g[y] -= 1.0
        return lse - z[y], g
    if a.loss == "mse":
        return sum((zi - ti) ** 2 for zi, ti in zip(z, y)) / K, [2 * (zi - ti) / K for zi, ti in zip(z, y)]
    if a.loss == "huber":
        l, g = 0.0, []
        for zi, ti in zip(z, y):
            d = zi - ti
            l += 0.5 * d * d if abs(d) <= 1 else abs(d) - 0.5
            g.append(max(-1.0, min(1.0, d)) / K)
        return l / K, g
    if a.loss == "binary_cross_entropy":
        t = y[0]
        x = z[0]
        l = t * math.log1p(math.exp(-x)) + (1 - t) * math.log1p(math.exp(x))
        return l, [1 / (1 + math.exp(-x)) - t]
    sys.exit("linref: unknown loss " + a.loss)


def forward(x):
    return [sum(x[i] * W[i][k] for i in range(n_in)) + (b[k] if b is not None else 0.0) for k in range(K)]


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def learning_rate(e):
    lr = a.lr
    if a.schedule.startswith("step:"):
        _, every, gamma = a.schedule.split(":")
        lr = a.lr * float(gamma) ** (e // int(every))
    elif a.schedule.startswith("cosine:"):
        lo = float(a.schedule.split(":")[1])
        lr = lo + 0.5 * (a.lr - lo) * (1 + math.cos(math.pi * e / a.epochs))
    elif a.schedule != "constant":
        sys.exit("linref: unknown schedule " + a.schedule)
    if a.warmup > 0:
        lr *= min(1.0, (e + 1) / (a.warmup + 1))
    return f32(lr)


state = {}


def update(params, grads, key, lr, step):
    """One torch.optim step on a flat list of parameters, in place."""
    s = state.setdefault(key, {"m": [0.0] * len(params), "v": [0.0] * len(params), "buf": [0.0] * len(params)})
    for j in range(len(params)):
        g = grads[j]
        if a.optimizer == "sgd":
            g += a.weight_decay * params[j]
            if a.momentum != 0:
                s["buf"][j] = a.momentum * s["buf"][j] + g
                g = g + a.momentum * s["buf"][j] if a.nesterov else s["buf"][j]
            params[j] -= lr * g
        elif a.optimizer in ("adam", "adamw"):
            if a.optimizer == "adamw":
                params[j] *= 1 - lr * a.weight_decay
            else:
                g += a.weight_decay * params[j]
            s["m"][j] = a.beta1 * s["m"][j] + (1 - a.beta1) * g
            s["v"][j] = a.beta2 * s["v"][j] + (1 - a.beta2) * g * g
            c1, c2 = 1 - a.beta1 ** step, 1 - a.beta2 ** step
            params[j] -= (lr / c1) * s["m"][j] / (math.sqrt(s["v"][j]) / math.sqrt(c2) + a.eps)
        elif a.optimizer == "rmsprop":
            g += a.weight_decay * params[j]
            s["v"][j] = a.rho * s["v"][j] + (1 - a.rho) * g * g
            avg = math.sqrt(s["v"][j]) + a.eps
            if a.momentum > 0:
                s["buf"][j] = a.momentum * s["buf"][j] + g / avg
                params[j] -= lr * s["buf"][j]
            else:
                params[j] -= lr * g / avg
        else:
            sys.exit("linref: unknown optimizer " + a.optimizer)


checks = failures = 0


def compare(name, got, want):
    global checks, failures
    worst = max(abs(g - w) - (tol_abs + tol_rel * abs(w)) for g, w in zip(got, want))
    delta = max(abs(g - w) for g, w in zip(got, want))
    ok = len(got) == len(want) and worst <= 0
    checks += 1
    failures += not ok
    print(f"{name} max|delta| {delta:.3g} {'ok' if ok else 'FAIL'}")


run = json.load(open(a.json))["history"] if a.json else None
if run is not None and len(run) != a.epochs:
    sys.exit(f"linref: {a.json} has {len(run)} epochs, want {a.epochs}")
step = 0
for e in range(a.epochs):
    lr = learning_rate(e)
    total = 0.0
    for start in range(0, len(X), a.batch):
        xb, yb = X[start:start + a.batch], Y[start:start + a.batch]
        n = len(xb)
        step += 1
        gW = [[0.0] * K for _ in range(n_in)]
        gb = [0.0] * K
        loss = 0.0
        for x, y in zip(xb, yb):
            l, g = loss_grad(forward(x), target(y))
            loss += l / n
            for k in range(K):
                gb[k] += g[k] / n
                for i in range(n_in):
                    gW[i][k] += x[i] * g[k] / n
        flatW = [w for row in W for w in row]
        loss += a.l1 * sum(abs(w) for w in flatW) + a.l2 * sum(w * w for w in flatW)
        total += loss * n
        flatG = [gW[i][k] + a.l1 * ((w > 0) - (w < 0)) + 2 * a.l2 * w
                 for i in range(n_in) for k, w in zip(range(K), W[i])]
        update(flatW, flatG, "w", lr, step)
        W = [flatW[i * K:(i + 1) * K] for i in range(n_in)]
        if b is not None:
            update(b, gb, "b", lr, step)
    print(f"epoch {e + 1} learning rate {lr:.9g}")
    if run is not None:
        compare(f"epoch {e + 1} loss", [run[e]["loss"]], [total / len(X)])
        if a.valid:
            VX, VY = read_csv(a.valid)
            vloss = sum(loss_grad(forward(x), target(y))[0] for x, y in zip(VX, VY)) / len(VX)
            compare(f"epoch {e + 1} val_loss", [run[e]["val_loss"]], [vloss])
compare(a.weight, trained[a.weight][1], [w for row in W for w in row])
if b is not None:
    compare(a.bias, trained[a.bias][1], b)
if failures:
    print(f"{failures} of {checks} checks FAILED")
    sys.exit(1)
print(f"all {checks} checks passed")
