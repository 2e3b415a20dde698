"""Mark matched terms: escape all text, wrap only the evidence spans in ``<mark>``.

Evidence offsets index the content, except title evidence (``in_title``)
whose offsets index the title.  An offset pair outside the text, or whose slice
does not appear in the evidence snippet, is dropped rather than guessed: a wrong
mark is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from tianluo.models import Evidence, StoredDocument

Span = tuple[int, int]


def merge(spans: Iterable[Span], length: int) -> list[Span]:
    """Clip spans to ``[0, length)``, drop empty ones and merge overlaps, in order."""
    clipped = sorted((max(0, s), min(length, e)) for s, e in spans if min(length, e) > max(0, s))
    merged: list[Span] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: Iterable[Span]) -> Markup:
    """Escape ``text`` and wrap each span in ``<mark>``."""
    out: list[str] = []
    pos = 0
    for start, end in merge(spans, len(text)):
        out.append(str(escape(text[pos:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _fits(text: str, ev: Evidence) -> bool:
    if not 0 <= ev.start < ev.end <= len(text):
        return False
    piece = text[ev.start : ev.end]
    if not piece.strip():
        return False
    return not ev.snippet or piece.lower() in ev.snippet.lower()


def document_spans(doc: StoredDocument) -> tuple[list[Span], list[Span]]:
    """Evidence spans of a document split into (title spans, content spans)."""
    title: list[Span] = []
    content: list[Span] = []
    for ev in doc.evidence:
        if ev.cancelled_by:
            continue
        order = [(doc.title, title), (doc.content, content)]
        if not ev.in_title:
            order.reverse()
        for text, spans in order:
            if _fits(text, ev):
                spans.append((ev.start, ev.end))
                break
    return title, content


def highlight_title(doc: StoredDocument) -> Markup:
    """The escaped title with its matched terms marked."""
    return mark(doc.title, document_spans(doc)[0])


def excerpt(text: str, spans: Sequence[Span], width: int = 160) -> Markup:
    """An escaped excerpt of about ``width`` characters around the first marked span."""
    spans = merge(spans, len(text))
    if len(text) <= width:
        return mark(text, spans)
    centre = spans[0][0] if spans else 0
    start = max(0, min(centre - width // 4, len(text) - width))
    end = start + width
    inside = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    body = mark(text[start:end], inside)
    return Markup("{}{}{}").format("…" if start else "", body, "…" if end < len(text) else "")


def highlight_excerpt(doc: StoredDocument, width: int = 160) -> Markup:
    """An excerpt of the content around its first matched term, terms marked."""
    return excerpt(doc.content, document_spans(doc)[1], width)
