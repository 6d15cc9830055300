#!/usr/bin/env bash
# check_report.sh — renders a trainer's HTML report in headless Chromium at 1280 px and at a phone's width.
#
# Usage: scripts/check_report.sh [--out DIR] [REPORT.html]
# Without a report it compiles examples/fashion_mlp.lep, trains it for 5 epochs with --report and renders that.
# Writes DIR/report.png (1280 px) and DIR/report-phone.png (DIR defaults to build/report-check; docs/report.png,
# which the README shows, is made with --out docs). Needs Debian's chromium: `scripts/bootstrap.sh --report-check`
# installs it; CI does not run this script (the XHTML itself is checked by test/Trainer/html-report.test).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
out_dir="$root/build/report-check"
if [[ "${1:-}" == "--out" ]]; then
  out_dir="$2"
  shift 2
fi
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "check_report.sh: chromium is not installed (scripts/bootstrap.sh --report-check installs it)" >&2
  exit 1
fi
mkdir -p "$out_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

report="${1:-}"
if [[ -z "$report" ]]; then
  "$build_dir/bin/leptonc" "$root/examples/fashion_mlp.lep" -o "$work/fashion_mlp"
  (cd "$work" && ./fashion_mlp --epochs 5 --save mlp.ckpt --report run.html > train.txt)
  report="$work/run.html"
fi
report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

# One screenshot per width: a desktop window, and a phone's 390 CSS pixels (an iPhone 12 to 15) at scale 2.
render() {
  local name="$1" size="$2" scale="$3"
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --force-device-scale-factor="$scale" --window-size="$size" \
    --screenshot="$out_dir/$name" "file://$report" > "$work/chromium.log" 2>&1 ||
    { cat "$work/chromium.log" >&2; exit 1; }
  [[ -s "$out_dir/$name" ]] || { echo "check_report.sh: no $name" >&2; exit 1; }
  echo "check_report.sh: $out_dir/$name ($size)"
}
render report.png 1280,1700 1
render report-phone.png 390,2500 1
