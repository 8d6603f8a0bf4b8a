#!/usr/bin/env bash
# The test command: installs missing system packages, builds, and runs every test (the property
# tests with a fixed few of their seeds; NIANBAO_LONG=1 Scripts/test.sh runs every seed, as .ci/run does).
# Usage: Scripts/test.sh            (add --tools to also install pandoc/LibreOffice for the tests that use them)
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh "$@"
Scripts/build.sh --build-tests
swift test --skip-build 2>&1 | tee .build/test.log
