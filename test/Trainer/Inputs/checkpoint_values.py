"""checkpoint_values.py — reads a LEPTCKPT checkpoint's tensors for test scripts: {name: (dims, values)}."""
import math
import struct


def read(path):
    data, out = open(path, "rb").read(), {}
    pos = 12  # magic, version
    pos += 4 + struct.unpack_from("<I", data, pos)[0]  # signature
    (count,) = struct.unpack_from("<I", data, pos)
    pos += 4
    for _ in range(count):
        (length,) = struct.unpack_from("<I", data, pos)
        name = data[pos + 4:pos + 4 + length].decode()
        pos += 4 + length
        (rank,) = struct.unpack_from("<I", data, pos)
        dims = struct.unpack_from("<%dq" % rank, data, pos + 4)
        pos += 4 + 8 * rank
        size = math.prod(dims)
        out[name] = (dims, list(struct.unpack_from("<%df" % size, data, pos)))
        pos += 4 * size
    return out
