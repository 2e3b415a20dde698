#!/usr/bin/env bash
# Check that Debian's headless Chromium and a CJK font are there (packages.sh installs them).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium: /usr/bin/chromium is missing; run scripts/services/packages.sh" >&2
  exit 1
fi
if ! fc-list 2>/dev/null | grep -qi wqy; then
  echo "chromium: no WenQuanYi font (fonts-wqy-microhei); run scripts/services/packages.sh" >&2
  exit 1
fi
/usr/bin/chromium --version
