#!/usr/bin/env bash
# Start or stop a throw-away redis-server on 127.0.0.1:6390 for the test suite.
# Debian's redis-server is installed by packages.sh (start-all.sh runs it first).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR="${TIANLUO_SERVICES_HOME:-$ROOT/.services}/redis"
PORT=${TIANLUO_REDIS_PORT:-6390}
PIDFILE="$DIR/redis-$PORT.pid"

case "${1:-}" in
  start)
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
      echo "redis: redis-server or redis-cli is not installed; run scripts/services/packages.sh" >&2
      exit 1
    fi
    mkdir -p "$DIR"
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      echo "redis: already running on $PORT"; exit 0
    fi
    if redis-cli -p "$PORT" ping >/dev/null 2>&1; then
      echo "redis: something else already answers on 127.0.0.1:$PORT; free it or set TIANLUO_REDIS_PORT" >&2
      exit 1
    fi
    redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DIR" --save "" --appendonly no \
      --daemonize yes --pidfile "$PIDFILE" --logfile "$DIR/redis-$PORT.log"
    for _ in $(seq 1 50); do
      redis-cli -p "$PORT" ping >/dev/null 2>&1 && { echo "redis: ready on 127.0.0.1:$PORT"; exit 0; }
      sleep 0.1
    done
    echo "redis: did not start; log:" >&2; tail -20 "$DIR/redis-$PORT.log" >&2; exit 1 ;;
  stop)
    if [ -f "$PIDFILE" ]; then
      pid=$(cat "$PIDFILE")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$PIDFILE"
    fi
    echo "redis: stopped" ;;
  status)
    redis-cli -p "$PORT" ping 2>/dev/null || { echo "redis: not running"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
