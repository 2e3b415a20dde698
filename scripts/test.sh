#!/usr/bin/env bash
# `make test`: install and start the real services, lint and type-check, run the whole suite.
# Whatever happens (success, failure, Ctrl-C, SIGTERM) every service it started is stopped,
# and the run fails if one of their processes had to be killed as a left-over.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export TIANLUO_TEST_OPENSEARCH_URL=${TIANLUO_TEST_OPENSEARCH_URL:-http://127.0.0.1:9250}
export TIANLUO_TEST_ES_URL=${TIANLUO_TEST_ES_URL:-http://127.0.0.1:9260}
export TIANLUO_TEST_ES9_URL=${TIANLUO_TEST_ES9_URL:-http://127.0.0.1:9280}
export TIANLUO_TEST_OS3_URL=${TIANLUO_TEST_OS3_URL:-http://127.0.0.1:9290}
export TIANLUO_TEST_REDIS_URL=${TIANLUO_TEST_REDIS_URL:-redis://127.0.0.1:6390/0}
export TIANLUO_TEST_CHROMIUM=${TIANLUO_TEST_CHROMIUM:-/usr/bin/chromium}

services=
tests=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$tests" ]] && kill -0 "$tests" 2>/dev/null; then
    kill -TERM "$tests" 2>/dev/null || true
    wait "$tests" 2>/dev/null || true
  fi
  if [[ -n "$services" ]] && kill -0 "$services" 2>/dev/null; then
    kill -TERM "$services" 2>/dev/null || true
  fi
  [[ -n "$services" ]] && { wait "$services" 2>/dev/null || true; }
  echo "== stopping services"
  bash scripts/services/stop-all.sh || { [[ $rc -ne 0 ]] || rc=1; }
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash scripts/services/start-all.sh &
services=$!

echo "== lint"
$BIN/ruff check .
$BIN/ruff format --check .
$BIN/mypy .

echo "== services"
if ! wait "$services"; then
  services=
  echo "== services did not start (see above); not running the tests" >&2
  exit 1
fi
services=

echo "== tests"
# In the background so that a SIGTERM to this script is handled at once, not after the suite.
$BIN/python -m pytest -p no:cacheprovider "$@" &
tests=$!
wait "$tests"
