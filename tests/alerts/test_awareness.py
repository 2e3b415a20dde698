"""An awareness piece cannot trigger any rule: analyzed, stored in SQLite, every rule run.

Real analyzer, real store, the shipped rule files plus rules an admin might add that look
at categories or terms without a risk filter.  A report of a real case about the same
enterprise, stored beside it, does fire: the rules are not simply quiet.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from alerts.rules import load_rules
from indexer.sqlite import SQLiteStore
from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.configure import to_stored
from tests.alerts.conftest import NOW, write_rule
from tianluo.models import Page
from tianluo.settings import PACKAGE_ROOT

WATCHLIST = "enterprises:\n  - name: 恒通达投资管理有限公司\n    aliases: [恒通达]\n"
AWARENESS = [
    (
        "警惕非法集资 恒通达志愿者走进社区",
        "恒通达投资管理有限公司的志愿者来到社区开展防范非法集资宣传，讲解保本保息、拉人头返利、"
        "提现困难、老板跑路等常见套路。民警介绍，此类案件立案侦查后，犯罪嫌疑人会被刑事拘留。",
    ),
    (
        "以案说法：非法吸收公众存款罪的认定",
        "非法吸收公众存款罪要求向社会不特定对象吸收资金、承诺还本付息。公安机关立案侦查后依法查封"
        "涉案资金，出现兑付困难、逾期的平台往往已资不抵债。",
    ),
]
CASE = (
    "恒通达涉嫌非法吸收公众存款被立案侦查",
    "警方通报，恒通达投资管理有限公司出现提现困难、逾期兑付，实际控制人失联，已被立案侦查。",
)


def _page(n: int, title: str, text: str) -> Page:
    url = f"https://news.example.cn/a/{n}.html"
    return Page(url, url, "news-a", "news", title, text, NOW - timedelta(minutes=30 + n))


@pytest.fixture
def analyzer(tmp_path: Path) -> Analyzer:
    path = tmp_path / "watchlist.yaml"
    path.write_text(WATCHLIST, encoding="utf-8")
    return Analyzer.from_files(default_set_paths(), path, AnalyzerConfig())


def test_an_awareness_piece_triggers_no_rule(
    analyzer: Analyzer, store: SQLiteStore, rules_dir: Path
) -> None:
    docs = []
    for n, (title, text) in enumerate([*AWARENESS, CASE]):
        page = _page(n, title, text)
        docs.append(to_stored(page, analyzer.analyze(text, title=title), cluster_id=f"c{n}"))
    *aware, case = docs
    assert all(d.awareness and not d.risk for d in aware) and not case.awareness and case.risk
    store.upsert(docs)
    extra = [
        write_rule(rules_dir, "any-distress", type="any", categories=["distress", "absconding"]),
        write_rule(rules_dir, "new-term", type="first_seen", group_by="term"),
        write_rule(rules_dir, "first-enforcement", type="first_seen", categories=["enforcement"]),
        write_rule(
            rules_dir,
            "category-spike",
            type="spike",
            group_by="category",
            spike_height=2,
            min_count=1,
            alert_on_new=True,
        ),
        write_rule(rules_dir, "score", type="threshold", min_score=1, min_risk_documents=0),
    ]
    loaded = load_rules([*sorted((PACKAGE_ROOT / "alerts" / "rules").glob("*.yaml")), *extra])
    assert loaded.problems == []
    fired = 0
    for rule in loaded.rules:
        if rule.spec.type == "flatline":
            continue
        for match in rule.rule_type.run(store, rule, NOW):
            cited = {ref.id for ref in rule.rule_type.cite(store, rule, match, NOW)}
            assert not cited & {d.id for d in aware}, f"{rule.name} cites an awareness piece"
            fired += case.id in cited
    assert fired >= 4  # the real case fires the shipped rules and the admin's
