#!/usr/bin/env bash
# Hunts flaky tests: runs the test suite many times, several runs side by side so that each
# loads the machine for the others, each in a fresh clone of the committed HEAD, and prints
# which tests failed in which run.
#
#   scripts/flake-hunt.sh [--rounds N] [--parallel P] [--keep] [-- COMMAND...]
#
#   --rounds N     rounds to run (default 5)
#   --parallel P   runs side by side in each round (default 2)
#   --keep         keep the clones of passing runs (failing ones are always kept)
#   COMMAND        what each run executes in its clone (default: bash .ci/run, as CI does);
#                  e.g. -- ./mvnw -B verify -pl netpoll-epoll -am
#
# Logs and clones go under ${FLAKE_HUNT_DIR:-/tmp/flake-hunt}. The exit code is 0 only when every
# run passed.
set -euo pipefail
# Job control: without it a script's background jobs start with SIGINT ignored, which their JVMs
# would inherit, unlike a run started from a terminal or by CI.
set -m

rounds=5 parallel=2 keep=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "flake-hunt: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
command=("$@")
[[ ${#command[@]} -gt 0 ]] || command=(bash .ci/run)

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
head=$(git -C "$repo" rev-parse --short HEAD)
base=${FLAKE_HUNT_DIR:-/tmp/flake-hunt}/$head-$(date +%Y%m%d-%H%M%S)
mkdir -p "$base"
echo "flake-hunt: $rounds rounds x $parallel runs of '${command[*]}' on $head, in $base"

# Prints the failing test cases that surefire and failsafe reported under directory $1.
failed_tests() {
  grep -l -E '<(failure|error)' -r "$1" --include='TEST-*.xml' 2>/dev/null | while read -r report; do
    python3 - "$report" <<'PY'
import sys, xml.etree.ElementTree as ET
for case in ET.parse(sys.argv[1]).getroot().iter('testcase'):
    for bad in list(case.findall('failure')) + list(case.findall('error')):
        msg = (bad.get('message') or '').splitlines()[0:1]
        print(f"  {case.get('classname')}.{case.get('name')}: {msg[0] if msg else bad.get('type')}")
PY
  done
}

passed=0 failed=0
for ((round = 1; round <= rounds; round++)); do
  pids=()
  for ((run = 1; run <= parallel; run++)); do
    dir=$base/r$round-$run
    git clone -q "$repo" "$dir"
    ( cd "$dir" && CI=true "${command[@]}" ) > "$dir.log" 2>&1 < /dev/null &
    pids+=($!)
  done
  for ((run = 1; run <= parallel; run++)); do
    dir=$base/r$round-$run
    start=$(stat -c %Y "$dir")
    if wait "${pids[run - 1]}"; then
      passed=$((passed + 1))
      echo "round $round run $run: passed ($(( $(date +%s) - start )) s)"
      $keep || rm -rf "$dir"
    else
      failed=$((failed + 1))
      echo "round $round run $run: FAILED ($(( $(date +%s) - start )) s), log $dir.log"
      failed_tests "$dir"
    fi
  done
done
echo "flake-hunt: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
