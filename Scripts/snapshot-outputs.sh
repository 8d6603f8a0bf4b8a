#!/usr/bin/env bash
# Writes what a nianbao binary makes of many files, for checking that a change of code changes no output:
# for each input, `extract --to json`, `convert --to json` and `convert --to md`, with each exit status and
# error text, under OUTDIR (one folder per input, named by its path). Compare two runs with `diff -r`.
# Usage: Scripts/snapshot-outputs.sh BIN OUTDIR FILE_OR_FOLDER...   (folders are walked; JOBS=2 by default)
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 BIN OUTDIR FILE_OR_FOLDER..." >&2; exit 2; }
bin=$(realpath "$1"); out=$2; shift 2
mkdir -p "$out"
one() {
  local bin=$1 out=$2 f=$3
  local dir="$out/$(printf '%s' "$f" | sed 's#^\./##; s#/#%#g')"
  mkdir -p "$dir"
  for job in "extract --to json" "convert --to json" "convert --to md"; do
    local name=${job// --to /.}
    set +e
    # shellcheck disable=SC2086
    "$bin" $job "$f" > "$dir/$name" 2> "$dir/$name.err"
    echo $? > "$dir/$name.rc"
    set -e
  done
}
export -f one
# Fixture folders (Tests/Fixtures/AREA/CASE/): only their input.* is an input; expected.*, grid.json,
# blocks.json, truth.json and case.json are what it must give.
find "$@" -type f ! -name '*.truth.json' ! -name 'MANIFEST.tsv' ! -name 'README*' \
  ! -name 'expected.*' ! -name 'grid.json' ! -name 'blocks.json' ! -name 'truth.json' ! -name 'case.json' -print0 | sort -z \
  | xargs -0 -n 1 -P "${JOBS:-2}" bash -c 'one "$0" "$1" "$2"' "$bin" "$out"
echo "snapshot: $(find "$out" -mindepth 1 -maxdepth 1 -type d | wc -l) inputs in $out"
