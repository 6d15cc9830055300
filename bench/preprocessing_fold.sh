#!/usr/bin/env bash
# preprocessing_fold.sh — the raw exported function (`fashion_<model>_predict(bytes, n, y)`) of the example MLP and
# CNN with the training flow's scale(1/255) folded into the first layer's weights (the default) and without it
# (--fuse-skip=preprocessing: a preprocessing pass over every sample first), at batch 1 and 256 on one core; the
# two builds run alternately three times and each figure is the best of the three (this machine's speed drifts);
# prints the times and the ratio unfolded time / folded time (> 1: the fold is faster), with the CPU model.
# Usage: bench/preprocessing_fold.sh [build-dir]   (BENCH_CPU=N pins another core; default 0)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cpu="${BENCH_CPU:-0}"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), core $cpu"
for model in mlp cnn; do
  src="$root/examples/fashion_$model.lep"
  "$build/bin/leptonc" "$src" -o "$work/$model-trainer"
  (cd "$work" && "./$model-trainer" --epochs 0 --quiet --save "$model.ckpt" > /dev/null)
  for kind in folded unfolded; do
    flags=""
    [ $kind = unfolded ] && flags="--fuse-skip=preprocessing"
    "$build/bin/leptonc" "$src" $flags -c -o "$work/$model-$kind.o" --header "$work/$model-$kind.h"
    /usr/lib/llvm-22/bin/clang -O2 -I"$work" -DHEADER="\"$model-$kind.h\"" -DRAW \
      -DPREDICT=fashion_${model}_predict -DLOAD=fashion_${model}_load -DIN=784 -DOUT=10 \
      "$root/bench/inference_latency.c" "$work/$model-$kind.o" -lm -o "$work/$model-$kind"
  done
done
source "$root/bench/latency_rounds.sh"
latency_rounds "$work" unfolded folded
