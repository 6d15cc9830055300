#!/usr/bin/env bash
# int8_gemm.sh — the int8 kernel against the f32 one on one core: 2000 products of 256x784x128 each (the MLP's first
# layer at batch 256), in GOP/s and as a ratio, with the int8 path leptonc picks here (vnni with AVX-512 VNNI) and the
# portable one, and the core's measured f32 FMA peak. Kernels only (no quantization of activations, no epilogue).
# Usage: bench/int8_gemm.sh [build-dir]   (BENCH_CPU=N pins another core; default 0)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
llvm=/usr/lib/llvm-22/bin
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
width=4
grep -qw avx2 /proc/cpuinfo && width=8
grep -qw avx512f /proc/cpuinfo && width=16
dots=generic
grep -qw avx512_vnni /proc/cpuinfo && grep -qw avx512vl /proc/cpuinfo && dots="vnni generic"
cpu="${BENCH_CPU:-0}"
"$llvm/clang" -O2 -march=native "$root/bench/peak_fma.c" -o "$work/peak"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), vector-width=$width, core $cpu"
taskset -c "$cpu" "$work/peak"
ops=$((2000 * 2 * 256 * 784 * 128))
for dot in $dots; do
  "$build/bin/lepton-opt" "$root/bench/int8_gemm/int8_vs_f32.mlir" --lepton-lower-to-llvm="vector-width=$width int8-dot=$dot" \
    | taskset -c "$cpu" "$llvm/mlir-runner" -O3 -e main -entry-point-result=void \
        -shared-libs="$llvm/../lib/libmlir_c_runner_utils.so,$llvm/../lib/libmlir_runner_utils.so" > "$work/out.txt"
  read -r t8 tf <<< "$(tail -2 "$work/out.txt" | tr "\n" " ")"
  /usr/bin/python3 -c "import sys; t8, tf, ops = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]); \
print(f'int8-dot={sys.argv[4]:8s} int8 {ops / t8 / 1e9:7.1f} GOP/s   f32 {ops / tf / 1e9:6.1f} GFLOP/s   int8/f32 {tf / t8:.2f}x')" \
    "$t8" "$tf" "$ops" "$dot"
done
