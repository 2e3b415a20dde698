"""Decode a fetched HTML body to text: override, BOM, header, <meta>, detection."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Every name a GB2312/GBK page may declare; all are decoded as the superset GB18030.
GB_ALIASES = frozenset(
    {
        "gb2312",
        "gb_2312",
        "gb_2312-80",
        "gbk",
        "x-gbk",
        "cp936",
        "ms936",
        "windows-936",
        "csgb2312",
        "csiso58gb231280",
        "chinese",
        "iso-ir-58",
        "euc-cn",
        "x-euc-cn",
        "gb18030",
        "gb-18030",
    }
)
# Big5 labels are decoded as its superset Big5-HKSCS (Hong Kong characters), as browsers do.
BIG5_ALIASES = frozenset({"big5", "big5-hkscs", "big5hkscs", "cn-big5", "x-x-big5", "csbig5"})
# GB18030 accepts almost any byte pair, so Big5 bytes declared GB2312 decode "cleanly" into
# mojibake full of kana, Greek and box-drawing characters; such a decoding is not trusted
# while the other Chinese family reads with fewer of them.
ODD_CHARS = re.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\ue000-\uf8ff]")
MAX_ODD_SHARE = 0.02
CHINESE_FAMILIES = {"gb18030": "big5hkscs", "big5hkscs": "gb18030"}
# Latin-1 labels are windows-1252 in browsers (WHATWG encoding standard).
LATIN1_ALIASES = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
META_SCAN_BYTES = 8192
DETECT_BYTES = 200_000
# A declared encoding is trusted only while U+FFFD stays below this share of the text.
MAX_ERROR_RATIO = 0.002
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


def normalize_encoding(name: str | None) -> str | None:
    """Return the Python codec name for a declared label, or None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in GB_ALIASES:
        return "gb18030"
    if label in BIG5_ALIASES:
        return "big5hkscs"
    if label in LATIN1_ALIASES:
        return "cp1252"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in GB_ALIASES:
        return "gb18030"
    if codec in BIG5_ALIASES or codec == "big5":
        return "big5hkscs"
    return "utf-8" if codec in {"utf-8-sig", "utf_8"} else codec


def header_encoding(content_type: str | None) -> str | None:
    """The charset named in a Content-Type header value, normalized."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return normalize_encoding(match.group(1)) if match else None


def meta_encoding(body: bytes) -> str | None:
    """The charset of <meta charset> or <meta http-equiv=Content-Type> in the head."""
    match = _META_CHARSET.search(body[:META_SCAN_BYTES])
    return normalize_encoding(match.group(1).decode("ascii", "replace")) if match else None


def bom_encoding(body: bytes) -> tuple[str, int] | None:
    """The encoding and BOM length when ``body`` starts with a byte-order mark."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return name, len(bom)
    return None


def _decode_clean(body: bytes, encoding: str) -> str | None:
    """Decode with ``encoding`` if that yields (almost) no replacement characters."""
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    text = body.decode(encoding, errors="replace")
    errors = text.count("\ufffd")
    return text if errors <= max(1, len(text) * MAX_ERROR_RATIO) else None


def _is_utf8_multibyte(body: bytes) -> bool:
    """True when ``body`` is valid UTF-8 that has non-ASCII characters."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared(body: bytes, encoding: str | None) -> tuple[str, str] | None:
    """Decode with a declared encoding unless it gives mojibake or replacements."""
    if encoding is None:
        return None
    if encoding != "utf-8" and _is_utf8_multibyte(body):
        # Legacy text is practically never valid UTF-8: the declaration is wrong.
        return body.decode("utf-8"), "utf-8"
    text = _decode_clean(body, encoding)
    if text is None:
        return None
    other = CHINESE_FAMILIES.get(encoding)
    if other is not None and _odd_share(text) > MAX_ODD_SHARE:
        alternative = _decode_clean(body, other)
        if alternative is not None and _odd_share(alternative) < _odd_share(text):
            return alternative, other
    return text, encoding


def _odd_share(text: str) -> float:
    """Share of the non-ASCII characters that are kana, Greek, Cyrillic, box drawing or
    private use: rare in Chinese text, frequent in a Chinese page read as the wrong family."""
    wide = sum(1 for char in text if ord(char) > 0x7F)
    return len(ODD_CHARS.findall(text)) / wide if wide else 0.0


def detect_encoding(body: bytes) -> str | None:
    """Guess the encoding of undeclared bytes: strict UTF-8, then charset-normalizer."""
    if _is_utf8_multibyte(body) or body.isascii():
        return "utf-8"
    best = charset_normalizer.from_bytes(body[:DETECT_BYTES]).best()
    return normalize_encoding(best.encoding) if best is not None else None


def decode_html(
    body: bytes, content_type: str | None = None, override: str | None = None
) -> tuple[str, str]:
    """Decode an HTML body; return (text, encoding used).

    Priority: ``override`` (a source's configured encoding), BOM, the HTTP
    ``content_type`` charset, <meta> charset, detection, then UTF-8 with
    replacement.  A declaration that does not decode cleanly is skipped.
    """
    forced = normalize_encoding(override)
    if forced is not None:
        return body.decode(forced, errors="replace"), forced
    bom = bom_encoding(body)
    if bom is not None:
        name, size = bom
        return body[size:].decode(name, errors="replace"), name
    for declared in (header_encoding(content_type), meta_encoding(body)):
        result = _declared(body, declared)
        if result is not None:
            return result
    detected = detect_encoding(body)
    if detected is not None:
        text = _decode_clean(body, detected)
        if text is not None:
            return text, detected
    return body.decode("utf-8", errors="replace"), "utf-8"
