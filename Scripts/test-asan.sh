#!/usr/bin/env bash
# The whole test suite under AddressSanitizer (and LeakSanitizer), in its own build directory.
# Leaks of the XCTest harness are suppressed (Tests/lsan.supp); any other leak or memory error fails.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh "$@"
export LSAN_OPTIONS="suppressions=$PWD/Tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
# A few seeds of each property test (Tests/NianbaoKitTests/Support/PropertySeeds.swift), even if NIANBAO_LONG=1 is set.
export NIANBAO_FEW_SEEDS=1
for try in 1 2 3; do
  swift build --build-tests --sanitize=address --scratch-path .build-asan && break
  [ "$try" = 3 ] && exit 1
  echo "test-asan: build try $try failed; trying again" >&2
done
swift test --skip-build --sanitize=address --scratch-path .build-asan
