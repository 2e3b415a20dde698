#!/usr/bin/env bash
# Start, stop or check the real Elasticsearch 8 test node (see scripts/services/README.md).
#
#   scripts/services/elasticsearch.sh start    # resolve jars, compile launcher, start, wait for health
#   scripts/services/elasticsearch.sh stop     # SIGTERM, wait for a clean close
#   scripts/services/elasticsearch.sh status   # exit 0 when running and yellow/green
#
# Environment (all optional):
#   TIANLUO_ES_PORT            HTTP port on 127.0.0.1 (default 9260)
#   TIANLUO_ES_TRANSPORT_PORT  node-to-node port on 127.0.0.1 (default 9360)
#   TIANLUO_ES_HOME            runtime folder (default <repo>/.services/elasticsearch, gitignored)
#   TIANLUO_ES_START_TIMEOUT   seconds to wait for yellow/green health (default 180)
#   TIANLUO_ES_VERSION         Elasticsearch version (default <es.version> of the pom); 9.x
#                              needs Java 21+: JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
#   JAVA_HOME                  a JDK 17 or newer (default: java and javac on PATH)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
src="$here/elasticsearch"

port="${TIANLUO_ES_PORT:-9260}"
transport_port="${TIANLUO_ES_TRANSPORT_PORT:-9360}"
es_home="${TIANLUO_ES_HOME:-${TIANLUO_SERVICES_HOME:-$repo/.services}/elasticsearch}"
timeout_s="${TIANLUO_ES_START_TIMEOUT:-180}"
pid_file="$es_home/elasticsearch.pid"
log_file="$es_home/logs/node.log"
url="http://127.0.0.1:$port"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac_bin="${JAVA_HOME:+$JAVA_HOME/bin/}javac"

es_version="${TIANLUO_ES_VERSION:-$(sed -n 's:.*<es.version>\(.*\)</es.version>.*:\1:p' "$src/pom.xml")}"
[[ -n "$es_version" ]] || { echo "elasticsearch.sh: no <es.version> in $src/pom.xml" >&2; exit 1; }

log() { echo "elasticsearch.sh: $*" >&2; }

running_pid() {
    # Prints the node's pid when the pid file names a live java process.
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid="$(cat "$pid_file")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -q EsNodeLauncher "/proc/$pid/cmdline" 2>/dev/null \
        && echo "$pid"
}

health_status() {
    # Prints green/yellow/red, or nothing when the node does not answer.
    local body
    body="$(curl -fsS --max-time 5 "$url/_cluster/health" 2>/dev/null)" || return 0
    sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' <<<"$body"
}

resolve_jars() {
    # Copies the server jars to lib/ and the netty4 plugin to modules/transport-netty4/, once per version.
    local marker="$es_home/lib/.resolved-$es_version"
    [[ -f "$marker" ]] && return 0
    command -v mvn >/dev/null || { log "mvn not found on PATH (needed once to fetch the jars from Maven Central)"; exit 1; }
    log "resolving Elasticsearch $es_version jars from Maven Central into $es_home"
    rm -rf "$es_home/lib" "$es_home/modules"
    mvn -B -q -Dstyle.color=never -f "$src/pom.xml" -Des.home="$es_home" -Des.version="$es_version" \
        dependency:copy-dependencies@lib dependency:copy-dependencies@netty4
    # The plugin jar carries its own descriptor and entitlement policy; a module folder needs them beside the jars.
    local mod="$es_home/modules/transport-netty4"
    unzip -q -o -j "$mod/transport-netty4-$es_version.jar" 'META-INF/es-plugins/transport-netty4/*' -d "$mod"
    [[ -f "$mod/plugin-descriptor.properties" ]] || { log "no plugin-descriptor.properties in transport-netty4-$es_version.jar"; exit 1; }
    touch "$marker"
}

compile_launcher() {
    local classes="$es_home/launcher"
    if [[ ! -f "$classes/EsNodeLauncher.class" || "$src/EsNodeLauncher.java" -nt "$classes/EsNodeLauncher.class" ]]; then
        mkdir -p "$classes"
        "$javac_bin" -d "$classes" --module-path "$es_home/lib" --add-modules ALL-MODULE-PATH "$src/EsNodeLauncher.java"
    fi
}

check_java() {
    local major
    major="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    local needed=17
    [[ "${es_version%%.*}" -ge 9 ]] && needed=21
    if [[ -z "$major" || "${major%%.*}" -lt "$needed" ]]; then
        log "Elasticsearch $es_version needs Java $needed or newer; $java_bin reports '${major:-nothing}'"
        exit 1
    fi
}

start() {
    local pid status
    if pid="$(running_pid)"; then
        status="$(health_status)"
        if [[ "$status" == green || "$status" == yellow ]]; then
            log "already running (pid $pid, $status) at $url"
            return 0
        fi
        log "pid $pid is running but $url answers '${status:-nothing}'; run '$0 stop' first"
        exit 1
    fi
    if curl -s --max-time 2 -o /dev/null "$url/"; then
        log "something else already answers on $url; set TIANLUO_ES_PORT to a free port"
        exit 1
    fi
    check_java
    local t0=$SECONDS
    resolve_jars
    compile_launcher

    mkdir -p "$es_home/config" "$es_home/data" "$es_home/logs" "$es_home/tmp"
    cp "$src/config/elasticsearch.yml" "$src/config/log4j2.properties" "$src/config/jvm.options" "$es_home/config/"
    local -a jvm_opts
    mapfile -t jvm_opts < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$es_home/config/jvm.options")

    log "starting Elasticsearch $es_version on $url (log: $log_file)"
    TIANLUO_ES_DATA="$es_home/data" TIANLUO_ES_LOGS="$es_home/logs" \
    TIANLUO_ES_PORT="$port" TIANLUO_ES_TRANSPORT_PORT="$transport_port" \
        setsid "$java_bin" "${jvm_opts[@]}" -Djava.io.tmpdir="$es_home/tmp" \
            --module-path "$es_home/lib" --add-modules ALL-MODULE-PATH \
            -cp "$es_home/launcher" EsNodeLauncher "$es_home" \
            >"$log_file" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$pid_file"

    local deadline=$((SECONDS + timeout_s))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "the node exited during start-up; first errors, then the last lines of $log_file:"
            grep -m 5 -E 'Exception|ERROR' "$log_file" >&2 || true
            echo "..." >&2
            tail -n 30 "$log_file" >&2
            rm -f "$pid_file"
            exit 1
        fi
        status="$(health_status)"
        if [[ "$status" == green || "$status" == yellow ]]; then
            log "ready ($status) after $((SECONDS - t0))s: $url (pid $pid)"
            return 0
        fi
        sleep 1
    done
    log "no yellow/green health from $url/_cluster/health within ${timeout_s}s; last lines of $log_file:"
    tail -n 40 "$log_file" >&2
    stop
    exit 1
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        log "not running"
        rm -f "$pid_file"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 60); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; log "stopped (pid $pid)"; return 0; }
        sleep 0.5
    done
    log "pid $pid did not stop within 30s of SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pid_file"
}

status() {
    local pid health
    if pid="$(running_pid)"; then
        health="$(health_status)"
        echo "elasticsearch $es_version: running (pid $pid), health ${health:-unreachable}, $url"
        [[ "$health" == green || "$health" == yellow ]]
    else
        echo "elasticsearch $es_version: not running"
        return 3
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
