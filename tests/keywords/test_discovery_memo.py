"""Discovery's memo of cleaned-up names lives with the analyzer that made it."""

from __future__ import annotations

import gc

from keywords import Analyzer, default_set_paths
from keywords.candidates import segmented

TEXT = "投资人反映，鑫汇通财富管理有限公司近期提现困难，老板已经失联。"


def test_the_memo_is_per_analyzer_and_goes_with_it() -> None:
    gc.collect()
    before = len(segmented._TRIMS)
    analyzer = Analyzer.from_files(default_set_paths())
    first = analyzer.analyze(TEXT)
    assert len(segmented._TRIMS) == before + 1  # one memo, this analyzer's segmenter
    again = analyzer.analyze(TEXT)
    assert [m.name for m in again.mentions] == [m.name for m in first.mentions]
    assert any("鑫汇通" in m.name for m in first.mentions), first.mentions
    del analyzer, first, again
    gc.collect()
    assert len(segmented._TRIMS) == before  # not pinned by a module-wide cache
