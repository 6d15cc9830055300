#!/usr/bin/env bash
# fashion_cnn.sh — one honest run: the Fashion-MNIST CNN (examples/fashion_cnn.lep) trained by PyTorch (1 thread)
# and by the leptonc-compiled trainer, seeds 1–3, 5 epochs, same data, model, optimizer and batch.
#
# Prints per seed: wall time, training samples/s over the whole run (load + train + evaluate every epoch), test
# accuracy; then the means, the ratio to PyTorch, and the achieved GFLOP/s against this core's measured fp32 peak.
# Usage: bench/fashion_cnn.sh [build-dir] [epochs]   (needs python3-torch: scripts/bootstrap.sh --bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
epochs="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/scripts/bootstrap.sh" --bench >/dev/null
"$build/bin/leptonc" "$root/examples/fashion_cnn.lep" -o "$work/fashion_cnn"
/usr/lib/llvm-22/bin/clang -O2 -march=native "$root/bench/peak_fma.c" -o "$work/peak"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p')"

echo "== PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), 1 thread, $epochs epochs"
taskset -c 0 /usr/bin/python3 "$root/bench/pytorch_cnn.py" --seeds 1 2 3 --epochs "$epochs" | tee "$work/torch.txt"

echo "== leptonc $("$build/bin/leptonc" --version | head -1 | cut -d' ' -f2-), $epochs epochs"
for seed in 1 2 3; do
  start=$(date +%s.%N)
  taskset -c 0 "$work/fashion_cnn" --seed "$seed" --epochs "$epochs" > "$work/lep$seed.txt"
  end=$(date +%s.%N)
  acc=$(sed -n 's/^accuracy on [^:]*: \([0-9.]*\)%.*/\1/p' "$work/lep$seed.txt")
  awk -v s="$seed" -v a="$acc" -v t0="$start" -v t1="$end" -v e="$epochs" 'BEGIN {
    w = t1 - t0; printf "seed %d  wall_s %.2f  train_samples_per_s %.0f  test_accuracy %s\n", s, w, 60000 * e / w, a }'
done | tee "$work/lep.txt"

peak=$(taskset -c 0 "$work/peak" | awk '{print $2}')
# Training FLOPs per sample: forward 2·MACs with MACs = conv1 26·26·32·9 + conv2 11·11·64·288 + 1600·64 + 64·10;
# backward about twice the forward (less conv1's input gradient, never needed).
awk -v peak="$peak" '
  FNR == 1 { file++ }
  { rate[file] += $6; acc[file] += $8; n[file]++ }
  END {
    macs = 26*26*32*9 + 11*11*64*288 + 1600*64 + 64*10
    flops = 3 * 2 * macs - 2 * 26*26*32*9
    t = rate[1] / n[1]; l = rate[2] / n[2]
    printf "== summary (means over %d seeds)\n", n[1]
    printf "PyTorch: %.0f samples/s, test accuracy %.2f%%\n", t, acc[1] / n[1]
    printf "leptonc: %.0f samples/s, test accuracy %.2f%%\n", l, acc[2] / n[2]
    printf "ratio leptonc/PyTorch: %.2fx\n", l / t
    printf "leptonc training GFLOP/s (whole run): %.1f = %.1f%% of the measured %.1f GFLOP/s fp32 peak\n", \
           l * flops / 1e9, 100 * l * flops / 1e9 / peak, peak
  }' "$work/torch.txt" "$work/lep.txt"
