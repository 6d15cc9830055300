#!/usr/bin/env bash
# demo.sh — installs what is missing, builds leptonc, compiles examples/fashion_mlp.lep and trains it.
#
# This is the README's demo command. Extra arguments go to the trainer (e.g. --epochs 2 --seed 3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"
"$build_dir/bin/leptonc" "$root/examples/fashion_mlp.lep" -o "$build_dir/fashion_mlp"
"$build_dir/fashion_mlp" "$@"
