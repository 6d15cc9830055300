#!/usr/bin/env python3
"""make_seeds.py — writes the seed inputs of each reader's fuzz target into test/Fuzz/TARGET/seed-*: valid files of
every format variant the readers accept (a fuzzer mutates from there), in the input layout of fuzz/FuzzInput.h
(a settings byte, then file parts separated by b"\\n--\\n"). fuzz-frontend's seeds are the repository's .lep
files, which scripts/fuzz.sh copies at run time (test/Fuzz/frontend keeps one small program and what the fuzzer
finds). Deterministic; run from anywhere:
  fuzz/make_seeds.py [out-dir]   (default: test/Fuzz of this repository)
"""
import gzip
import os
import struct
import sys
import zlib

SEP = b"\n--\n"
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "Fuzz")


def write(target, name, settings, *parts):
    # The checkpoint_view target (the embedded reader) reads the checkpoint target's inputs.
    for each in [target] + (["checkpoint_view"] if target == "checkpoint" else []):
        os.makedirs(os.path.join(out, each), exist_ok=True)
        with open(os.path.join(out, each, "seed-" + name), "wb") as f:
            f.write(bytes([settings]) + SEP.join(parts))


def idx(code, dims, values):
    fmt = {0x08: "B", 0x09: "b", 0x0B: ">h", 0x0C: ">i", 0x0D: ">f", 0x0E: ">d"}[code]
    data = b"".join(struct.pack(fmt, v) for v in values)
    return bytes([0, 0, code, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + data


def npy(descr, shape, values):
    fmt = {"<f4": "<f", "<f8": "<d", "|u1": "B", "<i4": "<i", "<i8": "<q"}[descr]
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, "".join("%d, " % d for d in shape) if len(shape) == 1 else ", ".join(str(d) for d in shape))
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + b"".join(
        struct.pack(fmt, v) for v in values)


# IDX: settings bits 0-1 shape ({4}, {2,3}, {2,2,1}, {1}), bit 2 classes, bit 3 no labels, bit 4 limit 2.
write("idx_reader", "u8-flat-classes", 0b00100, idx(0x08, [3, 4], range(12)), idx(0x08, [3], [1, 9, 0]))
write("idx_reader", "f32-image-targets", 0b00001, idx(0x0D, [2, 2, 3], [0.5] * 12), idx(0x0D, [2], [1.5, -2.0]))
write("idx_reader", "gzip-limit", 0b10100, gzip.compress(idx(0x08, [3, 4], range(12)), mtime=0),
      gzip.compress(idx(0x08, [3], [2, 2, 2]), mtime=0))
write("idx_reader", "i16-no-labels", 0b01011, idx(0x0B, [2, 2, 2, 1], [-3, 4, 5, 6, 7, 8, 9, 10]))
write("idx_reader", "f64-i32-labels", 0b00111, idx(0x0E, [1, 1], [3.25]), idx(0x0C, [1], [4]))

# CSV: bits 0-1 shape, 2-3 header auto/yes/no, bit 4 classes (3), bit 5 two targets, bit 6 label "y", 7 missing.
write("csv_reader", "named-label-classes", 0b01010100, b"a,b,c,d,y\n1,2,3,4,1\n0.5,-1,2e3,4,2\n")
write("csv_reader", "index-label-targets", 0b00001000, b"1.5,1,2,3,4\n-2,5,6,7,8\n")
write("csv_reader", "two-targets-header", 0b01100101, b"a,y,y2,b\n1,2,3,4\r\n5,6,7,8\r\n")
write("csv_reader", "quoted-missing", 0b11010100, b'"a","b","c","d","y"\n1,,3,NA,0\n\n2,?,N/A,4,1\n')
write("csv_reader", "gzip", 0b00011000, gzip.compress(b"0,1\n1,2\n", mtime=0))

# NPY: bits 0-1 shape, bit 2 classes (10), bit 3 no labels, bit 4 limit 2, bit 5 three targets.
write("npy_reader", "f4-classes", 0b00100, npy("<f4", [2, 4], [0.25] * 8), npy("<i4", [2], [3, 9]))
write("npy_reader", "u1-image-i8", 0b00101, npy("|u1", [2, 2, 3], range(12)), npy("<i8", [2], [0, 1]))
write("npy_reader", "f8-three-targets", 0b100000, npy("<f8", [2, 4], [1.0] * 8), npy("<f4", [2, 3], [0.5] * 6))
write("npy_reader", "no-labels-limit", 0b11011, npy("<f4", [3, 1], [1.0, 2.0, 3.0]))
write("npy_reader", "gzip", 0b00100, gzip.compress(npy("<f4", [1, 4], [1, 2, 3, 4]), mtime=0),
      gzip.compress(npy("<i4", [1], [5]), mtime=0))


# Checkpoint: bit 0 another signature, bit 1 a third tensor, bit 2 checksum recomputed by the target, bit 3 the
# int8 state registered (derived s8 weight, f32 scales, s32 sums: version 2's typed tensors).
def checkpoint(signature, tensors, version=1):
    """tensors: (name, dims, values) f32 ones, or (name, dims, values, kind) in version 2 (kind: docs/abi.md)."""
    body = b"LEPTCKPT" + struct.pack("<I", version) + struct.pack("<I", len(signature)) + signature
    body += struct.pack("<I", len(tensors))
    for name, dims, values, *rest in tensors:
        kind = rest[0] if rest else 0
        body += struct.pack("<I", len(name)) + name + struct.pack("<I", len(dims))
        body += b"".join(struct.pack("<q", d) for d in dims)
        if version == 2:
            body += struct.pack("<I", kind)
        element = {0: "<f", 1: "<b", 2: "<i"}[kind & 0xff]
        body += b"".join(struct.pack(element, v) for v in values)
    return body + struct.pack("<I", zlib.crc32(body))


dense = [(b"dense0_weight", [4, 3], [0.1 * i for i in range(12)]), (b"dense0_bias", [3], [1.0, 2.0, 3.0])]
write("checkpoint", "valid", 0b000, checkpoint(b"m(x: f32[4]) -> f32[3]", dense))
write("checkpoint", "valid-recomputed", 0b100, checkpoint(b"m(x: f32[4]) -> f32[3]", dense))
write("checkpoint", "other-signature", 0b101, checkpoint(b"other", dense))
write("checkpoint", "signature-mismatch", 0b000, checkpoint(b"other", dense))
write("checkpoint", "shape-mismatch", 0b000,
      checkpoint(b"m(x: f32[4]) -> f32[3]", [(b"dense0_weight", [3, 4], [0.0] * 12), dense[1]]))
write("checkpoint", "three-tensors", 0b110, checkpoint(b"m(x: f32[4]) -> f32[3]", dense + [(b"extra", [2], [5, 6])]))
int8 = [(b"dense0_weight_int8", [1, 64], [(i * 37) % 255 - 127 for i in range(64)], 0x101),
        (b"dense0_weight_int8_scale", [3], [0.5, 0.25, 2.0], 0x100),
        (b"dense0_weight_int8_sums", [3], [-2, 95, 7], 0x102)]
write("checkpoint", "int8", 0b1000, checkpoint(b"m(x: f32[4]) -> f32[3]", dense + int8, version=2))
write("checkpoint", "int8-recomputed", 0b1100, checkpoint(b"m(x: f32[4]) -> f32[3]", dense + int8, version=2))
write("checkpoint", "int8-into-f32", 0b0100, checkpoint(b"m(x: f32[4]) -> f32[3]", dense + int8, version=2))
write("checkpoint", "f32-into-int8", 0b1100, checkpoint(b"m(x: f32[4]) -> f32[3]", dense))

# Predict input: bits 0-1 shape, bits 2-3 name (.csv, .npy, .idx, .csv.gz), bit 4 missing allowed.
write("predict_input", "csv", 0b00000, b"a,b,c,d\n1,2,3,4\n5,6,7,8\n")
write("predict_input", "npy", 0b00101, npy("<f4", [2, 2, 3], [0.5] * 12))
write("predict_input", "idx", 0b01000, idx(0x08, [2, 4], range(8)))
write("predict_input", "csv-gz-missing", 0b11100, gzip.compress(b"1,,3,4\n", mtime=0))
