#!/usr/bin/env bash
# The main job on the samples: builds nianbao and converts every file in Samples/ to Markdown and JSON
# under out/ (mirroring the Samples/ tree). Prints one line per file.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product nianbao
bin=.build/release/nianbao
status=0
while IFS= read -r -d '' f; do
  rel=${f#Samples/}
  stem="out/${rel%.*}"
  mkdir -p "$(dirname "$stem")"
  if "$bin" convert "$f" -o "$stem.md" && "$bin" convert "$f" -o "$stem.json"; then
    echo "converted $f -> $stem.md, $stem.json"
  else
    status=1
  fi
done < <(find Samples -type f \( -name '*.docx' -o -name '*.html' -o -name '*.htm' -o -name '*.txt' \) -print0 | sort -z)
exit $status
