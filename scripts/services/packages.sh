#!/usr/bin/env bash
# Install, in one step, every Debian package the test services need and the machine lacks.
#
#   scripts/services/packages.sh          # install what is missing (root, or sudo without a password)
#   scripts/services/packages.sh --check  # list what is missing; exit 1 when anything is
#
# One `apt-get update` and one `apt-get install` for everything, before any service starts:
# installing from several services at once collides on the dpkg lock.
set -euo pipefail

# command or file that must exist -> the Debian package that provides it
NEEDS=(
  "redis-server:redis-server"
  "redis-cli:redis-tools"
  "/usr/bin/chromium:chromium"
  "font:wqy:fonts-wqy-microhei"
  "fc-list:fontconfig"
  "curl:curl"
  "unzip:unzip"
  "mvn:maven"
)

missing=()
for need in "${NEEDS[@]}"; do
  pkg="${need##*:}"
  what="${need%:*}"
  case "$what" in
    font:*) fc-list 2>/dev/null | grep -qi "${what#font:}" && continue ;;
    /*) [[ -x "$what" ]] && continue ;;
    *) command -v "$what" >/dev/null 2>&1 && continue ;;
  esac
  [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "packages: all present"
  exit 0
fi
if [[ "${1:-}" == --check ]]; then
  echo "packages: missing ${missing[*]}"
  exit 1
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "packages: need root to install ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

log="$(mktemp "${TMPDIR:-/tmp}/tianluo-apt.XXXXXX")"
echo "packages: installing Debian packages ${missing[*]} (log: $log)"
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get update -q >"$log" 2>&1; then
  echo "packages: 'apt-get update' failed; last lines of $log:" >&2
  tail -n 15 "$log" >&2
  exit 1
fi
# -o DPkg::Lock::Timeout waits for another apt run (an unattended upgrade) instead of failing at once.
if ! "${sudo[@]}" apt-get install -y -q -o DPkg::Lock::Timeout=300 \
    "${missing[@]}" >>"$log" 2>&1; then
  echo "packages: 'apt-get install ${missing[*]}' failed; last lines of $log:" >&2
  tail -n 15 "$log" >&2
  exit 1
fi
still=$("$0" --check 2>&1) || { echo "packages: installed, but still $still" >&2; exit 1; }
echo "packages: installed ${missing[*]}"
rm -f "$log"
