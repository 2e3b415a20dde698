#!/usr/bin/env bash
# Start every real service the test suite needs; fail, leaving none running, if any does not come up.
#
#   scripts/services/start-all.sh
#
# First installs every missing Debian package in one step (packages.sh), then starts the
# services in parallel. If one fails, or this script is interrupted, it stops all of them.
# Environment: TIANLUO_SERVICES (default "redis chromium opensearch opensearch3 elasticsearch elasticsearch9"),
# TIANLUO_SERVICES_HOME (state folder, default <repo>/.services), and each script's own.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HOME_DIR="${TIANLUO_SERVICES_HOME:-$HERE/../../.services}"
mkdir -p "$HOME_DIR"
LOGDIR=$(cd "$HOME_DIR" && pwd)
read -r -a services <<<"${TIANLUO_SERVICES:-redis chromium opensearch opensearch3 elasticsearch elasticsearch9}"

pids=()
names=()
abort() {
  trap - INT TERM
  echo "services: interrupted; stopping what was started" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait 2>/dev/null
  bash "$HERE/stop-all.sh" >&2
  exit 130
}
trap abort INT TERM

if ! bash "$HERE/packages.sh"; then
  echo "services: the Debian packages the tests need could not be installed (see above)" >&2
  exit 1
fi

for svc in "${services[@]}"; do
  script="$HERE/$svc.sh"
  [ -x "$script" ] || { echo "services: no such service script $script" >&2; exit 1; }
  ( if [ "$svc" = chromium ]; then "$script"; else "$script" start; fi ) >"$LOGDIR/$svc.start.log" 2>&1 &
  pids+=($!); names+=("$svc")
done
failed=()
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    echo "service ${names[$i]}: ok"
  else
    echo "service ${names[$i]}: FAILED to start:" >&2
    tail -30 "$LOGDIR/${names[$i]}.start.log" >&2
    failed+=("${names[$i]}")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "services: ${failed[*]} did not start; stopping the others" >&2
  bash "$HERE/stop-all.sh" >&2
  exit 1
fi
