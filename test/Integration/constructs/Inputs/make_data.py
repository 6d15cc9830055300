#!/usr/bin/env python3
"""make_data.py WHAT — writes, in the current folder, the data of one constructs/ test and the samples as the
first trainable layer must see them (exp_*.csv: features, then the label), for linref.py. Deterministic.

  sources     idx (gzip images, raw labels), CSV (label first, with and without a header; regression with 1 and
              with 3 targets), npy (classes, 1 and 3 targets) files, bin.csv (2 classes), valid.csv (15 other samples), and onehot.npy for split(): sample i is the unit vector e_i
  layers      first.csv (as sources) and its features through relu/sigmoid/tanh/leaky_relu(0.2)/softmax;
              img.npy (60 images [4, 4, 1]) and their max/avg pools; ones.npy (400 samples of 8 ones, class 0)
  augment     400 images with one pixel 1, the rest 0 (class 0): dot12.npy [1, 2, 1] (pixel (0, 0)), dot21.npy
              [2, 1, 1], dot22.npy [2, 2, 1], centre.npy [3, 3, 1] (the centre), corner.npy [3, 3, 1] (pixel (0, 0)); blank.npy: 1 image [100, 100, 1] of 0
  preprocess  raw.csv (60 rows, shape [3, 2], 3 classes, features of different offsets and scales),
              missing.csv (every 5th row's f1 empty) and exp_<step>.csv for each preprocess step
"""
import math
import random
import struct
import sys


def write_csv(path, rows, header=None):
    with open(path, "w") as f:
        if header:
            f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(c) for c in r) + "\n")


def fmt(v):
    return "%.9g" % v


def write_exp(path, xs, ys):
    with open(path, "w") as f:
        for x, y in zip(xs, ys):
            f.write(",".join(fmt(v) for v in x) + "," + fmt(y) + "\n")


def write_exps(path, xs, ts):
    """As write_exp with several targets per sample (each t a list), after the features."""
    with open(path, "w") as f:
        for x, t in zip(xs, ts):
            f.write(",".join(fmt(v) for v in x + t) + "\n")


def write_npy(path, shape, values, descr):
    fmtc = {"<f4": "f", "<f8": "d", "<i8": "q", "<i4": "i", "|u1": "B"}[descr]
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else ""))
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%d%s" % (len(values), fmtc), *values))


def write_idx(path, dims, values, u8=True):
    with open(path, "wb") as f:
        f.write(struct.pack(">BBBB", 0, 0, 0x08 if u8 else 0x0D, len(dims)))
        f.write(struct.pack(">%dI" % len(dims), *dims))
        f.write(struct.pack(">%d%s" % (len(values), "B" if u8 else "f"), *values))


def stats(xs):
    cols = list(zip(*xs))
    means = [sum(c) / len(c) for c in cols]
    stds = [math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) for c, m in zip(cols, means)]
    return means, stds, [min(c) for c in cols], [max(c) for c in cols]


def preprocess():
    rng = random.Random(11)
    offsets = [3, -1, 0, 10, 0.5, -4]
    scales = [1, 0.2, 2, 5, 0.1, 1]
    xs = [[round(offsets[j] + scales[j] * rng.uniform(-1, 1), 4) for j in range(6)] for _ in range(60)]
    ys = [i % 3 for i in range(60)]
    write_csv("raw.csv", [x + [y] for x, y in zip(xs, ys)], ["f%d" % j for j in range(6)] + ["label"])
    exp = lambda name, f: write_exp("exp_%s.csv" % name, [f(x) for x in xs], ys)
    exp("identity", lambda x: x)
    exp("scale", lambda x: [0.5 * v for v in x])
    exp("normalize", lambda x: [(v - 1) / 2 for v in x])
    exp("normalize_channels", lambda x: [(v - [1, -1][j % 2]) / [2, 0.5][j % 2] for j, v in enumerate(x)])
    mean, std, lo, hi = stats(xs)
    exp("standardize", lambda x: [(v - m) / s for v, m, s in zip(x, mean, std)])
    exp("min_max", lambda x: [(v - l) / (h - l) for v, l, h in zip(x, lo, hi)])
    exp("clip", lambda x: [min(max(v, -0.5), 0.5) for v in x])
    # Missing cells: f1 of every 5th row.
    rows = [[("" if i % 5 == 0 and j == 1 else v) for j, v in enumerate(x)] + [y] for i, (x, y) in enumerate(zip(xs, ys))]
    write_csv("missing.csv", rows, ["f%d" % j for j in range(6)] + ["label"])
    present = [x[1] for i, x in enumerate(xs) if i % 5 != 0]
    f1_mean = sum(present) / len(present)
    for name, fill in (("fill_mean", f1_mean), ("fill_zero", 0.0), ("fill_number", 2.5)):
        write_exp("exp_%s.csv" % name, [[fill if i % 5 == 0 and j == 1 else v for j, v in enumerate(x)]
                                        for i, x in enumerate(xs)], ys)
    write_exp("exp_drop.csv", [x for i, x in enumerate(xs) if i % 5 != 0], [y for i, y in enumerate(ys) if i % 5 != 0])


