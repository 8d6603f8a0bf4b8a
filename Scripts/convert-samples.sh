#!/usr/bin/env bash
# The main job on the samples: builds nianbao and, for every file in Samples/, writes under out/
# (mirroring the Samples/ tree) the converted document (.md, .docx, .json: the document as read),
# and for reports the repaired report (.md and .docx rebuilt, .csv of values) and the canonical
# values (.report.json). Prints one line per file; exits 1 if any file failed.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
Scripts/build.sh -c release --product nianbao
bin=.build/release/nianbao
status=0
while IFS= read -r -d '' f; do
  rel=${f#Samples/}
  stem="out/$rel"
  mkdir -p "$(dirname "$stem")"
  if "$bin" convert "$f" -o "$stem.md" && "$bin" convert "$f" -o "$stem.docx" && "$bin" convert "$f" -o "$stem.json" \
     && "$bin" convert "$f" -o "$stem.csv" && "$bin" extract "$f" -o "$stem.report.json"; then
    echo "converted $f -> $stem.{md,docx,json,csv,report.json}"
  else
    status=1
  fi
done < <(find Samples -type f \( -name '*.docx' -o -name '*.html' -o -name '*.htm' -o -name '*.txt' \) -print0 | sort -z)
exit $status
