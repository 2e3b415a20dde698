"""Canonical URLs: the same page under tracking parameters or fragments is one document."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(utm_\w+|spm|from|fromsource|source|src|share_token|sharer?|wxshare_count|"
    r"scene|isappinstalled|ref|refer|referrer|_t|timestamp|fbclid|gclid|mc_cid|mc_eid|"
    r"vd_source|share_source|share_medium|share_from)$",
    re.IGNORECASE,
)


def canonical_url(url: str, *, keep_fragment: bool = False) -> str:
    """Lower-case scheme and host, drop default ports, tracking parameters and the fragment,
    and sort the remaining query parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)
    )
    path = parts.path or "/"
    fragment = parts.fragment if keep_fragment else ""
    return urlunsplit((scheme, host, path, urlencode(query), fragment))
