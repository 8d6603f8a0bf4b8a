#!/usr/bin/env bash
# Benchmark (run on demand, not part of the tests): converts the DOCX fixtures (Tests/Fixtures/*/*/input.docx) to Markdown many times
# with nianbao (in process, release build) and the same files with Debian's `pandoc -t gfm`, and prints
# documents per second for both and the ratio. Usage: Scripts/bench-convert.sh [SECONDS] [FILE...]
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh --tools >/dev/null
seconds=${1:-5}
shift || true
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(find Tests/Fixtures -path '*/input.docx' | sort); fi
[ ${#files[@]} -gt 0 ] || { echo "no DOCX files to convert" >&2; exit 2; }
Scripts/build.sh -c release --product nianbao-bench >/dev/null
echo "files: ${#files[@]} DOCX ($(du -ch "${files[@]}" | tail -1 | cut -f1))"
ours=$(.build/release/nianbao-bench --seconds "$seconds" "${files[@]}")
echo "$ours"
n=0
failed=0
start=$(date +%s.%N)
while :; do
  for f in "${files[@]}"; do
    pandoc -f docx -t gfm "$f" -o /dev/null 2>/dev/null || failed=$((failed + 1))   # pandoc 2.17 cannot open strict OOXML
    n=$((n + 1))
  done
  now=$(date +%s.%N)
  awk -v s="$start" -v e="$now" -v t="$seconds" 'BEGIN { exit !(e - s < t) }' || break
done
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
theirs=$(awk -v n="$n" -v e="$elapsed" 'BEGIN { printf "%.1f", n / e }')
printf 'pandoc %s (-t gfm): %d documents in %.2f s = %s documents/s (%d of them failed)\n' "$(pandoc --version | head -1 | cut -d' ' -f2)" "$n" "$elapsed" "$theirs" "$failed"
mine=$(echo "$ours" | sed -E 's/.*= ([0-9.]+) documents.*/\1/')
awk -v a="$mine" -v b="$theirs" 'BEGIN { printf "nianbao / pandoc throughput: %.0fx\n", a / b }'
