#!/usr/bin/env bash
# test.sh — installs what is missing, runs the sanitized runtime tests, builds leptonc and runs every test (lit +
# GoogleTest) with CTest.
#
# This is the README's test command; .ci/run calls it verbatim.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"

# The AArch64 cross toolchain and qemu as well: test/Driver/aarch64.test cross-compiles and runs a trainer.
"$root/scripts/bootstrap.sh" --aarch64
# The runtime library, its GoogleTests and the readers' fuzz replays under ASan + UBSan (docs/testing.md#sanitizers)
# first, so that CTest's summary below stays the last line.
"$root/scripts/sanitize.sh" --runtime
"$root/scripts/build.sh"
# CTest's own summary ("100% tests passed, …") must stay the last line CI reads.
ctest --test-dir "$build_dir" --output-on-failure -j "${JOBS:-2}"
