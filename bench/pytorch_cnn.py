#!/usr/bin/env python3
"""pytorch_cnn.py — the Fashion-MNIST CNN of examples/fashion_cnn.lep, trained with PyTorch (one thread unless --threads).

Same data (the Debian dataset's IDX files, pixels scaled by 1/255, one channel), same model (conv 32 3x3
ReLU, maxpool 2, conv 64 3x3 ReLU, maxpool 2, dense 64 ReLU, dense 10; PyTorch's default init), same
optimizer (Adam 1e-3), batch 64 reshuffled every epoch (last partial batch kept), cross-entropy, evaluation
on all 10,000 test images after every epoch. PyTorch keeps images channel-first (NCHW); the compiled
trainer keeps them height-width-channel, so the flatten before the dense layer orders features
differently — the same function class, a different parameter layout. Prints one line per seed:
  seed S  wall_s W  train_samples_per_s R  test_accuracy A
where R counts every training sample of every epoch over the whole wall time (loading, training, evaluation).
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


def images(name):
    return torch.from_numpy(read_idx(DATA + name).reshape(-1, 1, 28, 28).astype(np.float32) / 255)


def run(seed, epochs, limit):
    start = time.perf_counter()
    torch.manual_seed(seed)
    x_train = images("train-images-idx3-ubyte.gz")[:limit]
    y_train = torch.from_numpy(read_idx(DATA + "train-labels-idx1-ubyte.gz").astype(np.int64))[:limit]
    x_test = images("t10k-images-idx3-ubyte.gz")
    y_test = torch.from_numpy(read_idx(DATA + "t10k-labels-idx1-ubyte.gz").astype(np.int64))
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
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
        correct = 0
        with torch.no_grad():
            for s in range(0, x_test.shape[0], 1000):
                correct += (model(x_test[s:s + 1000]).argmax(1) == y_test[s:s + 1000]).sum().item()
        accuracy = correct / x_test.shape[0]
    wall = time.perf_counter() - start
    return wall, n * epochs / wall, accuracy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=60000, help="training images used")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch.set_num_threads (set OPENBLAS_NUM_THREADS to match: OpenBLAS reads it when loaded)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for seed in args.seeds:
        wall, rate, accuracy = run(seed, args.epochs, args.limit)
        print(f"seed {seed}  wall_s {wall:.2f}  train_samples_per_s {rate:.0f}  test_accuracy {100 * accuracy:.2f}",
              flush=True)


if __name__ == "__main__":
    main()
