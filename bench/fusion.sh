#!/usr/bin/env bash
# fusion.sh — what lepton-fuse gains in training, rewrite by rewrite: the Fashion-MNIST examples (MLP and CNN)
# compiled as they are (every rewrite), with each rewrite left out (--fuse-skip=activations: activations as passes
# of their own instead of the matmul kernel's epilogue; --fuse-skip=optimizer: one Adam update per parameter
# instead of one over all; --fuse-skip=optimizer-epilogue: the first layer's update as part of that pass instead of
# inside its weight gradient's kernel; --fuse-skip=reciprocal-divide: that update's division by the divider instead
# of the reciprocal estimate) and with `fuse: off` in a target (nothing fused); same data, model and seed, on one
# core; the variants run alternately, best of three runs of each: wall time of the whole run (load, train,
# evaluate) and the epochs' own time (the run's --json history: training and per-epoch evaluation, without loading
# the data). Prints the times and, per variant, its time / the fused time (> 1: what fusion gains), with the CPU
# model. The examples have no batch norm (its inference fold: test/Trainer/batchnorm-fold.test); softmax +
# cross-entropy is one op in every variant (the front end's).
# Usage: bench/fusion.sh [build-dir] [epochs]   (BENCH_CPU=N pins another core; default 0; epochs default 2;
# BENCH_MODELS="mlp" times one model)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
epochs="${2:-2}"
cpu="${BENCH_CPU:-0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
variants="fused no-activations no-optimizer no-optimizer-epilogue no-reciprocal-divide unfused"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), core $cpu, $epochs epochs"
models="${BENCH_MODELS:-mlp cnn}"
for model in $models; do
  src="$root/examples/fashion_$model.lep"
  "$build/bin/leptonc" "$src" -o "$work/$model-fused"
  "$build/bin/leptonc" "$src" --fuse-skip=activations -o "$work/$model-no-activations"
  "$build/bin/leptonc" "$src" --fuse-skip=optimizer -o "$work/$model-no-optimizer"
  "$build/bin/leptonc" "$src" --fuse-skip=optimizer-epilogue -o "$work/$model-no-optimizer-epilogue"
  "$build/bin/leptonc" "$src" --fuse-skip=reciprocal-divide -o "$work/$model-no-reciprocal-divide"
  sed 's/^model/target cpu() { fuse: off }\nmodel/' "$src" > "$work/$model-off.lep"
  "$build/bin/leptonc" "$work/$model-off.lep" -o "$work/$model-unfused"
done
for round in 1 2 3; do
  for model in $models; do
    for kind in $variants; do
      # Seconds of the whole run (load, train, evaluate).
      start=$EPOCHREALTIME
      taskset -c "$cpu" "$work/$model-$kind" --epochs "$epochs" --seed 1 --quiet --json "$work/run.json" > /dev/null
      end=$EPOCHREALTIME
      epochs_s=$(/usr/bin/python3 -c 'import json, sys; print(sum(e["seconds"] for e in json.load(open(sys.argv[1]))["history"]))' "$work/run.json")
      awk -v a="$start" -v b="$end" -v e="$epochs_s" -v k="$model $kind" 'BEGIN { print k, b - a, e }' >> "$work/times.txt"
    done
  done
done
awk '{ k = $1 " " $2; if (!(k in t) || $3 < t[k]) t[k] = $3; if (!(k in e) || $4 < e[k]) e[k] = $4 }
  END { for (m in t) { split(m, f, " "); fused = t[f[1] " fused"]; efused = e[f[1] " fused"];
    printf "model %s  %-22s run %6.2f s  time/fused %.3fx   epochs %6.2f s  time/fused %.3fx\n", f[1], f[2], t[m],
      t[m] / fused, e[m], e[m] / efused } }' \
  "$work/times.txt" | sort
