#!/usr/bin/env bash
# `swift build` with up to three tries. SwiftPM 6.3 builds the plugin tool SpecEmbedder both for the
# plugin and as a target of the package, and in a fresh debug build the two can race on the same
# object file ("SpecEmbedder.swiftmodule.o ... doesn't exist"); a second try finishes the build.
set -uo pipefail
cd "$(dirname "$0")/.."
for try in 1 2 3; do
  if swift build "$@"; then exit 0; fi
  echo "build: try $try failed; trying again" >&2
done
exit 1
