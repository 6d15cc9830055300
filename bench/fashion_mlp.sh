#!/usr/bin/env bash
# fashion_mlp.sh — the Fashion-MNIST MLP (examples/fashion_mlp.lep), 10 epochs by default, trained by PyTorch and by the leptonc-compiled
# trainer in one run: bench/fashion_train.sh mlp (its header says what is printed and which variables it reads).
# Usage: bench/fashion_mlp.sh [build-dir] [epochs]
exec "$(dirname "${BASH_SOURCE[0]}")/fashion_train.sh" mlp "$@"
