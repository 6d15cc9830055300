#!/usr/bin/env python3
"""pytorch_inference.py — batch-1 and batch-256 inference latency of the example models in PyTorch, 1 thread.

The models of examples/fashion_mlp.lep and examples/fashion_cnn.lep (bench/pytorch_mlp.py, pytorch_cnn.py), in
eval mode under torch.inference_mode(), on the same inputs as bench/inference_latency.c. Prints per model and batch:
  model M  batch B  us_per_call U  us_per_sample S   (median of 7 timed runs of ~0.2 s each)
"""
import statistics
import time

import torch
from torch import nn


def models():
    mlp = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    cnn = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10))
    return {"mlp": (mlp, (784,)), "cnn": (cnn, (1, 28, 28))}


def time_batch(model, shape, n):
    x = (torch.arange(n * torch.Size(shape).numel(), dtype=torch.float32) % 255 / 255).reshape(n, *shape)
    with torch.inference_mode():
        calls = 1
        while True:
            start = time.perf_counter()
            for _ in range(calls):
                model(x)
            if time.perf_counter() - start > 0.2:
                break
            calls *= 2
        runs = []
        for _ in range(7):
            start = time.perf_counter()
            for _ in range(calls):
                model(x)
            runs.append((time.perf_counter() - start) / calls)
    return statistics.median(runs)


def main():
    torch.set_num_threads(1)
    torch.manual_seed(1)
    for name, (model, shape) in models().items():
        model.eval()
        for n in (1, 256):
            t = time_batch(model, shape, n)
            print(f"model {name}  batch {n}  us_per_call {t * 1e6:.2f}  us_per_sample {t * 1e6 / n:.3f}")


if __name__ == "__main__":
    main()
