"""Highlighting escapes everything and marks only the evidence spans."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from reports.highlight import excerpt, highlight_excerpt, highlight_title, mark, merge
from tests.reports.seed import DAY, SCRIPT, at, make_doc
from tianluo.models import Evidence

MARK = re.compile(r"</?mark>")


def test_marks_and_escapes() -> None:
    assert mark("a<b>c", [(2, 3)]) == "a&lt;<mark>b</mark>&gt;c"


def test_merge_clips_and_joins() -> None:
    assert merge([(5, 9), (-3, 2), (1, 4), (8, 12), (20, 30), (7, 7)], 15) == [(0, 4), (5, 12)]


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70))))
def test_mark_is_lossless_and_escaped(text: str, spans: list[tuple[int, int]]) -> None:
    out = str(mark(text, spans))
    assert MARK.sub("", out) == str(escape(text))
    assert "<" not in MARK.sub("", out)


def test_title_and_content_spans() -> None:
    doc = make_doc(
        1,
        title="某公司保本保息",
        content=f"{SCRIPT}承诺保本保息",
        crawled_at=at(DAY, 1),
        terms=(("保本保息", "g"),),
    )
    doc.evidence.append(
        Evidence("保本保息", "g", "term", 3, 7, "某公司保本保息", 1.0, in_title=True)
    )
    doc.evidence.append(Evidence("x", "g", "term", 500, 504, "", 1.0))  # out of range: dropped
    doc.evidence.append(Evidence("承诺", "g", "term", 0, 3, "承诺", 1.0))  # slice not in snippet
    assert str(highlight_title(doc)) == "某公司<mark>保本保息</mark>"
    assert (
        str(highlight_excerpt(doc))
        == "&lt;script&gt;alert(1)&lt;/script&gt;承诺<mark>保本保息</mark>"
    )


def test_excerpt_windows_around_the_first_mark() -> None:
    text = "甲" * 300 + "集资" + "乙" * 300
    out = str(excerpt(text, [(300, 302)], width=40))
    assert out.startswith("…") and out.endswith("…") and "<mark>集资</mark>" in out
    assert len(MARK.sub("", out)) == 42
