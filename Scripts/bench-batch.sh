#!/usr/bin/env bash
# Batch benchmark (run on demand, not part of the tests). Generates a corpus of realistic DOCX reports
# (gen_corpus.py with LibreOffice, made distinct up to COUNT files) and a mixed-format corpus, then
# prints in one run: documents per second for `nianbao batch`; for `pandoc -t gfm` on the same DOCX
# files (2 processes in parallel, on a sample); for a floor that only unzips word/document.xml and
# parses it with libxml2 (2 threads); and peak memory of the batch, also for 10,000 documents.
# Usage: Scripts/bench-batch.sh [COUNT]      (default 2000; the corpus is kept in $NIANBAO_BENCH_DIR, /tmp/nianbao-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}
dir=${NIANBAO_BENCH_DIR:-/tmp/nianbao-bench}
Scripts/setup.sh --tools >/dev/null
Scripts/build.sh -c release --product nianbao >/dev/null
Scripts/build.sh -c release --product nianbao-bench >/dev/null
bin=.build/release/nianbao
if [ ! -d "$dir/gen" ]; then
  echo "generating 200 reports with LibreOffice into $dir/gen ..."
  python3 Scripts/gen_corpus.py "$dir/gen" --count 200 --seed 7 >/dev/null
fi
python3 Scripts/make_bench_corpus.py "$dir/gen" "$dir/docx" "$count"
python3 Scripts/make_bench_corpus.py "$dir/gen" "$dir/mixed" "$count" --mixed
cores=$(nproc)
run_batch() {   # $1 input, $2 label; prints the end-to-end rate (listing, processing, database, CSV export)
  rm -rf "$dir/out"
  /usr/bin/time -f "%e %M" -o "$dir/rss" "$bin" batch "$1" -o "$dir/out" --quiet >"$dir/summary" 2>&1 || true
  local line wall rss docs rate
  line=$(head -1 "$dir/summary")
  docs=$(echo "$line" | sed -E 's/^([0-9]+) documents.*/\1/')
  read -r wall rss <"$dir/rss"
  rate=$(awk -v n="$docs" -v t="$wall" 'BEGIN { printf "%.0f", n / t }')
  printf '%-34s %s documents in %s s end to end = %s documents/s (peak memory %d MB; processing alone: %s)\n' \
    "$2" "$docs" "$wall" "$rate" $(( rss / 1024 )) "$(echo "$line" | sed -E 's/.*\(([0-9]+\/s)\).*/\1/')" >&2
  echo "$rate"
}
echo "machine: $cores cores; corpus: $count DOCX ($(du -sh "$dir/docx" | cut -f1)), $count mixed ($(du -sh "$dir/mixed" | cut -f1))"
ours=$(run_batch "$dir/docx" "nianbao batch, DOCX:")
run_batch "$dir/mixed" "nianbao batch, mixed formats:" >/dev/null
floor_line=$(find "$dir/docx" -name '*.docx' -print0 | xargs -0 .build/release/nianbao-bench --floor --jobs "$cores")
echo "$floor_line"
floor=$(echo "$floor_line" | sed -E 's/.*= ([0-9.]+) documents.*/\1/')
sample=$(find "$dir/docx" -name '*.docx' | sort | sed -n 1,100p)
start=$(date +%s.%N)
echo "$sample" | xargs -P "$cores" -I{} sh -c 'pandoc -f docx -t gfm "$1" -o /dev/null 2>/dev/null || true' _ {}
pandoc_rate=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", 100 / (e - s) }')
echo "pandoc $(pandoc --version | head -1 | cut -d' ' -f2) -t gfm, $cores processes: 100 documents = $pandoc_rate documents/s"
awk -v a="$ours" -v p="$pandoc_rate" -v f="$floor" 'BEGIN { printf "nianbao batch / pandoc: %.0fx; floor / nianbao batch: %.1fx\n", a / p, f / a }'
if [ "${NIANBAO_BENCH_10K:-1}" = 1 ]; then
  python3 Scripts/make_bench_corpus.py "$dir/gen" "$dir/docx10k" 10000
  run_batch "$dir/docx10k" "nianbao batch, 10,000 DOCX:" >/dev/null
fi
