#!/usr/bin/env bash
# int8_inference.sh — int8 against f32 inference of the same model (the examples' MLP and CNN), exported functions
# (leptonc -c, C caller) at batch 1 and 256 on one core; the f32 and int8 programs run alternately three times and
# each figure is the best of the three (this machine's speed drifts by tens of percent within minutes; alternating
# keeps that drift out of the ratios); prints the times and the ratio f32 time / int8 time (> 1: int8 faster),
# with the CPU model. The int8 build is the example with `quantize: int8(calibrate:
# 1000)` in its target. The weights are the trainer's initial ones (--epochs 0; the int8 build calibrates them on
# the first 1000 training samples), as timing does not depend on their values.
# Usage: bench/int8_inference.sh [build-dir]   (BENCH_CPU=N pins another core; default 0; BENCH_ISA=avx2 compiles
# both builds for that target ISA, e.g. to time the vpmaddubsw int8 kernels on an AVX-512 machine)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cpu="${BENCH_CPU:-0}"
isa="${BENCH_ISA:+isa: $BENCH_ISA}"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), core $cpu${BENCH_ISA:+, target isa $BENCH_ISA}"
for model in mlp cnn; do
  for kind in f32 int8; do
    src="$root/examples/fashion_$model.lep"
    # The example has no target block: one with the quantize setting (and the ISA) goes before its model.
    settings=""
    [ $kind = int8 ] && settings="quantize: int8(calibrate: 1000)"
    if [ -n "$settings$isa" ]; then
      sed "s/^model/target cpu($isa) { $settings }\nmodel/" "$src" > "$work/${model}_$kind.lep"
      src="$work/${model}_$kind.lep"
    fi
    "$build/bin/leptonc" "$src" -o "$work/$model-$kind-trainer"
    (cd "$work" && "./$model-$kind-trainer" --epochs 0 --quiet --save "$model-$kind.ckpt" > /dev/null)
    "$build/bin/leptonc" "$src" -c -o "$work/$model-$kind.o" --header "$work/$model-$kind.h"
    /usr/lib/llvm-22/bin/clang -O2 -I"$work" -DHEADER="\"$model-$kind.h\"" \
      -DPREDICT=fashion_${model}_predict_preprocessed -DLOAD=fashion_${model}_load -DIN=784 -DOUT=10 \
      "$root/bench/inference_latency.c" "$work/$model-$kind.o" -lm -o "$work/$model-$kind"
  done
done
for round in 1 2 3; do
  for model in mlp cnn; do
    for kind in f32 int8; do
      taskset -c "$cpu" "$work/$model-$kind" "$work/$model-$kind.ckpt" | sed "s/^/model $model  $kind  /" >> "$work/times.txt"
    done
  done
done
# Best of the rounds per model, kind and batch.
awk '{ k = $2 " " $3 " " $5; if (!(k in t) || $7 < t[k]) { t[k] = $7; s[k] = $9 } }
  END { for (k in t) { split(k, f, " "); printf "model %s  %-4s  batch %3s  us_per_call %9.2f  us_per_sample %8.3f\n", f[1], f[2], f[3], t[k], s[k] } }' \
  "$work/times.txt" | sort -k2,2 -k3,3 -k5,5n | tee "$work/best.txt"
echo "== ratios (f32 time / int8 time)"
awk '{ t[$2 " " $3 " " $5] = $7 } END { for (m in t) { split(m, k, " "); if (k[2] == "f32") \
  printf "model %s  batch %s  %.2fx\n", k[1], k[3], t[m] / t[k[1] " int8 " k[3]] } }' "$work/best.txt" | sort
