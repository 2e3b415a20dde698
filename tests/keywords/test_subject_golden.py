"""The shipped subject ranker ranks written texts exactly as it did when the golden file
was made (``golden/subject_rankings.json``: every candidate's name and probability, as
``repr`` of the float, in rank order).

The ranker's inputs are built here, not by an analyzer (evidence at the risk words,
mentions the made-up names the text holds), so only the candidate scan, the LAC
tagger's tokens, the features and the model decide the rankings.  The file was last
written when the ranker began to read the tagger (feature version 5); after a deliberate change of
candidates, features or ``subject.npz``, write it again with
``PYTHONPATH=. .venv/bin/python tests/keywords/test_subject_golden.py``.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from keywords.shipped import shipped_model
from keywords.subject import SubjectRanker
from keywords.subject_features import RISK_WORDS, DocInfo
from tests.keywords.test_feature_identity import NAMES as IDENTITY_NAMES

GOLDEN = Path(__file__).with_name("golden") / "subject_rankings.json"
NAMES = [
    *IDENTITY_NAMES[:9],
    "*ST新材(600123)",
    *IDENTITY_NAMES[9:],
    "浙江融信网络技术有限公司",
    "钱宝系",
    "爱钱帮、金联储、礼德财富",
]
SENTENCES = [
    "{n}涉嫌非法吸收公众存款，警方已立案侦查。",
    "投资人反映{n}近期提现困难，老板已经失联。",
    "{n}承诺年化收益18%，保本保息，稳赚不赔。",
    "据{n}报道，多名会员发展下线拉人头返利。",
    "{n}旗下{m}被曝资金池运作，已经暴雷跑路。",
    "#{n}#话题下有人投诉{m}虚假宣传高息揽储。",
    "{n}实际控制人因涉嫌集资诈骗被刑事拘留；{m}回应称正常经营！",
    "{n}今日发布公告称，第三季度营业收入同比增长。",
    "{n}与{m}签署战略合作协议，共建产业园。",
    "记者从{n}获悉，新门店将于年底开业?",
    "市教育局召开会议，部署秋季开学工作。\n",
]


def _cases(count: int = 80, seed: int = 5) -> list[tuple[str, DocInfo]]:
    """Texts of one to seven sentences naming the made-up enterprises, with evidence at
    their risk words and mentions in order of first occurrence."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        sentences = (rng.choice(SENTENCES) for _ in range(rng.randint(1, 7)))
        text = "".join(s.format(n=rng.choice(NAMES), m=rng.choice(NAMES)) for s in sentences)
        evidence = tuple(m.start() for m in RISK_WORDS.finditer(text))[: rng.randint(0, 4)]
        named = [n for n in NAMES if n in text and re.fullmatch(r"[\w()]+", n)]
        mentions = tuple(sorted(named, key=text.find))[: rng.randint(0, 3)]
        cases.append((text, DocInfo(evidence, mentions)))
    return cases


def _rankings() -> list[list[list[str]]]:
    ranker = SubjectRanker.from_bytes(shipped_model("subject_model").read_bytes())
    cases = _cases()
    batched = ranker.rank_many(cases)
    assert batched == [ranker.rank_many([case])[0] for case in cases]  # a batch of one too
    return [[[name, repr(p)] for name, p in ranked] for ranked in batched]


def test_subject_rankings_are_the_golden_ones() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = _rankings()
    assert len(got) == len(golden)
    for index, (ranked, expected) in enumerate(zip(got, golden, strict=True)):
        assert ranked == expected, _cases()[index][0]
    assert sum(map(len, golden)) > 1000  # most texts propose many candidates


if __name__ == "__main__":
    lines = (json.dumps(ranked, ensure_ascii=False) for ranked in _rankings())
    GOLDEN.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
