#!/usr/bin/env bash
# Stop every service started by start-all.sh, then make sure none of their processes is left.
#
# Safe when some or none are running. After the services' own stop commands, any process
# still tied to the state folder (command line or working folder under it) is ended too and
# named; exit 1 when such a left-over had to be killed, so a harness notices.
HERE=$(cd "$(dirname "$0")" && pwd)
HOME_DIR="${TIANLUO_SERVICES_HOME:-$HERE/../../.services}"
for svc in opensearch opensearch3 elasticsearch elasticsearch9 redis; do
  [ -x "$HERE/$svc.sh" ] && "$HERE/$svc.sh" stop >/dev/null 2>&1
done
[ -d "$HOME_DIR" ] || exit 0
state=$(cd "$HOME_DIR" && pwd -P)

# Processes whose command line or working folder lies under the state folder.
leftovers() {
  local dir pid cwd
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [ "$pid" = "$$" ] && continue
    cwd=$(readlink "$dir/cwd" 2>/dev/null) || continue
    if [[ "$cwd" == "$state" || "$cwd" == "$state"/* ]] \
        || tr '\0' ' ' <"$dir/cmdline" 2>/dev/null | grep -qF "$state/"; then
      echo "$pid"
    fi
  done
}

mapfile -t left < <(leftovers)
[ ${#left[@]} -eq 0 ] && { echo "services: stopped, none left running"; exit 0; }
found=${#left[@]}
for pid in "${left[@]}"; do
  echo "services: pid $pid was still running after stop: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)" >&2
  kill -TERM "$pid" 2>/dev/null
done
for _ in $(seq 1 40); do
  mapfile -t left < <(leftovers)
  [ ${#left[@]} -eq 0 ] && break
  sleep 0.5
done
for pid in "${left[@]}"; do kill -KILL "$pid" 2>/dev/null; done
echo "services: stopped $found left-over process(es) by signal" >&2
exit 1
