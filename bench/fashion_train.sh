#!/usr/bin/env bash
# fashion_train.sh — one honest run: a Fashion-MNIST example (examples/fashion_MODEL.lep: the MLP, 10 epochs by
# default, or the CNN, 5) trained by PyTorch (bench/pytorch_MODEL.py) and by the leptonc-compiled trainer, seeds 1–3,
# same data, model, init, optimizer and batch. fashion_mlp.sh and fashion_cnn.sh call it.
#
# Prints per seed: wall time, training samples/s over the whole run (load + train + evaluate every epoch), test
# accuracy, peak resident memory; then the means, the ratio to PyTorch, the peak memory of each side and the achieved
# GFLOP/s against this core's measured fp32 peak.
# Usage: bench/fashion_train.sh mlp|cnn [build-dir] [epochs]   (needs python3-torch: scripts/bootstrap.sh --bench)
# BENCH_SEEDS="1 2 3" (the seeds), BENCH_THREADS=1 (threads of both sides, pinned to cores 0..N-1; the compiled
# trainer gets --threads N when its --help offers it, else its column is n/a).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"
case $model in
  # Training FLOPs per sample: forward 2·(784·128 + 128·64 + 64·10); backward twice that, less the input
  # gradient of the first layer (never computed), 2·784·128.
  mlp) default_epochs=10; flops='3 * 2 * (784*128 + 128*64 + 64*10) - 2 * 784*128' ;;
  # Forward 2·MACs with MACs = conv1 26·26·32·9 + conv2 11·11·64·288 + 1600·64 + 64·10; backward about twice the
  # forward (less conv1's input gradient, never needed).
  cnn) default_epochs=5; flops='3 * 2 * (26*26*32*9 + 11*11*64*288 + 1600*64 + 64*10) - 2 * 26*26*32*9' ;;
  *) echo "usage: bench/fashion_train.sh mlp|cnn [build-dir] [epochs]" >&2; exit 1 ;;
esac
build="${2:-$root/build}"
epochs="${3:-$default_epochs}"
read -ra seeds <<< "${BENCH_SEEDS:-1 2 3}"
threads="${BENCH_THREADS:-1}"
cpus=0; [[ $threads -gt 1 ]] && cpus="0-$((threads - 1))"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/scripts/bootstrap.sh" --bench >/dev/null
source "$root/bench/pytorch_env.sh"
"$build/bin/leptonc" "$root/examples/fashion_$model.lep" -o "$work/fashion_$model"
/usr/lib/llvm-22/bin/clang -O2 -march=native "$root/bench/peak_fma.c" -o "$work/peak"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p')"

torch_version=$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')
lep_version=$("$build/bin/leptonc" --version | head -1 | cut -d' ' -f2-)
lep_threads=() lep_runs=1
if [[ $threads -gt 1 ]]; then
  if "$work/fashion_$model" --help | grep -q -- --threads; then lep_threads=(--threads "$threads")
  else lep_runs=0   # the summary says n/a
  fi
fi
echo "== PyTorch $torch_version and leptonc $lep_version, $threads thread(s) on cores $cpus, $epochs epochs," \
     "seed by seed, one after the other ($PYTORCH_BLAS_NOTE)"
# Seed by seed, PyTorch then leptonc: this VM's speed drifts by tens of percent over minutes, and runs that sample
# the same minutes give a fairer ratio than all of one side, then all of the other. The FMA peak is measured
# before and after; the higher one is used.
peak_before=$(taskset -c 0 "$work/peak" | awk '{print $2}')
: > "$work/torch.txt"
: > "$work/lep.txt"   # stays empty without --threads: no file-2 lines below
for seed in "${seeds[@]}"; do
  OPENBLAS_NUM_THREADS=$threads /usr/bin/time -f %M -o "$work/torch$seed.rss" taskset -c "$cpus" /usr/bin/python3 \
    "$root/bench/pytorch_$model.py" --seeds "$seed" --epochs "$epochs" --threads "$threads" \
    | sed 's/^seed/PyTorch seed/' | tee -a "$work/torch.txt"
  [[ $lep_runs -eq 1 ]] || continue
  start=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/lep$seed.rss" taskset -c "$cpus" "$work/fashion_$model" --seed "$seed" --epochs "$epochs" \
    "${lep_threads[@]}" > "$work/lep$seed.txt"
  end=$(date +%s.%N)
  acc=$(sed -n 's/^accuracy on [^:]*: \([0-9.]*\)%.*/\1/p' "$work/lep$seed.txt")
  rss=$(tail -1 "$work/lep$seed.rss")
  awk -v s="$seed" -v a="$acc" -v t0="$start" -v t1="$end" -v e="$epochs" -v rss="$rss" 'BEGIN {
    w = t1 - t0; printf "leptonc seed %d  wall_s %.2f  train_samples_per_s %.0f  test_accuracy %s  max_rss_mib %.0f\n", s, w,\
            60000 * e / w, a, rss / 1024 }' | tee -a "$work/lep.txt"
done
torch_rss=$(cat "$work"/torch*.rss | sort -n | tail -1)
peak_after=$(taskset -c 0 "$work/peak" | awk '{print $2}')
peak=$(awk -v a="$peak_before" -v b="$peak_after" 'BEGIN { print (a > b ? a : b) }')
echo "== FMA peak of core 0: $peak_before GFLOP/s before, $peak_after after"
awk -v peak="$peak" -v threads="$threads" -v torch_rss="$torch_rss" '
  FNR == 1 { file++ }
  { rate[file] += $7; acc[file] += $9; n[file]++ }
  file == 2 && $11 > rss { rss = $11 }
  END {
    flops = '"$flops"'
    t = rate[1] / n[1]
    printf "== summary (means over %d seeds)\n", n[1]
    printf "PyTorch: %.0f samples/s, test accuracy %.2f%%\n", t, acc[1] / n[1]
    if (n[2] == 0) {
      printf "leptonc: n/a (no --threads yet)\n"
      printf "peak resident memory: PyTorch %.0f MiB (largest seed)\n", torch_rss / 1024
      exit
    }
    l = rate[2] / n[2]
    printf "leptonc: %.0f samples/s, test accuracy %.2f%%\n", l, acc[2] / n[2]
    printf "ratio leptonc/PyTorch: %.2fx\n", l / t
    printf "peak resident memory: PyTorch %.0f MiB, leptonc %.0f MiB (largest seed of each)\n", \
           torch_rss / 1024, rss
    printf "leptonc training GFLOP/s (whole run): %.1f = %.1f%% of %d x the measured %.1f GFLOP/s fp32 core peak\n", \
           l * flops / 1e9, 100 * l * flops / 1e9 / (threads * peak), threads, peak
  }' "$work/torch.txt" "$work/lep.txt"
