"""The analyze pipeline hands the analyzer several pages at once (crawler.pipelines.analyze),
and every page still gets the document ``analyze`` gives it alone."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from crawler.pipelines.analyze import AnalyzePipeline
from crawler.state import CrawlState
from keywords import Analyzer, default_set_paths
from keywords.analyzer import AnalysisResult
from keywords.configure import analyze_page, to_stored
from keywords.shipped import model_config
from tianluo.models import Page

TEXTS = [
    "上海市公安局浦东分局通报，鑫盛源财富管理有限公司涉嫌非法吸收公众存款，已立案侦查。",
    "今年以来多家银行下调存款利率，一年期定期存款利率降至1.45%。",
    "投资人反映蜀汇鼎丰提现困难，业务员承诺月息2分，现在老板联系不上了。",
    "本周市场震荡，沪指收涨0.5%，成交额回升。",
    "以案说法：揭秘庞氏骗局的常见套路，提醒老年人远离非法集资。",
]


class Counting:
    """The real analyzer, counting the batches it is handed (and failing on demand)."""

    def __init__(self, analyzer: Analyzer, fail_on: str = "") -> None:
        self.analyzer = analyzer
        self.batches: list[int] = []
        self.fail_on = fail_on

    def analyze_many(self, texts: Sequence[str], **kwargs: Any) -> list[AnalysisResult]:
        self.batches.append(len(texts))
        if self.fail_on and any(self.fail_on in t for t in texts):
            raise RuntimeError("batch refused")
        return self.analyzer.analyze_many(texts, **kwargs)

    def analyze(self, text: str, **kwargs: Any) -> AnalysisResult:
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("page refused")
        return self.analyzer.analyze(text, **kwargs)


@dataclass
class _App:
    analyzer: Any


@dataclass
class _Context:
    app: _App
    state: CrawlState


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_files(default_set_paths(), None, model_config())


def _pages(count: int) -> list[Page]:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return [
        Page(
            url=f"http://news.example/{i}.html",
            canonical_url=f"http://news.example/{i}.html",
            source="test",
            source_type="forum" if i % 2 else "news",
            title=f"第{i}篇",
            content=TEXTS[i % len(TEXTS)] + f"（第{i}篇）",
            crawled_at=now,
        )
        for i in range(count)
    ]


def _pipeline(tmp_path: Path, wrapped: Counting, batch: int, wait: float) -> AnalyzePipeline:
    state = CrawlState(tmp_path / "state.db")
    context: Any = _Context(_App(wrapped), state)
    return AnalyzePipeline(get_crawler(), context, batch=batch, wait=wait)


def _run(pipeline: AnalyzePipeline, pages: list[Page]) -> list[Any]:
    async def main() -> list[Any]:
        tasks = [asyncio.ensure_future(pipeline.process_item(p)) for p in pages]
        return await asyncio.gather(*tasks, return_exceptions=True)

    return asyncio.run(main())


def _alone(analyzer: Analyzer, page: Page, cluster: str) -> Any:
    return to_stored(page, analyze_page(analyzer, page), cluster_id=cluster)


def test_pages_go_through_in_batches_with_the_documents_each_gets_alone(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    wrapped = Counting(analyzer)
    pipeline = _pipeline(tmp_path, wrapped, batch=4, wait=0.01)
    pages = _pages(10)
    docs = _run(pipeline, pages)
    assert wrapped.batches == [4, 4, 2]  # the last two by the timer
    assert [d.id for d in docs] == [p.id for p in pages]
    assert any(d.risk for d in docs) and not all(d.risk for d in docs)
    for page, doc in zip(pages, docs, strict=True):
        assert doc == _alone(analyzer, page, doc.cluster_id)
    stats = pipeline.crawler.stats
    assert stats is not None and stats.get_value("tianluo/analyzed") == 10


def test_a_batch_of_one_analyzes_each_page_at_once(analyzer: Analyzer, tmp_path: Path) -> None:
    wrapped = Counting(analyzer)
    docs = _run(_pipeline(tmp_path, wrapped, batch=1, wait=10.0), _pages(3))
    assert wrapped.batches == [] and len(docs) == 3


def test_closing_the_spider_hands_the_waiting_pages_their_documents(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    wrapped = Counting(analyzer)
    pipeline = _pipeline(tmp_path, wrapped, batch=50, wait=3600.0)

    async def main() -> list[Any]:
        tasks = [asyncio.ensure_future(pipeline.process_item(p)) for p in _pages(3)]
        await asyncio.sleep(0)  # every page is waiting now
        assert len(pipeline.waiting) == 3
        pipeline.close_spider()
        return await asyncio.gather(*tasks)

    docs = asyncio.run(main())
    assert wrapped.batches == [3] and len(docs) == 3


def test_a_page_the_analyzer_fails_on_fails_alone(analyzer: Analyzer, tmp_path: Path) -> None:
    wrapped = Counting(analyzer, fail_on="第2篇）")
    pages = _pages(4)
    out = _run(_pipeline(tmp_path, wrapped, batch=4, wait=0.01), pages)
    assert isinstance(out[2], RuntimeError)
    for page, doc in zip(pages, out, strict=True):
        if page is not pages[2]:
            assert doc == _alone(analyzer, page, doc.cluster_id)
