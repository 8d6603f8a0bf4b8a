#!/usr/bin/env bash
# Benchmark (run on demand, not part of the tests): extracts the canonical report from text sources
# over and over, in process (release build), and prints documents per second and peak memory:
# first the text fixtures (seeds, the 2021 report's pdftotext output with and without -layout), then
# each raw-order table among many rows of zeros in Benchmarks/Inputs (the costliest search: one
# process per file, so that each peak is its own). Usage: Scripts/bench-extract.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
Scripts/build.sh -c release --product nianbao-bench >/dev/null
mapfile -t samples < <(ls Tests/Fixtures/seeds/*/input.txt Tests/Fixtures/reports/*/input.pdf-*.txt)
echo "text samples (${#samples[@]} files):"
.build/release/nianbao-bench --extract --seconds "$seconds" "${samples[@]}"
for f in Benchmarks/Inputs/*.raw.txt; do
  echo "$f:"
  .build/release/nianbao-bench --extract --seconds "$seconds" "$f"
done
