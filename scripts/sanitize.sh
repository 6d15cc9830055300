#!/usr/bin/env bash
# sanitize.sh — builds the project with ASan + UBSan (Clang 22) and runs the test suite under the sanitizers.
#
# Usage: scripts/sanitize.sh [--runtime] [CTEST ARGS...]   Environment: JOBS (default 2).
#   (default)  the whole suite: everything built in build-sanitize/ with -DLEPTON_SANITIZE=ON (leptonc, lepton-opt,
#              the runtime, the tests), every trainer a test compiles linked with the sanitizers' runtimes, then
#              every ctest entry (lit folders, GoogleTest, fuzz replays). On 2 cores the first build takes about
#              17 minutes one step at a time (JOBS=1), the suite as long again.
#   --runtime  the part CI runs (docs/testing.md): only the runtime library, its GoogleTests, the fuzz mutator's
#              and the readers' fuzz replays, built sanitized in build-sanitize-runtime/ (a few minutes).
# Every sanitizer report (an error, a leak, undefined behaviour) goes to BUILD/sanitizer-reports/report.PID
# instead of stderr, so that one from a process a test expects to fail (`not leptonc …`) is not lost: the
# script prints them and fails when there is any, whatever ctest said. A refused allocation returns NULL as it
# does without ASan (allocator_may_return_null): the runtime's out-of-memory errors are tested, and ASan
# only notes each such request in a WARNING, which is listed but is not a finding.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-sanitize"
targets=()
labels=()
if [[ "${1:-}" == "--runtime" ]]; then
  shift
  build="$root/build-sanitize-runtime"
  targets=(lepton-runtime-tests lepton-fuzz-mutator-tests)
  for t in idx_reader csv_reader npy_reader checkpoint checkpoint_view predict_input; do targets+=("fuzz-replay-$t"); done
  labels=(-L runtime)  # the GoogleTests and the readers' replays (fuzz/CMakeLists.txt)
fi

"$root/scripts/bootstrap.sh" --sanitize >/dev/null
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEPTON_SANITIZE=ON \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 >/dev/null
fi
ninja -C "$build" -j "${JOBS:-2}" "${targets[@]}"

reports="$build/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
symbolizer="$(dirname "$(readlink -f "$(command -v clang++-22)")")/llvm-symbolizer"
export ASAN_SYMBOLIZER_PATH="$symbolizer"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:check_initialization_order=1:strict_init_order=1:allocator_may_return_null=1:log_path=$reports/report"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/report"

status=0
ctest --test-dir "$build" --output-on-failure -j "${JOBS:-2}" "${labels[@]}" "$@" || status=$?
# A finding ends with "SUMMARY: AddressSanitizer: …" (or LeakSanitizer, UndefinedBehaviorSanitizer).
findings=$(grep -l '^SUMMARY: ' "$reports"/report.* 2>/dev/null || true)
warnings=$(grep -h 'WARNING: ' "$reports"/report.* 2>/dev/null | sed 's/^==[0-9]*==//' | sort | uniq -c || true)
[[ -z "$warnings" ]] || printf 'sanitize: warnings (not findings):\n%s\n' "$warnings"
if [[ -n "$findings" ]]; then
  echo "sanitize: $(wc -w <<<"$findings") sanitizer finding(s):"
  cat $findings
  status=1
else
  echo "sanitize: no sanitizer findings"
fi
exit $status
