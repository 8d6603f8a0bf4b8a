#!/usr/bin/env bash
# Installs what nianbao needs to build on Debian/Ubuntu: the C libraries (libxml2, libzip, jemalloc, libcrypto) and pkg-config.
# With --tools it also installs the real peers used by tests and benchmarks (pandoc, LibreOffice,
# poppler-utils, a CJK font, and in .build/pdf-tools the Python extractors pdfplumber, PyMuPDF and pymupdf4llm). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in pkg-config libxml2-dev libzip-dev libjemalloc-dev libssl-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${1:-}" = "--tools" ]; then
  for pkg in pandoc poppler-utils fonts-wqy-zenhei libreoffice-writer-nogui python3-venv; do
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
# The Python PDF extractors whose text the corpus also scores (Scripts/pdf_text.py), pinned.
if [ "${1:-}" = "--tools" ] && [ ! -x .build/pdf-tools/bin/python ]; then
  echo "setup: making .build/pdf-tools (pdfplumber, PyMuPDF, pymupdf4llm)" >&2
  # Only the corpus needs them: without them (no network) it leaves those shapes out.
  if ! { python3 -m venv .build/pdf-tools && .build/pdf-tools/bin/pip install -q pdfplumber==0.11.10 pdfminer.six==20260107 pymupdf==2.0 pymupdf4llm==2.0; }; then
    echo "setup: could not make .build/pdf-tools; the corpus will leave out the pdfplumber and PyMuPDF shapes" >&2
    rm -rf .build/pdf-tools
  fi
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6.1 or newer is needed)" >&2; exit 1; }
