#!/usr/bin/env bash
# Turns one report (any shape: DOCX, HTML, mangled text) into a clean Word file, a CSV of its values
# and Markdown: OUT.docx, OUT.csv (long, with the BOM Excel needs), OUT.md.
# Usage: Scripts/repair.sh INPUT OUT        e.g. Scripts/repair.sh Samples/seeds/002_f13d2195483ea46f.txt out/seed002
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: Scripts/repair.sh INPUT OUT" >&2; exit 2; }
cd "$(dirname "$0")/.."
Scripts/setup.sh
Scripts/build.sh -c release --product nianbao >/dev/null
mkdir -p "$(dirname "$2")"
for ext in docx md; do .build/release/nianbao convert "$1" -o "$2.$ext"; done
.build/release/nianbao convert "$1" -o "$2.csv" --excel
echo "wrote $2.docx, $2.csv and $2.md"
