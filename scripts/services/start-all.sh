#!/usr/bin/env bash
# Start every real service the test suite needs, in parallel; fail if any does not come up.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$HERE/../../.services"
LOGDIR="$HERE/../../.services"
pids=()
names=()
for svc in redis chromium opensearch elasticsearch; do
  script="$HERE/$svc.sh"
  [ -x "$script" ] || { echo "missing $script" >&2; exit 1; }
  ( if [ "$svc" = chromium ]; then "$script"; else "$script" start; fi ) >"$LOGDIR/$svc.start.log" 2>&1 &
  pids+=($!); names+=("$svc")
done
failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    echo "service ${names[$i]}: ok"
  else
    echo "service ${names[$i]}: FAILED to start:" >&2
    tail -30 "$LOGDIR/${names[$i]}.start.log" >&2
    failed=1
  fi
done
exit $failed
