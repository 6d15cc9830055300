#!/usr/bin/env python3
"""idx.py — writes small IDX (MNIST-format) and CSV files for the trainer tests.

  idx.py images OUT --count N --shape D1 D2.. [--type u8|f32] [--value V] [--sample I=V] [--magic HEX] [--gzip]
      N samples of the given shape; pixel values follow a fixed pattern, or all equal V (--value); --sample sets
      every pixel of sample I to V (e.g. one huge f32 sample).
      --magic replaces the 4-byte magic number (e.g. 0x00000000 for a wrong one).
  idx.py labels OUT --count N --classes C [--set I=V ...] [--gzip]
      N labels i % C, with label I replaced by V (--set, to put one outside the classes).
  idx.py subset SRC OUT --count N [--center-crop S] [--f32] [--gzip]
      The first N samples of the IDX file SRC (gzip or raw), e.g. the real Fashion-MNIST test images; with
      --center-crop, each image's S x S window at offset floor((H - S) / 2), floor((W - S) / 2); with --f32,
      written as f32 values (type 0x0D: the same numbers, which a loader keeps as floats, not bytes).
  idx.py csv SRC OUT --count N
      The first N samples of the IDX file SRC as CSV: a header p0,p1,.. then one row of pixels per sample.
Several commands may be given in one call, separated by "+" (one Python start-up for many files).
All output is deterministic (gzip with mtime 0), so tests can compare files byte for byte.
"""
import argparse
import gzip
import struct
import sys

TYPES = {"u8": (0x08, "B"), "f32": (0x0D, "f")}


def write(path, data, compress):
    if compress:
        data = gzip.compress(data, mtime=0)
    with open(path, "wb") as f:
        f.write(data)


def read_idx(path, count):
    """(dims, bytes of the first `count` samples) of a u8 IDX file, gzip or raw; reads no further."""
    with open(path, "rb") as f:
        compressed = f.read(2) == b"\x1f\x8b"
    with (gzip.open if compressed else open)(path, "rb") as f:
        magic = f.read(4)
        if magic[:3] != b"\0\0\x08":
            sys.exit(f"idx.py: {path}: not a u8 IDX file")
        dims = list(struct.unpack(">%dI" % magic[3], f.read(4 * magic[3])))
        size = 1
        for d in dims[1:]:
            size *= d
        dims[0] = min(count, dims[0])
        return dims, size, f.read(dims[0] * size)


def main(argv):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    images = sub.add_parser("images")
    images.add_argument("out")
    images.add_argument("--count", type=int, required=True)
    images.add_argument("--shape", type=int, nargs="+", required=True)
    images.add_argument("--type", choices=TYPES, default="u8")
    images.add_argument("--value", type=float)
    images.add_argument("--sample", action="append", default=[])
    images.add_argument("--magic")
    images.add_argument("--gzip", action="store_true")
    labels = sub.add_parser("labels")
    labels.add_argument("out")
    labels.add_argument("--count", type=int, required=True)
    labels.add_argument("--classes", type=int, required=True)
    labels.add_argument("--set", action="append", default=[])
    labels.add_argument("--gzip", action="store_true")
    subset = sub.add_parser("subset")
    subset.add_argument("src")
    subset.add_argument("out")
    subset.add_argument("--count", type=int, required=True)
    subset.add_argument("--center-crop", type=int)
    subset.add_argument("--f32", action="store_true")
    subset.add_argument("--gzip", action="store_true")
    csv = sub.add_parser("csv")
    csv.add_argument("src")
    csv.add_argument("out")
    csv.add_argument("--count", type=int, required=True)
    args = parser.parse_args(argv)

    if args.what == "images":
        code, fmt = TYPES[args.type]
        size = 1
        for d in args.shape:
            size *= d
        n = args.count * size
        values = [args.value] * n if args.value is not None else [(i * 37) % 256 for i in range(n)]
        for item in args.sample:
            index, value = item.split("=")
            values[int(index) * size:(int(index) + 1) * size] = [float(value)] * size
        if args.type == "u8":
            values = [int(v) for v in values]
        header = struct.pack(">BBBB", 0, 0, code, 1 + len(args.shape))
        if args.magic:
            header = int(args.magic, 16).to_bytes(4, "big")
        header += struct.pack(">%dI" % (1 + len(args.shape)), args.count, *args.shape)
        write(args.out, header + struct.pack(">%d%s" % (n, fmt), *values), args.gzip)
    elif args.what == "labels":
        values = [i % args.classes for i in range(args.count)]
        for item in args.set:
            index, value = item.split("=")
            values[int(index)] = int(value)
        header = struct.pack(">BBBBI", 0, 0, 0x08, 1, args.count)
        write(args.out, header + bytes(values), args.gzip)
    elif args.what == "subset":
        dims, size, body = read_idx(args.src, args.count)
        if args.center_crop:
            (h, w), s = dims[1:3], args.center_crop
            top, left = (h - s) // 2, (w - s) // 2
            body = b"".join(body[i * size + (top + r) * w + left:][:s] for i in range(dims[0]) for r in range(s))
            dims = [dims[0], s, s]
        kind = 0x0D if args.f32 else 0x08
        if args.f32:
            body = struct.pack(">%df" % len(body), *body)
        header = struct.pack(">BBBB", 0, 0, kind, len(dims)) + struct.pack(">%dI" % len(dims), *dims)
        write(args.out, header + body, args.gzip)
    else:
        dims, size, body = read_idx(args.src, args.count)
        with open(args.out, "w") as f:
            f.write(",".join("p%d" % i for i in range(size)) + "\n")
            for s in range(dims[0]):
                f.write(",".join(str(b) for b in body[s * size:(s + 1) * size]) + "\n")

if __name__ == "__main__":
    command = []
    for arg in sys.argv[1:] + ["+"]:
        if arg == "+":
            main(command)
            command = []
        else:
            command.append(arg)
