#!/usr/bin/env bash
# fuzz.sh — builds the libFuzzer targets of fuzz/ (Clang, ASan + UBSan) in build-fuzz/ and runs them.
#
# Usage: scripts/fuzz.sh [--time SECONDS | --runs N] [TARGET...]   (default: --time 60, every target)
# Each target starts from test/Fuzz/TARGET (seeds and earlier crashers) plus its working corpus in
# build-fuzz/corpus/TARGET, runs for the given time or number of executions (inputs slower than 1 s count as
# hangs, more than 2 GB of memory as a failure) and writes any crashing, leaking or hanging input straight into
# test/Fuzz/TARGET/, where the replay test (ctest -R fuzz-regressions) keeps running it after the fix. Prints one
# line per target: executions, seconds, new corpus size, and whether it found something.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
limit=(-max_total_time=60)
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --time) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(idx_reader csv_reader npy_reader checkpoint checkpoint_view predict_input frontend)

"$root/scripts/bootstrap.sh" --fuzz >/dev/null
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEPTON_FUZZ=ON \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 >/dev/null
fi
ninja -C "$build" "${targets[@]/#/fuzz-}" >/dev/null  # the first build compiles the whole project sanitized

status=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  log="$build/fuzz-$t.log"
  extra=()
  if [[ $t == frontend ]]; then
    # Seeds: every .lep program of the repository (copied, not kept in test/Fuzz); Lepton's words.
    seeds="$build/seeds/frontend"
    mkdir -p "$seeds"
    find "$root/examples" "$root/test" -name '*.lep' -exec cp {} "$seeds/" \;
    extra=(-dict="$root/fuzz/lepton.dict" "$seeds")
  fi
  if "$build/bin/fuzz-$t" "${limit[@]}" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$root/test/Fuzz/$t/" "$corpus" "$root/test/Fuzz/$t" "${extra[@]}" >"$log" 2>&1; then
    found="no findings"
  else
    found="FOUND: see $log and test/Fuzz/$t/"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  echo "$t: ${runs:-?} executions in ${secs:-?} s, corpus $(ls "$corpus" | wc -l) files, $found"
done
exit $status
