#!/usr/bin/env bash
# Installs what nianbao needs to build on Debian/Ubuntu: the C libraries (libxml2, libzip, jemalloc, libcrypto) and pkg-config.
# With --tools it also installs the real peers used by tests and benchmarks (pandoc, LibreOffice,
# poppler-utils, a CJK font). Safe to run again: it only installs what is missing.
set -euo pipefail
need=()
for pkg in pkg-config libxml2-dev libzip-dev libjemalloc-dev libssl-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${1:-}" = "--tools" ]; then
  for pkg in pandoc poppler-utils fonts-wqy-zenhei libreoffice-writer-nogui; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6.1 or newer is needed)" >&2; exit 1; }
