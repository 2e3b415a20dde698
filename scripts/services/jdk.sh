#!/usr/bin/env bash
# Print the newest JDK under /usr/lib/jvm whose Java is at least MIN (default 21); exit 1 if none.
#
#   scripts/services/jdk.sh [MIN]
#
# Used by elasticsearch9.sh and opensearch3.sh, whose engines need Java 21 or newer.
set -uo pipefail
min="${1:-21}"
for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    version="$("${jdk}bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = //p')" || continue
    if [[ -n "$version" && -x "${jdk}bin/javac" && "${version%%.*}" -ge "$min" ]]; then
        echo "${jdk%/}"
        exit 0
    fi
done
exit 1
