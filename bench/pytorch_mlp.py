#!/usr/bin/env python3
"""pytorch_mlp.py — the Fashion-MNIST MLP of examples/fashion_mlp.lep, trained with PyTorch (one thread unless --threads).

Same data (the Debian dataset's IDX files, pixels scaled by 1/255), same model (784-128-64-10 ReLU,
nn.Linear's default init), same optimizer (Adam 1e-3, betas 0.9/0.999, eps 1e-8), batch 64 reshuffled
every epoch (last partial batch kept), cross-entropy, evaluation on all 10,000 test images after every
epoch — the work the compiled trainer does. Prints one line per seed:
  seed S  wall_s W  train_samples_per_s R  test_accuracy A
where R counts every training sample of every epoch over the whole wall time (loading, training and
evaluation), as for the compiled trainer.
"""
import argparse
import gzip
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist/"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def run(seed, epochs):
    start = time.perf_counter()
    torch.manual_seed(seed)
    x_train = torch.from_numpy(read_idx(DATA + "train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255)
    y_train = torch.from_numpy(read_idx(DATA + "train-labels-idx1-ubyte.gz").astype(np.int64))
    x_test = torch.from_numpy(read_idx(DATA + "t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255)
    y_test = torch.from_numpy(read_idx(DATA + "t10k-labels-idx1-ubyte.gz").astype(np.int64))
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]
    accuracy = 0.0
    for _ in range(epochs):
        model.train()
        order = torch.randperm(n)
        for s in range(0, n, 64):
            idx = order[s:s + 64]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    wall = time.perf_counter() - start
    return wall, n * epochs / wall, accuracy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch.set_num_threads (set OPENBLAS_NUM_THREADS to match: OpenBLAS reads it when loaded)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for seed in args.seeds:
        wall, rate, accuracy = run(seed, args.epochs)
        print(f"seed {seed}  wall_s {wall:.2f}  train_samples_per_s {rate:.0f}  test_accuracy {100 * accuracy:.2f}")


if __name__ == "__main__":
    main()
