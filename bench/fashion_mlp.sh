#!/usr/bin/env bash
# fashion_mlp.sh — one honest run: the Fashion-MNIST MLP (examples/fashion_mlp.lep, 10 epochs) trained by
# PyTorch (1 thread) and by the leptonc-compiled trainer, seeds 1–3, same data, model, init and optimizer.
#
# Prints per seed: wall time, training samples/s over the whole run (load + train + evaluate), test
# accuracy; then the mean ratio to PyTorch and the achieved GFLOP/s against this core's measured fp32 peak.
# Usage: bench/fashion_mlp.sh [build-dir]   (needs python3-torch: scripts/bootstrap.sh --bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/scripts/bootstrap.sh" --bench >/dev/null
"$build/bin/leptonc" "$root/examples/fashion_mlp.lep" -o "$work/fashion_mlp"
/usr/lib/llvm-22/bin/clang -O2 -march=native "$root/bench/peak_fma.c" -o "$work/peak"

echo "== PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), 1 thread"
taskset -c 0 /usr/bin/python3 "$root/bench/pytorch_mlp.py" --seeds 1 2 3 | tee "$work/torch.txt"

echo "== leptonc $("$build/bin/leptonc" --version | head -1 | cut -d' ' -f2-)"
for seed in 1 2 3; do
  start=$(date +%s.%N)
  taskset -c 0 "$work/fashion_mlp" --seed "$seed" > "$work/lep$seed.txt"
  end=$(date +%s.%N)
  acc=$(sed -n 's/^accuracy on [^:]*: \([0-9.]*\)%.*/\1/p' "$work/lep$seed.txt")
  awk -v s="$seed" -v a="$acc" -v t0="$start" -v t1="$end" 'BEGIN {
    w = t1 - t0; printf "seed %d  wall_s %.2f  train_samples_per_s %.0f  test_accuracy %s\n", s, w, 600000 / w, a }'
done | tee "$work/lep.txt"

peak=$(taskset -c 0 "$work/peak" | awk '{print $2}')
# Training FLOPs per sample: forward 2·(784·128 + 128·64 + 64·10); backward twice that, less the
# input gradient of the first layer (never computed), 2·784·128.
awk -v peak="$peak" '
  FNR == 1 { file++ }
  { rate[file] += $6; acc[file] += $8; n[file]++ }
  END {
    fwd = 2 * (784*128 + 128*64 + 64*10); flops = 3 * fwd - 2 * 784 * 128
    t = rate[1] / n[1]; l = rate[2] / n[2]
    printf "== summary (means over %d seeds)\n", n[1]
    printf "PyTorch: %.0f samples/s, test accuracy %.2f%%\n", t, acc[1] / n[1]
    printf "leptonc: %.0f samples/s, test accuracy %.2f%%\n", l, acc[2] / n[2]
    printf "ratio leptonc/PyTorch: %.1fx\n", l / t
    printf "leptonc training GFLOP/s (whole run): %.1f = %.1f%% of the measured %.1f GFLOP/s fp32 peak\n", \
           l * flops / 1e9, 100 * l * flops / 1e9 / peak, peak
  }' "$work/torch.txt" "$work/lep.txt"
