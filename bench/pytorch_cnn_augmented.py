#!/usr/bin/env python3
"""pytorch_cnn_augmented.py — examples/fashion_cnn_augmented.lep trained with PyTorch on one thread.

The data loading is pytorch_cnn.py's (the Debian dataset's IDX files, pixels scaled by 1/255 — the .lep's
`scale(1/255)` — one channel). Each choice below follows docs/language.md and, where the manual is silent,
the code generator (frontend/mlirgen, ir/Conversion/LeptonToLinalg):

- Model: conv 32 3x3, batchnorm, ReLU, maxpool 2, conv 64 3x3, batchnorm, ReLU, maxpool 2, flatten,
  dense 128 ReLU, dropout 0.25, dense 10. Convolutions keep their bias (leptonc's `bias:` defaults to true,
  even before a batchnorm). PyTorch keeps images NCHW, leptonc HWC: the flatten orders the 1600 features
  differently (the same function class, another parameter layout).
- Initialisation: `init: default` is PyTorch's own (ModelState.cpp: uniform ±1/sqrt(fan_in) for weights
  and biases of conv2d and dense, the bound of nn.Conv2d/nn.Linear's kaiming_uniform(a=√5)), so PyTorch's
  defaults are kept — not He or Glorot. Batchnorm starts at γ = 1, β = 0, running mean 0, variance 1.
- batchnorm(): leptonc's momentum 0.9 is Keras-style (running = 0.9·running + 0.1·batch), PyTorch's
  `momentum` is the weight of the batch, so momentum=0.1; epsilon 1e-5 in both. Training normalises with
  the batch mean and population variance over (batch, height, width) per channel; a short last batch uses
  only its real samples (PyTorch's last batch is simply smaller). One difference is corrected: PyTorch folds
  the *unbiased* batch variance into running_var, leptonc the population variance (docs/language.md,
  TrainStepGen.cpp), so LeptonBatchNorm2d rescales that step's contribution by (n − 1)/n (n = 26·26·B or
  11·11·B; a relative change near 1e-5, kept for exactness, negligible in time).
- dropout(0.25): inverted dropout as nn.Dropout (kept values scaled by 1/(1 − rate) in training,
  identity in evaluation; LayerLowering.cpp).
- augment jitter, training batches only, after preprocessing, in the .lep's order (AugmentGen.cpp):
  random_shift(1) draws dy and dx independently and uniformly in {−1, 0, 1} per sample and moves the image:
  x[h, w] = old[h − dy, w − dx], 0 where that falls outside (0 after scaling — black); then
  random_flip(horizontal) mirrors the width axis with probability ½ per sample. leptonc draws from a hash of
  (seed, epoch, sample index, step), PyTorch from its generator: the same distributions, other numbers.
- Optimizer: Adam(lr 1e-3, betas 0.9/0.999, eps 1e-8), leptonc's defaults, PyTorch's update order
  (OptimizerLowering.cpp); no weight decay. Loss: cross-entropy, the batch mean.
- schedule: cosine(min_lr: 0.00005), per epoch, no warm-up (TrainingLoopGen.cpp): epoch e (from 0) of E
  uses min_lr + ½(lr − min_lr)(1 + cos(π·e/E)), so the first epoch runs at 1e-3 and the last never reaches
  min_lr; E is this run's --epochs (1 epoch: a constant 1e-3). Set by hand each epoch (the closed form, not
  CosineAnnealingLR's recursion).
- Batch 64 reshuffled every epoch (last partial batch kept); all 10,000 test images evaluated after every
  epoch with the running statistics and no dropout; the last epoch's accuracy is reported.

Prints one line per seed:
  seed S  wall_s W  train_samples_per_s R  test_accuracy A
where R counts every training sample of every epoch over the whole wall time (loading, training, evaluation).
"""
import argparse
import math
import time

import numpy as np
import torch

from pytorch_cnn import DATA, images, read_idx

LR, MIN_LR, BATCH, SHIFT = 1e-3, 5e-5, 64, 1


class LeptonBatchNorm2d(torch.nn.BatchNorm2d):
    """nn.BatchNorm2d whose running variance folds in the population variance, as leptonc's does."""

    def __init__(self, channels):
        super().__init__(channels, eps=1e-5, momentum=0.1)

    def forward(self, x):
        if not self.training:
            return super().forward(x)
        before = self.running_var.clone()
        y = super().forward(x)
        n = x.numel() // x.shape[1]
        with torch.no_grad():  # a new buffer: the autograd graph holds the old one, which must stay unchanged
            kept = (1 - self.momentum) * before
            self.running_var = kept + (self.running_var - kept) * ((n - 1) / n)
        return y


def augment(x, generator):
    """random_shift(1) then random_flip(horizontal) on a batch (B, 1, H, W), as one gather from a padded copy."""
    b, _, h, w = x.shape
    dy = torch.randint(-SHIFT, SHIFT + 1, (b, 1), generator=generator)
    dx = torch.randint(-SHIFT, SHIFT + 1, (b, 1), generator=generator)
    flip = torch.rand((b, 1), generator=generator) < 0.5
    padded = torch.nn.functional.pad(x, (SHIFT, SHIFT, SHIFT, SHIFT))  # zeros outside the image
    rows = torch.arange(h)[None, :] - dy + SHIFT                       # (B, H): h − dy
    cols = torch.arange(w)[None, :]
    cols = torch.where(flip, w - 1 - cols, cols) - dx + SHIFT          # (B, W): mirrored w, then − dx
    return padded[torch.arange(b)[:, None, None], 0, rows[:, :, None], cols[:, None, :]].unsqueeze(1)


def labels(name):
    return torch.from_numpy(read_idx(DATA + name).astype(np.int64))


def run(seed, epochs, limit):
    start = time.perf_counter()
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x_train = images("train-images-idx3-ubyte.gz")[:limit]
    y_train = labels("train-labels-idx1-ubyte.gz")[:limit]
    x_test, y_test = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), LeptonBatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), LeptonBatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
    n = x_train.shape[0]
    accuracy = 0.0
    for epoch in range(epochs):
        for group in optimizer.param_groups:
            group["lr"] = MIN_LR + 0.5 * (LR - MIN_LR) * (1 + math.cos(math.pi * epoch / epochs))
        model.train()
        order = torch.randperm(n)
        for s in range(0, n, BATCH):
            idx = order[s:s + BATCH]
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(augment(x_train[idx], generator)), y_train[idx]).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            correct = sum((model(x_test[s:s + 1000]).argmax(1) == y_test[s:s + 1000]).sum().item()
                          for s in range(0, x_test.shape[0], 1000))
        accuracy = correct / x_test.shape[0]
    wall = time.perf_counter() - start
    return wall, n * epochs / wall, accuracy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--limit", type=int, default=60000, help="training images used")
    args = parser.parse_args()
    torch.set_num_threads(1)
    for seed in args.seeds:
        wall, rate, accuracy = run(seed, args.epochs, args.limit)
        print(f"seed {seed}  wall_s {wall:.2f}  train_samples_per_s {rate:.0f}  test_accuracy {100 * accuracy:.2f}",
              flush=True)


if __name__ == "__main__":
    main()
