#!/usr/bin/env python3
"""check_init.py — checks a checkpoint's initial values against the documented initializers.

Usage: check_init.py FILE NAME:KIND[:FAN_IN:FAN_OUT] ...
KIND: default (uniform ±1/√fan_in, nn.Linear), he (±√(6/fan_in)), glorot (±√(6/(fan_in + fan_out))) or zero.
A uniform tensor must stay within its bound and reach past 80% of it (so a wrong bound shows) with both signs.
Prints one line per tensor, "... ok" or "... FAIL"; exits 1 on any failure.
"""
import math
import struct
import sys

data = open(sys.argv[1], "rb").read()
pos = 12
(n,) = struct.unpack_from("<I", data, pos)
pos += 4 + n
(count,) = struct.unpack_from("<I", data, pos)
pos += 4
tensors = {}
for _ in range(count):
    (n,) = struct.unpack_from("<I", data, pos)
    name = data[pos + 4:pos + 4 + n].decode()
    pos += 4 + n
    (rank,) = struct.unpack_from("<I", data, pos)
    dims = struct.unpack_from("<%dq" % rank, data, pos + 4)
    pos += 4 + 8 * rank
    elements = math.prod(dims)
    tensors[name] = struct.unpack_from("<%df" % elements, data, pos)
    pos += 4 * elements

failed = False
for spec in sys.argv[2:]:
    name, kind, *fans = spec.split(":")
    values = tensors[name]
    if kind == "zero":
        ok = all(v == 0.0 for v in values)
        print(f"{name} zero {'ok' if ok else 'FAIL'}")
    else:
        fan_in, fan_out = int(fans[0]), int(fans[1])
        bound = {"default": 1 / math.sqrt(fan_in), "he": math.sqrt(6 / fan_in),
                 "glorot": math.sqrt(6 / (fan_in + fan_out))}[kind]
        largest = max(abs(v) for v in values)
        ok = largest <= bound * (1 + 1e-6) and largest > 0.8 * bound and min(values) < 0 < max(values)
        print(f"{name} {kind} bound {bound:.6g} largest {largest:.6g} {'ok' if ok else 'FAIL'}")
    failed |= not ok
sys.exit(1 if failed else 0)
