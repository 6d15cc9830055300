#!/usr/bin/env python3
"""greedy_from_checkpoint.py — the greedy action of every state of a tabular agent's checkpoint, read by the letter
of docs/abi.md (version 1: the signature, then tensor q_table [states, actions] of f32), as one line:
"rc 0 greedy A0 A1 …" (the first of tied maxima, as the compiled policy picks).

Usage: greedy_from_checkpoint.py FILE
"""
import struct
import sys

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"LEPTCKPT" and struct.unpack_from("<I", data, 8)[0] == 1
pos = 12
(n,) = struct.unpack_from("<I", data, pos)
pos += 4 + n  # the signature
(count,) = struct.unpack_from("<I", data, pos)
pos += 4
for _ in range(count):
    (n,) = struct.unpack_from("<I", data, pos)
    name = data[pos + 4:pos + 4 + n].decode()
    pos += 4 + n
    (rank,) = struct.unpack_from("<I", data, pos)
    dims = struct.unpack_from("<%dq" % rank, data, pos + 4)
    pos += 4 + 8 * rank
    values = struct.unpack_from("<%df" % (dims[0] * dims[1]), data, pos)
    pos += 4 * dims[0] * dims[1]
    if name == "q_table":
        rows = [values[s * dims[1]:(s + 1) * dims[1]] for s in range(dims[0])]
        print("rc 0 greedy " + " ".join(str(row.index(max(row))) for row in rows))
