#!/usr/bin/env bash
# Start, stop or check the OpenSearch 3 test node: opensearch.sh on 3.x jars, Java 21+.
#
#   scripts/services/opensearch3.sh start|stop|status
#
# The jars (org.opensearch:opensearch and the module artifacts, pinned in opensearch3/pom.xml)
# come from Maven Central; opensearch3/TianluoOpenSearch3.java starts the node with them.
# Environment (all optional): TIANLUO_OS3_PORT (9290; transport 9390), TIANLUO_OS3_HEAP,
# TIANLUO_OS3_DIR (state folder, default <repo>/.services/opensearch3),
# TIANLUO_OS3_JAVA_HOME (default: the newest /usr/lib/jvm JDK of 21 or more).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

java_home="${TIANLUO_OS3_JAVA_HOME:-}"
[[ -n "$java_home" ]] || java_home="$("$here/jdk.sh" 21)" || java_home=
if [[ -z "$java_home" && "${1:-}" == start ]]; then
    echo "opensearch3.sh: OpenSearch 3 needs a JDK 21 or newer; none found under /usr/lib/jvm (set TIANLUO_OS3_JAVA_HOME)" >&2
    exit 1
fi

JAVA_HOME="$java_home" \
TIANLUO_OPENSEARCH_NAME=opensearch3 \
TIANLUO_OPENSEARCH_SRC="$here/opensearch3" \
TIANLUO_OPENSEARCH_PORT="${TIANLUO_OS3_PORT:-9290}" \
TIANLUO_OPENSEARCH_HEAP="${TIANLUO_OS3_HEAP:-}" \
TIANLUO_OPENSEARCH_DIR="${TIANLUO_OS3_DIR:-${TIANLUO_SERVICES_HOME:-$repo/.services}/opensearch3}" \
TIANLUO_OPENSEARCH_JAVA_OPTS="--enable-native-access=ALL-UNNAMED" \
    exec "$here/opensearch.sh" "$@"
