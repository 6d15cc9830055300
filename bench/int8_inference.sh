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
source "$root/bench/latency_rounds.sh"
latency_rounds "$work" f32 int8
