#!/usr/bin/env bash
# build.sh — installs what is missing, then configures and builds leptonc (Release) into build/.
#
# Usage: scripts/build.sh [extra bootstrap flags]   Environment: BUILD_DIR (default build), JOBS (default 2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"

"$root/scripts/bootstrap.sh" "$@"
cmake -G Ninja -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" -j "${JOBS:-2}"