def sources():
    rng = random.Random(5)
    import gzip
    n = 45
    pixels = [rng.randrange(256) for _ in range(n * 16)]
    labels = [rng.randrange(3) for _ in range(n)]
    with open("images.idx.gz", "wb") as f:
        data = struct.pack(">BBBB", 0, 0, 8, 3) + struct.pack(">3I", n, 4, 4) + bytes(pixels)
        f.write(gzip.compress(data, mtime=0))
    write_idx("labels.idx", [n], labels)
    xs = [[v / 255 for v in pixels[i * 16:(i + 1) * 16]] for i in range(n)]
    write_exp("exp_idx.csv", xs, labels)
    write_exp("exp_idx30.csv", xs[:30], labels[:30])
    # CSV: the label in column 0 (not the default last column), 5 features.
    feats = [[round(rng.uniform(-2, 2), 4) for _ in range(5)] for _ in range(n)]
    write_csv("first.csv", [[y] + x for x, y in zip(feats, labels)], ["label"] + ["x%d" % j for j in range(5)])
    write_csv("noheader.csv", [[y] + x for x, y in zip(feats, labels)])
    write_exp("exp_csv.csv", feats, labels)
    targets = [round(x[0] - 2 * x[1] + 0.5, 4) for x in feats]
    write_csv("reg.csv", [x + [t] for x, t in zip(feats, targets)], ["x%d" % j for j in range(5)] + ["y"])
    write_exp("exp_reg.csv", feats, targets)
    # Two classes (x0 + x1 > 0) for binary_cross_entropy; 15 other samples to validate on.
    write_csv("bin.csv", [x + [int(x[0] + x[1] > 0)] for x in feats], ["x%d" % j for j in range(5)] + ["label"])
    write_exp("exp_bin.csv", feats, [int(x[0] + x[1] > 0) for x in feats])
    vfeats = [[round(rng.uniform(-2, 2), 4) for _ in range(5)] for _ in range(15)]
    vlabels = [rng.randrange(3) for _ in range(15)]
    write_csv("valid.csv", [[y] + x for x, y in zip(vfeats, vlabels)], ["label"] + ["x%d" % j for j in range(5)])
    write_exp("exp_valid.csv", vfeats, vlabels)
    # NPY: samples (n, 2, 3) f4, labels i8; regression targets f8.
    cube = [[round(rng.gauss(0, 1), 4) for _ in range(6)] for _ in range(n)]
    write_npy("x.npy", (n, 2, 3), [v for x in cube for v in x], "<f4")
    write_npy("y.npy", (n,), labels, "<i8")
    write_npy("t.npy", (n,), targets, "<f8")
    write_exp("exp_npy.csv", [[struct.unpack("<f", struct.pack("<f", v))[0] for v in x] for x in cube], labels)
    write_exp("exp_npyreg.csv", [[struct.unpack("<f", struct.pack("<f", v))[0] for v in x] for x in cube], targets)
    # Three targets per sample, each another linear function of the features (a reader that took target 0 three
    # times, or one target column, trains other weights): in the middle of reg3.csv (x0, x1, t0, t1, t2, x2..x4),
    # last in reg3last.csv, (n, 3) f4 in t3.npy. exp_*3.csv: features, then the three targets.
    t3 = [[t, round(3 * x[2] - x[3], 4), round(0.5 * x[4] - x[0] - 1, 4)] for x, t in zip(feats, targets)]
    write_csv("reg3.csv", [x[:2] + t + x[2:] for x, t in zip(feats, t3)],
              ["x0", "x1", "t0", "t1", "t2", "x2", "x3", "x4"])
    write_csv("reg3last.csv", [x + t for x, t in zip(feats, t3)], ["x%d" % j for j in range(5)] + ["t0", "t1", "t2"])
    write_exps("exp_reg3.csv", feats, t3)
    c3 = [[round(-t[0] + t[1], 4), round(2 * t[2], 4), t[0]] for t in t3]
    write_npy("t3.npy", (n, 3), [v for t in c3 for v in t], "<f4")
    write_exps("exp_npyreg3.csv", [[struct.unpack("<f", struct.pack("<f", v))[0] for v in x] for x in cube],
               [[struct.unpack("<f", struct.pack("<f", v))[0] for v in t] for t in c3])
    # split(): 40 samples, sample i = e_i, so a zero-initialised dense layer's weight row i moves iff sample i
    # is in the part it trained on.
    write_npy("onehot.npy", (40, 40), [1.0 if j == i else 0.0 for i in range(40) for j in range(40)], "<f4")
    write_npy("onehot_labels.npy", (40,), [i % 2 for i in range(40)], "<i8")


