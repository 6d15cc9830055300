#!/usr/bin/env python3
"""pytorch_gemm.py — which BLAS PyTorch calls, and torch.mm's fp32 GFLOP/s on bench/gemm_peers.cpp's shapes.

Prints the BLAS libraries mapped into this process (/proc/self/maps, after a first torch.mm), OpenBLAS's kernel
choice when it is one of them, then one line per shape in gemm_peers' format:
  gemm 784x128x64:At pytorch 97.3 GFLOP/s
(best of --reps samples of at least 50 ms, like gemm_peers), so that speed.sh can check PyTorch's figure against
the BLAS's own before dividing by PyTorch's training throughput. OPENBLAS_NUM_THREADS must be set by the caller
(OpenBLAS reads it when loaded); --threads sets torch.set_num_threads.
"""
import argparse
import ctypes
import os
import time

import torch

SHAPES = [(1024, 1024, 1024, False, False), (2048, 2048, 2048, False, False), (64, 128, 784, False, False),
          (784, 128, 64, True, False), (64, 784, 128, False, True),
          # The CNN's second convolution as im2col (batch 64) and its weight and column gradients.
          (7744, 64, 288, False, False), (288, 64, 7744, True, False), (7744, 288, 64, False, True)]


def mapped_blas():
    """Real paths of the mapped shared objects whose file name mentions blas."""
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
    return sorted({os.path.realpath(n) for n in names})


def openblas_core(paths):
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return None


def gflops(m, n, k, trans_a, trans_b, reps):
    a = torch.rand(k, m).t() if trans_a else torch.rand(m, k)   # a transposed view: BLAS gets 'T', no copy
    b = torch.rand(n, k).t() if trans_b else torch.rand(k, n)
    torch.mm(a, b)
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            torch.mm(a, b)
        if time.perf_counter() - start >= 0.05:
            break
        calls *= 2
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(calls):
            torch.mm(a, b)
        best = min(best, (time.perf_counter() - start) / calls)
    return 2 * m * n * k / best / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--reps", type=int, default=int(os.environ.get("GEMM_REPS", "5")))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.mm(torch.rand(8, 8), torch.rand(8, 8))   # loads the BLAS
    blas = mapped_blas()
    core = openblas_core(blas)
    print(f"# PyTorch {torch.__version__}, {args.threads} thread(s), BLAS mapped: {', '.join(blas) or 'none'}"
          + (f" (OpenBLAS kernels for {core})" if core else ""), flush=True)
    for m, n, k, trans_a, trans_b in SHAPES:
        key = f"{m}x{n}x{k}" + (":At" if trans_a else "") + (":Bt" if trans_b else "")
        print(f"gemm {key} pytorch {gflops(m, n, k, trans_a, trans_b, args.reps):.1f} GFLOP/s", flush=True)


if __name__ == "__main__":
    main()
