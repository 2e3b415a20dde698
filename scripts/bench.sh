#!/usr/bin/env bash
# `make bench`: start the search engine the writer benchmark needs, run every benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
export TIANLUO_TEST_OPENSEARCH_URL=${TIANLUO_TEST_OPENSEARCH_URL:-http://127.0.0.1:9250}
trap 'bash scripts/services/opensearch.sh stop >/dev/null 2>&1 || true' EXIT
bash scripts/services/opensearch.sh start
.venv/bin/python bench/run.py "$@"
