#!/usr/bin/env bash
# Make sure Debian's headless Chromium is installed (the brief is tested in a real browser).
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi wqy; then exit 0; fi
echo "chromium: installing Debian package chromium" >&2
(apt-get update -qq || true) >/dev/null 2>&1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
/usr/bin/chromium --version
