from pathlib import Path

from crawler.fingerprint import fingerprint, similarity
from crawler.state import CrawlState

STORY = (
    "据记者调查，某财富管理公司近日出现大面积提现困难，多名投资人反映资金无法取出，"
    "公司办公地点已人去楼空。警方已介入调查，初步认定涉嫌非法吸收公众存款，涉案金额巨大。"
    "投资人表示，该公司此前承诺年化收益率百分之十八，并声称保本保息，吸引了大量中老年人。"
)
REPRINT = (
    "【转载】"
    + STORY.replace("据记者调查", "据本报记者调查").replace("已人去楼空", "已经人去楼空")
    + "（来源：某晚报）"
)
OTHER = (
    "本市今年第三季度地区生产总值同比增长百分之五点二，其中第三产业增加值增长较快，"
    "消费市场持续回暖，居民收入稳步提高，就业形势总体稳定，重点项目建设有序推进。"
)


def test_reprint_is_similar_and_other_story_is_not() -> None:
    assert similarity(fingerprint(STORY), fingerprint(REPRINT)) >= 0.5
    assert similarity(fingerprint(STORY), fingerprint(OTHER)) < 0.1


def test_reprints_share_a_cluster_and_survive_reopening(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "s.db")
    first = state.cluster_for("a", fingerprint(STORY))
    assert first == "a"
    assert state.cluster_for("b", fingerprint(REPRINT)) == "a"
    assert state.cluster_for("c", fingerprint(OTHER)) == "c"
    state.close()
    reopened = CrawlState(tmp_path / "s.db")
    assert reopened.cluster_for("b", fingerprint(REPRINT)) == "a"  # stable per document


def test_short_texts_are_their_own_story(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "s.db")
    assert state.cluster_for("x", fingerprint("顶一下")) == "x"
    assert state.cluster_for("y", fingerprint("顶一下")) == "y"


def test_stored_pages_are_remembered(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "s.db")
    assert state.stored_at("http://x.cn/1") is None
    state.mark_stored([("http://x.cn/1", "src", "h1")])
    assert state.content_hash("http://x.cn/1") == "h1"
    assert state.stored_at("http://x.cn/1") is not None
    assert state.count("src") == 1
