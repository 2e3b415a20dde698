#!/usr/bin/env bash
# Start, stop or check the Elasticsearch 9 test node: elasticsearch.sh with 9.x jars, Java 21+.
#
#   scripts/services/elasticsearch9.sh start|stop|status
#
# Environment (all optional): TIANLUO_ES9_VERSION (default 9.2.0), TIANLUO_ES9_PORT (9280;
# transport 9380), TIANLUO_ES9_JAVA_HOME (default: the newest /usr/lib/jvm JDK of 21 or more).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

java_home="${TIANLUO_ES9_JAVA_HOME:-}"
[[ -n "$java_home" ]] || java_home="$("$here/jdk.sh" 21)" || java_home=
if [[ -z "$java_home" && "${1:-}" == start ]]; then
    echo "elasticsearch9.sh: Elasticsearch 9 needs a JDK 21 or newer; none found under /usr/lib/jvm (set TIANLUO_ES9_JAVA_HOME)" >&2
    exit 1
fi

port="${TIANLUO_ES9_PORT:-9280}"
JAVA_HOME="$java_home" \
TIANLUO_ES_VERSION="${TIANLUO_ES9_VERSION:-9.2.0}" \
TIANLUO_ES_HOME="${TIANLUO_SERVICES_HOME:-$repo/.services}/elasticsearch9" \
TIANLUO_ES_PORT="$port" \
TIANLUO_ES_TRANSPORT_PORT="$((port + 100))" \
    exec "$here/elasticsearch.sh" "$@"
