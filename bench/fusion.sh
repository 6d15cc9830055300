#!/usr/bin/env bash
# fusion.sh — what lepton-fuse gains in training: the Fashion-MNIST examples (MLP and CNN) compiled as they are
# (fusion on: activations in the matmul kernel's epilogue) and with `fuse: off` in a target (each activation a pass
# of its own over memory), same data, model and seed, on one core; the two run alternately, best of three runs of
# each, wall time of the whole run (load, train, evaluate). Prints both and the ratio unfused time / fused time
# (> 1: fusion faster), with the CPU model. Softmax + cross-entropy is fused by the front end in
# both (no unfused form to compare); the single optimizer loop is not built yet.
# Usage: bench/fusion.sh [build-dir] [epochs]   (BENCH_CPU=N pins another core; default 0; epochs default 2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
epochs="${2:-2}"
cpu="${BENCH_CPU:-0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), core $cpu, $epochs epochs"
for model in mlp cnn; do
  "$build/bin/leptonc" "$root/examples/fashion_$model.lep" -o "$work/$model-on"
  sed 's/^model/target cpu() { fuse: off }\nmodel/' "$root/examples/fashion_$model.lep" > "$work/$model-off.lep"
  "$build/bin/leptonc" "$work/$model-off.lep" -o "$work/$model-off"
done
for round in 1 2 3; do
  for model in mlp cnn; do
    for kind in on off; do
      # Seconds of the whole run (load, train, evaluate).
      start=$EPOCHREALTIME
      taskset -c "$cpu" "$work/$model-$kind" --epochs "$epochs" --seed 1 > "$work/out.txt"
      end=$EPOCHREALTIME
      awk -v a="$start" -v b="$end" -v k="$model $kind" 'BEGIN { print k, b - a }' >> "$work/times.txt"
    done
  done
done
awk '{ k = $1 " " $2; if (!(k in t) || $3 < t[k]) t[k] = $3 }
  END { for (m in t) if (m ~ / on$/) { split(m, f, " "); off = t[f[1] " off"];
    printf "model %s  fused %.2f s  unfused %.2f s  fused/unfused speed %.2fx\n", f[1], t[m], off, off / t[m] } }' \
  "$work/times.txt" | sort
