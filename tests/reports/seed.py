"""A small, deterministic store for report tests: normal, risky and hostile documents."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from indexer.base import CrawlRun, Store
from tianluo.models import EnterpriseMention, Evidence, StoredDocument, content_hash, doc_id_for
from tianluo.timeutil import SHANGHAI

DAY = date(2025, 6, 10)
HOSTILE_NAME = '<img src=x onerror=alert("name")>黑名单投资公司'
SCRIPT = "<script>alert(1)</script>"
ONERROR = '<img src=x onerror="alert(2)">'
JS_URL = "javascript:alert(3)"
RISKY = "鑫融财富投资管理有限公司"
WATCHED = "汇金宝网络科技有限公司"
CALM = "安信普惠信息服务有限公司"
HOSTILE_EVENT = f"涉嫌欺诈{SCRIPT}"  # not a documented type: a store may still hold one


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def make_doc(
    n: int,
    *,
    title: str,
    content: str,
    crawled_at: datetime,
    source: str = "news.example.cn",
    terms: tuple[tuple[str, str], ...] = (),
    enterprises: tuple[tuple[str, bool, bool], ...] = (),
    cluster: str = "",
    url: str | None = None,
    yield_max: float | None = None,
    event_type: str | None = None,
) -> StoredDocument:
    """A StoredDocument whose evidence offsets point at ``terms`` in the content."""
    evidence = []
    for term, category in terms:
        start = content.find(term)
        if start >= 0:
            snippet = content[max(0, start - 10) : start + len(term) + 10]
            evidence.append(
                Evidence(term, category, "term", start, start + len(term), snippet, 1.0)
            )
    risk = bool(terms)
    link = url or f"https://{source}/a/{n}.html"
    return StoredDocument(
        id=doc_id_for(f"{link}#{n}"),
        url=link,
        source=source,
        source_type="news",
        title=title,
        content=content,
        crawled_at=crawled_at,
        content_hash=content_hash(title, content),
        risk=risk,
        risk_score=3.0 * len(terms),
        categories=sorted({c for _, c in terms}),
        terms=[t for t, _ in terms],
        enterprises=[name for name, _, _ in enterprises],
        risk_enterprises=[name for name, r, _ in enterprises if r],
        mentions=[
            EnterpriseMention(name, name, watch, r, 2.0 if r else 0.0)
            for name, r, watch in enterprises
        ],
        evidence=evidence,
        yields=[yield_max] if yield_max else [],
        yield_max=yield_max,
        yield_flag=bool(yield_max and yield_max > 12),
        cluster_id=cluster or f"c{n}",
        event_type=event_type,
    )


def documents(day: date = DAY) -> list[StoredDocument]:
    """Documents for ``day``, the day before and the trend window."""
    before = day - timedelta(days=1)
    docs = [
        make_doc(
            1,
            title=f"{RISKY}承诺年化18%保本保息 {SCRIPT}",
            content=f"投资者反映{RISKY}承诺保本保息，年化收益18%，近日出现逾期兑付。{ONERROR}",
            crawled_at=at(day, 9),
            terms=(("保本保息", "guarantee"), ("逾期兑付", "distress")),
            enterprises=((RISKY, True, False),),
            cluster="story-a",
            yield_max=18.0,
            event_type="提现困难/兑付危机",
        ),
        make_doc(
            2,
            title=f"{RISKY}兑付困难引发关注",
            content=f"多名投资人称{RISKY}逾期兑付，门店已人去楼空。",
            crawled_at=at(day, 10, 30),
            source="forum.example.cn",
            terms=(("逾期兑付", "distress"),),
            enterprises=((RISKY, True, False),),
            cluster="story-a",
            event_type="失联跑路",
        ),
        make_doc(
            3,
            title=f"{WATCHED}高息揽储 {JS_URL}",
            content=f'{WATCHED}以高额返利吸引投资。<a href="{JS_URL}">点击领取</a>',
            crawled_at=at(day, 11),
            source="p2p.example.cn",
            url=JS_URL,
            terms=(("高额返利", "high_yield"),),
            enterprises=((WATCHED, True, True),),
            event_type="涉嫌非法集资",
        ),
        make_doc(
            4,
            title=f"{HOSTILE_NAME}被立案调查",
            content=f"警方已对{HOSTILE_NAME}立案侦查。{SCRIPT}",
            crawled_at=at(day, 14),
            source="gov.example.cn",
            terms=(("立案侦查", "enforcement"),),
            enterprises=((HOSTILE_NAME, True, False),),
            event_type=HOSTILE_EVENT,
        ),
        make_doc(
            5,
            title=f"{CALM}发布年度报告",
            content=f"{CALM}经营正常。",
            crawled_at=at(day, 15),
            enterprises=((CALM, False, False),),
            event_type="其他",
        ),
        make_doc(
            6,
            title=f"{WATCHED}高额返利活动",
            content=f"{WATCHED}推出高额返利活动。",
            crawled_at=at(before, 12),
            terms=(("高额返利", "high_yield"),),
            enterprises=((WATCHED, True, True),),
            event_type="涉嫌非法集资",
        ),
        make_doc(
            7,
            title="市场综述",
            content="今日市场平稳。",
            crawled_at=at(before, 13),
        ),
    ]
    for i in range(2, 14):
        docs.append(
            make_doc(
                100 + i,
                title=f"{WATCHED}相关讨论 {i}",
                content=f"网友讨论{WATCHED}的高额返利。",
                crawled_at=at(day - timedelta(days=i), 8),
                source="forum.example.cn",
                terms=(("高额返利", "high_yield"),),
                enterprises=((WATCHED, True, True),),
            )
        )
    return docs


def crawl_runs(day: date = DAY) -> list[CrawlRun]:
    """Healthy, failed and silent sources."""
    ok = at(day, 8)
    return [
        CrawlRun(
            "news.example.cn",
            ok,
            ok + timedelta(minutes=5),
            pages=40,
            items=30,
            last_success=ok + timedelta(minutes=5),
        ),
        CrawlRun(
            "p2p.example.cn",
            at(day, 9),
            at(day, 9, 2),
            pages=3,
            errors={"http_503": 4, "timeout": 2},
            status="failed",
            last_success=at(day - timedelta(days=3), 9),
        ),
        CrawlRun(
            f"silent{SCRIPT}.example.cn",
            at(day - timedelta(days=3), 8),
            at(day - timedelta(days=3), 8, 1),
            pages=5,
            last_success=at(day - timedelta(days=3), 8, 1),
        ),
    ]


def seed(store: Store, day: date = DAY) -> Store:
    store.upsert(documents(day))
    for run in crawl_runs(day):
        store.record_crawl_run(run)
    return store
