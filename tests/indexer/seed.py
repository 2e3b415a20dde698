"""A small, hand-checked corpus for the contract and cookbook tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from indexer.base import AlertRecord
from tianluo.models import EnterpriseMention, StoredDocument, content_hash, doc_id_for
from tianluo.timeutil import SHANGHAI

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)  # a Monday morning, Shanghai time


def make_doc(
    n: int,
    *,
    at: datetime,
    source: str = "news-a",
    title: str = "",
    content: str = "",
    enterprises: tuple[tuple[str, bool, float], ...] = (),
    categories: tuple[str, ...] = (),
    terms: tuple[str, ...] = (),
    cluster: str = "",
    yield_max: float | None = None,
    event_type: str | None = None,
) -> StoredDocument:
    """One document; ``enterprises`` is (name, risk, score) per mention."""
    url = f"https://{source}.example.cn/a/{n}"
    title = title or f"第{n}号报道"
    content = content or f"这是第{n}篇报道的正文。"
    risky = [name for name, risk, _ in enterprises if risk]
    return StoredDocument(
        id=doc_id_for(url),
        url=url,
        source=source,
        source_type="news",
        title=title,
        content=content,
        crawled_at=at,
        content_hash=content_hash(title, content),
        published_at=at - timedelta(hours=1),
        tokens=list(terms),
        risk=bool(risky),
        risk_score=max((s for _, r, s in enterprises if r), default=0.0),
        categories=list(categories),
        terms=list(terms),
        enterprises=[name for name, _, _ in enterprises],
        risk_enterprises=risky,
        mentions=[
            EnterpriseMention(
                name=name, mention=name, on_watchlist=name.startswith("甲"), risk=risk, score=score
            )
            for name, risk, score in enterprises
        ],
        yields=[yield_max] if yield_max is not None else [],
        yield_max=yield_max,
        yield_flag=yield_max is not None and yield_max > 10,
        event_type=event_type,
        cluster_id=cluster,
    )


def corpus() -> list[StoredDocument]:
    """Eight documents over four Shanghai days (doc 8 is 00:30 on day four, UTC day three)."""
    day = timedelta(days=1)
    return [
        make_doc(
            1,
            at=T0,
            source="news-a",
            title="甲金融涉嫌非法集资",
            content="警方通报：甲金融涉嫌非法集资，承诺年化收益18%，投资人报案。",
            enterprises=(("甲金融", True, 4.0),),
            categories=("非法集资",),
            terms=("非法集资", "报案"),
            cluster="c1",
            yield_max=18.0,
            event_type="涉嫌非法集资",
        ),
        make_doc(
            2,
            at=T0 + timedelta(hours=2),
            source="news-b",
            title="转载：甲金融涉嫌非法集资",
            content="据报道，甲金融涉嫌非法集资，承诺年化收益18%。",
            enterprises=(("甲金融", True, 3.0),),
            categories=("非法集资",),
            terms=("非法集资",),
            cluster="c1",
            yield_max=18.0,
            event_type="涉嫌非法集资",
        ),
        make_doc(
            3,
            at=T0 + timedelta(hours=3),
            source="forum-c",
            title="乙理财平台逾期",
            content="网友反映乙理财平台提现困难，已经逾期三个月。",
            enterprises=(("乙理财", True, 2.5), ("甲金融", False, 0.0)),
            categories=("逾期",),
            terms=("逾期", "提现困难"),
            cluster="c2",
            event_type="提现困难/兑付危机",
        ),
        make_doc(
            4,
            at=T0 + day,
            source="news-a",
            title="丙科技发布年报",
            content="丙科技今日发布年报，营收稳定增长。",
            enterprises=(("丙科技", False, 0.0),),
            terms=("年报",),
            cluster="c3",
            event_type="业绩下滑",
        ),
        make_doc(
            5,
            at=T0 + day + timedelta(hours=5),
            source="news-b",
            title="乙理财回应逾期",
            content="乙理财回应：逾期问题正在处理，预期收益率12%。",
            enterprises=(("乙理财", True, 2.0),),
            categories=("逾期",),
            terms=("逾期",),
            cluster="c4",
            yield_max=12.0,
            event_type="提现困难/兑付危机",
        ),
        make_doc(
            6,
            at=T0 + 2 * day,
            source="news-a",
            title="市场综述",
            content="今日市场平稳，无重大风险事件。",
            terms=("市场",),
        ),
        make_doc(
            7,
            at=T0 + 2 * day + timedelta(hours=1),
            source="forum-c",
            title="丁资本高息揽储",
            content="丁资本以年化收益25%吸收公众存款，涉嫌非法吸收公众存款。",
            enterprises=(("丁资本", True, 5.0),),
            categories=("非法集资", "高息"),
            terms=("非法吸收公众存款", "高息"),
            cluster="c5",
            yield_max=25.0,
            event_type="涉嫌非法集资",
        ),
        make_doc(
            8,
            at=T0 + 2 * day + timedelta(hours=15, minutes=30),
            source="news-b",
            title="丁资本再遭曝光",
            content="丁资本高息揽储问题再遭曝光。",
            enterprises=(("丁资本", True, 4.5),),
            categories=("高息",),
            terms=("高息",),
            cluster="c5",
            event_type="失联跑路",
        ),
    ]


def pending_alert() -> AlertRecord:
    """One minimal pending alert, for tests that only need some alert to write."""
    return AlertRecord(
        id="a1",
        rule="spike",
        key="k",
        severity="high",
        channel="email",
        title="t",
        body="b",
        created_at=T0,
        status="pending",
    )
