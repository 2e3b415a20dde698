#!/usr/bin/env bash
# `make test`: start the real services, lint and type-check, run the whole suite, stop services.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export TIANLUO_TEST_OPENSEARCH_URL=${TIANLUO_TEST_OPENSEARCH_URL:-http://127.0.0.1:9250}
export TIANLUO_TEST_ES_URL=${TIANLUO_TEST_ES_URL:-http://127.0.0.1:9260}
export TIANLUO_TEST_REDIS_URL=${TIANLUO_TEST_REDIS_URL:-redis://127.0.0.1:6390/0}
export TIANLUO_TEST_CHROMIUM=${TIANLUO_TEST_CHROMIUM:-/usr/bin/chromium}


bash scripts/services/start-all.sh &
services=$!
trap 'wait $services 2>/dev/null; bash scripts/services/stop-all.sh' EXIT

echo "== lint"
$BIN/ruff check .
$BIN/ruff format --check .
$BIN/mypy .

echo "== services"
wait $services

echo "== tests"
$BIN/python -m pytest -p no:cacheprovider "$@"
