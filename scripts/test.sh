#!/usr/bin/env bash
# test.sh — installs what is missing, builds leptonc and runs every test (lit + GoogleTest) with CTest.
#
# This is the README's test command; .ci/run calls it verbatim.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
start=$(date +%s)

"$root/scripts/build.sh"
ctest --test-dir "$build_dir" --output-on-failure -j "${JOBS:-2}"
echo "build + tests took $(( $(date +%s) - start )) s"
