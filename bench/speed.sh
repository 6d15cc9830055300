#!/usr/bin/env bash
# speed.sh — the one-command speed benchmark (issue #11 item 6): all peers in one run on this machine, ratios printed.
#
# Runs, in this order, each pinned with taskset (1 thread: core 0; 2 threads: cores 0-1):
#   1. this core's fp32 FMA peak (peak_fma.c, clang-22 -O3 -march=native, best of 3);
#   2. GEMM, 1 thread: oneDNN's dnnl_sgemm, Eigen 3.4 and OpenBLAS's own sgemm_ (gemm_peers.cpp), PyTorch's torch.mm
#      (pytorch_gemm.py), and the compiler's GEMM when bench/gemm.sh (below);
#   3. training, MLP (fashion_mlp.sh) and CNN (fashion_cnn.sh), leptonc beside PyTorch at 1 and 2 threads: samples/s
#      and peak resident memory;
#   4. inference latency at batch 1 and 256 (inference.sh);
# then prints one summary table (speed_summary.py) with the CPU, what ran, and the ratios to PyTorch, to oneDNN and
# Eigen and to the measured peak. PyTorch calls OpenBLAS (pytorch_env.sh says how); its torch.mm is checked against
# OpenBLAS's own sgemm_ in the same run.
# Usage: bench/speed.sh [build-dir]   (packages: scripts/bootstrap.sh --bench, run by the scripts)
# Environment: SPEED_EPOCHS (default: the scripts' own, MLP 10 and CNN 5), SPEED_SEEDS (1-thread runs, default
# "1 2 3"), SPEED_SEEDS_2T (2-thread runs, default "1"), SPEED_THREADS (training thread counts, default "1 2"),
# GEMM_REPS (best of, default 5), SPEED_LOG=FILE keeps the full output of every step (default: only the summary and
# the steps' headers are shown). A step that fails is reported and its figures read n/a; the others still run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
seeds="${SPEED_SEEDS:-1 2 3}"
seeds2="${SPEED_SEEDS_2T:-1}"
threads_list="${SPEED_THREADS:-1 2}"
export GEMM_REPS="${GEMM_REPS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="${SPEED_LOG:-$work/log.txt}"
: > "$log"

"$root/scripts/bootstrap.sh" --bench >/dev/null
source "$root/bench/pytorch_env.sh"
step() { echo "-- $*" | tee -a "$log" >&2; }
warn() { echo "WARNING: $*" | tee -a "$work/warning.txt" >&2; }   # a failed step: its figures read n/a

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  warn "load average $load before starting: the machine is not quiet, the numbers below are not comparable" \
       "(2-thread runs suffer most: spinning threads wait for a busy core)"
fi

step "peak FMA (core 0)"
/usr/lib/llvm-22/bin/clang -O3 -march=native "$root/bench/peak_fma.c" -o "$work/peak"
for _ in 1 2 3; do taskset -c 0 "$work/peak"; done | tee -a "$log" | awk '$2 > p { p = $2 } END { print p }' \
  > "$work/peak.txt"

step "GEMM peers, 1 thread (core 0)"
/usr/lib/llvm-22/bin/clang++ -std=c++17 -O3 -march=native -DNDEBUG -DEIGEN_DONT_PARALLELIZE -I/usr/include/eigen3 \
  "$root/bench/gemm_peers.cpp" -ldnnl -ldl -o "$work/gemm_peers"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 "$work/gemm_peers" \
  --blas "$openblas_dir/libblas.so.3" | tee -a "$log" > "$work/gemm.txt" || warn "gemm_peers failed"
OPENBLAS_NUM_THREADS=1 taskset -c 0 /usr/bin/python3 "$root/bench/pytorch_gemm.py" --threads 1 | tee -a "$log" \
  >> "$work/gemm.txt" || warn "pytorch_gemm.py failed"
# --- hook: the compiler's own GEMM ----------------------------------------------------------------------------------
# bench/gemm.sh BUILD_DIR prints lines "gemm KEY leptonc X GFLOP/s" (1 thread; KEY as gemm_peers.cpp prints it:
# MxNxK, ":At"/":Bt" for a transposed operand); they become the table's leptonc column.
if [[ -f $root/bench/gemm.sh ]]; then
  step "GEMM leptonc, 1 thread (core 0)"
  BENCH_CPU=0 bash "$root/bench/gemm.sh" "$build" | tee -a "$log" | grep '^gemm ' \
    >> "$work/gemm.txt" || warn "bench/gemm.sh failed"
fi
# ---------------------------------------------------------------------------------------------------------------------

for model in mlp cnn; do
  epochs=${SPEED_EPOCHS:-$([[ $model == mlp ]] && echo 10 || echo 5)}
  for threads in $threads_list; do
    [[ $threads -gt $(nproc) ]] && continue
    s=$seeds; [[ $threads -gt 1 ]] && s=$seeds2
    step "training $model, $threads thread(s), $epochs epoch(s), seeds $s"
    BENCH_THREADS=$threads BENCH_SEEDS=$s bash "$root/bench/fashion_$model.sh" "$build" "$epochs" | tee -a "$log" \
      > "$work/train_${model}_$threads.txt" || warn "fashion_$model.sh at $threads thread(s) failed"
    echo "$epochs" > "$work/epochs_$model.txt"
  done
done

step "inference, 1 thread (core 0)"
bash "$root/bench/inference.sh" "$build" | tee -a "$log" > "$work/inference.txt" || warn "inference.sh failed"

/usr/bin/python3 "$root/bench/speed_summary.py" "$work" --cpu "$(lscpu | sed -n 's/^Model name: *//p')" \
  --cores "$(nproc)" --seeds "$seeds" --seeds-2t "$seeds2" --threads "$threads_list" --blas-note "$PYTORCH_BLAS_NOTE" \
  --leptonc "$("$build/bin/leptonc" --version | head -1 | cut -d' ' -f2-)"
[[ -n ${SPEED_LOG:-} ]] && echo "(full output of every step: $SPEED_LOG)"
true
