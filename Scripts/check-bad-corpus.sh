#!/usr/bin/env bash
# Runs `nianbao convert` and `nianbao extract` on every file of Tests/Fixtures/bad/ (and on a 100 MB
# single-line text written here) and checks what the issue asks of each: exit status 2, one line
# on standard error naming the file, no output file, under 5 seconds and under 500 MB of memory.
# Prints one line per run with its time and peak memory; exits 1 if any check fails.
set -uo pipefail
cd "$(dirname "$0")/.."
Scripts/build.sh -c release --product nianbao >/dev/null || exit 2
bin=.build/release/nianbao
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c $((100 << 20)) /dev/zero | tr '\0' 'x' >"$work/one-100MB-line.txt"
status=0
worst_time=0
worst_kb=0
for file in Tests/Fixtures/bad/* "$work/one-100MB-line.txt"; do
  for command in convert extract; do
    out="$work/out"
    rm -f "$out"
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" "$command" "$file" -o "$out" 2>"$work/err" >/dev/null
    rc=$?
    # GNU time puts "Command exited with non-zero status N" before the figures.
    read -r seconds kb < <(tail -1 "$work/time")
    lines=$(wc -l <"$work/err")
    problem=""
    [ "$rc" -eq 2 ] || problem+=" exit $rc"
    [ "$lines" -eq 1 ] && grep -qF "$file" "$work/err" || problem+=" error not one line naming the file"
    [ -e "$out" ] && problem+=" output written"
    awk -v s="$seconds" 'BEGIN { exit !(s >= 5) }' && problem+=" too slow"
    [ "$kb" -lt $((500 * 1024)) ] || problem+=" too much memory"
    awk -v s="$seconds" -v w="$worst_time" 'BEGIN { exit !(s > w) }' && worst_time=$seconds
    [ "$kb" -gt "$worst_kb" ] && worst_kb=$kb
    printf '%-8s %-48s %5.2f s %4d MB%s\n' "$command" "$(basename "$file")" "$seconds" $((kb / 1024)) "${problem:+  FAIL:$problem}"
    [ -n "$problem" ] && status=1
  done
done
echo "bad corpus: slowest run ${worst_time} s, largest $((worst_kb / 1024)) MB; $([ $status = 0 ] && echo 'every check passed' || echo 'FAILED')"
exit $status
