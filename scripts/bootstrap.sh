#!/usr/bin/env bash
# bootstrap.sh — installs the Debian packages leptonc needs to build, test and run its demo.
#
# libdeflate0 is optional at run time: programs load it to inflate gzip data files about twice as fast as
# zlib, and use zlib alone without it.
# Idempotent: when every package is already installed it returns without touching apt.
# Usage: scripts/bootstrap.sh [--bench | --fuzz | --sanitize | --report-check | --aarch64]
#   --bench adds python3-torch, OpenBLAS (the BLAS PyTorch gets in bench/), oneDNN and GNU time for bench/;
#   --report-check adds chromium for scripts/check_report.sh (neither needed by CI);
#   --fuzz or --sanitize adds Clang's sanitizer and libFuzzer runtime for scripts/fuzz.sh and
#   scripts/sanitize.sh (CI runs `sanitize.sh --runtime`);
#   --aarch64 adds Debian's AArch64 cross toolchain, arm64 zlib (the arm64 architecture is added to dpkg for it)
#   and qemu-user: leptonc then cross-builds its runtime and compiles for `target aarch64` (scripts/test.sh uses it).
set -euo pipefail

packages=(
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  antlr4 libantlr4-runtime-dev libeigen3-dev libgtest-dev zlib1g-dev
  libomp-22-dev libdeflate0 cmake ninja-build g++ python3 pkg-config dataset-fashion-mnist
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3-torch python3-numpy libopenblas0-pthread libdnnl-dev time)
fi
if [[ "${1:-}" == "--fuzz" || "${1:-}" == "--sanitize" ]]; then
  packages+=(libclang-rt-22-dev)
fi
if [[ "${1:-}" == "--report-check" ]]; then
  packages+=(chromium)
fi
if [[ "${1:-}" == "--aarch64" ]]; then
  packages+=(g++-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user zlib1g-dev:arm64)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "bootstrap: all ${#packages[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if [[ " ${missing[*]} " == *":arm64 "* ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64 # arm64 libraries (zlib) for the cross-built runtime
fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