def layers():
    sources()
    xs, ys = read_exp("exp_csv.csv")
    write_exp("exp_relu.csv", [[max(v, 0) for v in x] for x in xs], ys)
    write_exp("exp_leaky.csv", [[v if v > 0 else 0.2 * v for v in x] for x in xs], ys)
    write_exp("exp_sigmoid.csv", [[1 / (1 + math.exp(-v)) for v in x] for x in xs], ys)
    write_exp("exp_tanh.csv", [[math.tanh(v) for v in x] for x in xs], ys)
    write_exp("exp_softmax.csv", [[math.exp(v) / sum(math.exp(u) for u in x) for v in x] for x in xs], ys)
    rng = random.Random(9)
    n = 60
    imgs = [[[round(rng.gauss(0, 1), 3) for _ in range(4)] for _ in range(4)] for _ in range(n)]
    labels = [rng.randrange(3) for _ in range(n)]
    write_npy("img.npy", (n, 4, 4, 1), [f32(v) for im in imgs for row in im for v in row], "<f4")
    write_npy("img_labels.npy", (n,), labels, "<i8")
    imgs = [[[f32(v) for v in row] for row in im] for im in imgs]
    write_exp("exp_img.csv", [[v for row in im for v in row] for im in imgs], labels)

    def pool(im, k, stride, how):
        out = []
        for r in range(0, 4 - k + 1, stride):
            for c in range(0, 4 - k + 1, stride):
                window = [im[r + i][c + j] for i in range(k) for j in range(k)]
                out.append(max(window) if how == "max" else sum(window) / len(window))
        return out
    for name, k, stride, how in (("max2", 2, 2, "max"), ("max3s1", 3, 1, "max"), ("avg2", 2, 2, "avg"),
                                 ("avg2s1", 2, 1, "avg")):
        write_exp("exp_%s.csv" % name, [pool(im, k, stride, how) for im in imgs], labels)
    write_npy("ones.npy", (400, 8), [1.0] * 3200, "<f4")
    write_npy("zeros_labels.npy", (400,), [0] * 400, "<i8")


def augment():
    for name, (h, w), pos in (("dot12", (1, 2), (0, 0)), ("dot21", (2, 1), (0, 0)), ("dot22", (2, 2), (0, 0)),
                              ("centre", (3, 3), (1, 1)), ("corner", (3, 3), (0, 0))):
        image = [1.0 if (r, c) == pos else 0.0 for r in range(h) for c in range(w)]
        write_npy(name + ".npy", (400, h, w, 1), image * 400, "<f4")
    write_npy("class0.npy", (400,), [0] * 400, "<i8")
    write_npy("blank.npy", (1, 100, 100, 1), [0.0] * 10000, "<f4")
    write_npy("blank_label.npy", (1,), [0], "<i8")


def read_exp(path):
    xs, ys = [], []
    for line in open(path):
        cells = [float(c) for c in line.split(",")]
        xs.append(cells[:-1])
        ys.append(int(cells[-1]))
    return xs, ys


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


{"preprocess": preprocess, "sources": sources, "layers": layers, "augment": augment}[sys.argv[1]]()
