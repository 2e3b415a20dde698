#!/usr/bin/env bash
# Start or stop a throw-away redis-server on 127.0.0.1:6390 for the test suite.
# Installs Debian's redis-server when it is missing (CI machines start without it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR="$ROOT/.services/redis"
PORT=${TIANLUO_REDIS_PORT:-6390}
PIDFILE="$DIR/redis.pid"

install() {
  command -v redis-server >/dev/null 2>&1 && return 0
  echo "redis: installing Debian package redis-server" >&2
  (apt-get update -qq || true) >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
}

case "${1:-}" in
  start)
    install
    mkdir -p "$DIR"
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      echo "redis: already running on $PORT"; exit 0
    fi
    redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DIR" --save "" --appendonly no \
      --daemonize yes --pidfile "$PIDFILE" --logfile "$DIR/redis.log"
    for _ in $(seq 1 50); do
      redis-cli -p "$PORT" ping >/dev/null 2>&1 && { echo "redis: ready on 127.0.0.1:$PORT"; exit 0; }
      sleep 0.1
    done
    echo "redis: did not start; log:" >&2; tail -20 "$DIR/redis.log" >&2; exit 1 ;;
  stop)
    if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; rm -f "$PIDFILE"; fi
    echo "redis: stopped" ;;
  status)
    redis-cli -p "$PORT" ping 2>/dev/null || { echo "redis: not running"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
