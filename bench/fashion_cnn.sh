#!/usr/bin/env bash
# fashion_cnn.sh — the Fashion-MNIST CNN (examples/fashion_cnn.lep), 5 epochs by default, trained by PyTorch and by the leptonc-compiled
# trainer in one run: bench/fashion_train.sh cnn (its header says what is printed and which variables it reads).
# Usage: bench/fashion_cnn.sh [build-dir] [epochs]
exec "$(dirname "${BASH_SOURCE[0]}")/fashion_train.sh" cnn "$@"
