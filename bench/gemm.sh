#!/usr/bin/env bash
# gemm.sh — GFLOP/s of leptonc's generated GEMM kernels (lepton-matmul-to-vector) on the shapes of
# bench/gemm_leptonc/gemm.mlir, one core, one line per shape: `gemm MxNxK leptonc X GFLOP/s`.
# Usage: bench/gemm.sh [build-dir] [shape-filter] [extra lepton-lower-to-llvm options]
#   e.g. bench/gemm.sh build mlp "matmul-rows=8"     (BENCH_CPU=N pins another core; default 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
filter="${2:-}"
extra="${3:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
llvm=/usr/lib/llvm-22/bin
width=4
grep -qw avx2 /proc/cpuinfo && width=8
grep -qw avx512f /proc/cpuinfo && width=16
"$build/bin/lepton-opt" "$root/bench/gemm_leptonc/gemm.mlir" \
  --lepton-lower-to-llvm="vector-width=$width $extra" >"$work/gemm.ll.mlir"
"$llvm/mlir-translate" --mlir-to-llvmir "$work/gemm.ll.mlir" -o "$work/gemm.ll"
"$llvm/clang" -O3 -march=native -c "$work/gemm.ll" -o "$work/gemm.o" -Wno-override-module
"$llvm/clang" -O2 "$root/bench/gemm_leptonc/gemm_timer.c" "$work/gemm.o" -o "$work/gemm"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), vector-width=$width $extra, core ${BENCH_CPU:-1}"
taskset -c "${BENCH_CPU:-1}" "$work/gemm" "$filter"
