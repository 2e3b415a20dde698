#!/usr/bin/env bash
# Stop every service started by start-all.sh (safe when some are not running).
HERE=$(cd "$(dirname "$0")" && pwd)
for svc in opensearch elasticsearch redis; do
  [ -x "$HERE/$svc.sh" ] && "$HERE/$svc.sh" stop >/dev/null 2>&1
done
exit 0
