#!/usr/bin/env bash
# inference.sh — exported inference latency of the example MLP and CNN at batch 1 and 256, leptonc (-c object,
# C caller) beside PyTorch (eval mode, inference_mode, 1 thread), same models and inputs, same core, one run.
# Prints each figure and the ratio PyTorch time / leptonc time (> 1: leptonc faster), with the CPU model.
# Usage: bench/inference.sh [build-dir]   (needs python3-torch: scripts/bootstrap.sh --bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/scripts/bootstrap.sh" --bench >/dev/null
source "$root/bench/pytorch_env.sh"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p')"
for model in mlp cnn; do
  case $model in mlp) in=784;; cnn) in=784;; esac
  # Initial weights from the trainer (--epochs 0): timing does not depend on their values.
  "$build/bin/leptonc" "$root/examples/fashion_$model.lep" -o "$work/$model-trainer"
  (cd "$work" && "./$model-trainer" --epochs 0 --quiet --save "$model.ckpt" > /dev/null)
  "$build/bin/leptonc" "$root/examples/fashion_$model.lep" -c -o "$work/$model.o"
  /usr/lib/llvm-22/bin/clang -O2 -I"$work" -DHEADER="\"$model.h\"" -DPREDICT=fashion_${model}_predict_preprocessed \
    -DLOAD=fashion_${model}_load -DIN=$in -DOUT=10 "$root/bench/inference_latency.c" "$work/$model.o" -lm \
    -o "$work/$model"
  taskset -c 0 "$work/$model" "$work/$model.ckpt" | sed "s/^/model $model  /" | tee -a "$work/lepton.txt"
done
echo "== PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), 1 thread ($PYTORCH_BLAS_NOTE)"
OPENBLAS_NUM_THREADS=1 taskset -c 0 /usr/bin/python3 "$root/bench/pytorch_inference.py" | tee "$work/torch.txt"
echo "== ratios (PyTorch time / leptonc time)"
awk 'FNR == NR { t[$2 " " $4] = $6; next } { printf "model %s  batch %s  %.1fx\n", $2, $4, $6 / t[$2 " " $4] }' \
  "$work/lepton.txt" "$work/torch.txt"
