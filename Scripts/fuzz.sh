#!/usr/bin/env bash
# Fuzzes every reader with libFuzzer (and AddressSanitizer), each for a bounded time.
#
#   Scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default 600 s; FuzzDOCX FuzzHTML FuzzText
#
# Builds the targets of Tests/Fuzz in .build-fuzz (NIANBAO_FUZZ=1, see Package.swift), seeds each
# corpus from the fixture inputs of Tests/Fixtures/, runs the targets one after the other, and copies any crasher into
# Tests/Fixtures/fuzz/TARGET/, where the test suite replays it (FuzzRegressionTests) from then on.
# A crash, a leak, a run out of memory or an input that takes over 10 s (a timeout) is a failure:
# exit status 1. An input slower than 5 s but under the timeout (libFuzzer's slow-unit) is reported
# and kept in .build-fuzz/slow/TARGET/ to look at, not failed: the readers' own budgets bound it, and
# under AddressSanitizer it runs several times slower than in a release build. The log of each run
# is .build-fuzz/TARGET.log.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzDOCX FuzzHTML FuzzText)

for target in "${targets[@]}"; do
  for try in 1 2 3; do
    NIANBAO_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product "$target" >.build-fuzz.log 2>&1 && break
    [ "$try" = 3 ] && { cat .build-fuzz.log; echo "fuzz: cannot build $target" >&2; exit 2; }
  done
done
rm -f .build-fuzz.log

seed() { # TARGET: the fixture inputs (Tests/Fixtures/AREA/CASE/input.EXT) that suit its reader
  case "$1" in
    FuzzDOCX) { find Tests/Fixtures -path '*/input.docx'; find Tests/Fixtures/bad -name '*.docx'; } | sort ;;
    FuzzHTML) find Tests/Fixtures -path '*/input.html' | sort ;;
    FuzzText) find Tests/Fixtures -path '*/input.*' \( -name '*.txt' -o -name '*.md' \) | sort ;;
  esac
}

status=0
for target in "${targets[@]}"; do
  corpus=".build-fuzz/corpus/$target"
  crashes="Tests/Fixtures/fuzz/$target"
  mkdir -p "$corpus" "$crashes" ".build-fuzz/artifacts/$target"
  seed "$target" | while read -r f; do cp "$f" "$corpus/seed-$(echo "${f#Tests/Fixtures/}" | tr / _)"; done
  echo "fuzz: $target for ${seconds}s (corpus $corpus)"
  .build-fuzz/release/"$target" "$corpus" \
    -max_total_time="$seconds" -timeout=10 -report_slow_units=5 -rss_limit_mb=2048 -max_len=262144 \
    -print_final_stats=1 -artifact_prefix=".build-fuzz/artifacts/$target/" >".build-fuzz/$target.log" 2>&1
  rc=$?
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' ".build-fuzz/$target.log" | tr '\n' ' '
  echo
  found=0
  for artifact in ".build-fuzz/artifacts/$target"/*; do
    [ -e "$artifact" ] || continue
    if [[ "$(basename "$artifact")" == slow-unit-* ]]; then
      mkdir -p ".build-fuzz/slow/$target" && cp "$artifact" ".build-fuzz/slow/$target/"
      echo "fuzz: $target: slow input (under the timeout) kept in .build-fuzz/slow/$target/$(basename "$artifact")" >&2
      continue
    fi
    cp "$artifact" "$crashes/"
    echo "fuzz: $target: kept $(basename "$artifact") in $crashes" >&2
    found=1
  done
  rm -f ".build-fuzz/artifacts/$target"/*
  if [ "$rc" -ne 0 ] || [ "$found" = 1 ]; then
    echo "fuzz: $target failed (exit $rc); see .build-fuzz/$target.log" >&2
    status=1
  else
    echo "fuzz: $target: no crash"
  fi
done
exit "$status"
