"""scripts/seed_watchlist.py on tiny synthetic wdzj-style CSV files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths, load_watchlist

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "seed_watchlist.py"
STATUS = """\
_id,name,register_location,register_time,status,wdzj_plat_id
11,鑫盛宝,上海|浦东,2014-09-09,问题平台,11
12,恒通贷 (京),北京|朝阳,2015-01-01,normal,12
13,稳盈金服,广东|深圳,2016-03-01,停业或转型,13
"""
COMPANY = """\
_id,background,name,plat_id,wdzj_plat_id,status,finished
a,民营系,鑫盛宝,xsb,11,跑路,1
b,,恒通贷(京),htd,12,normal,1
c,国资系,稳盈金服,wyjf,13,转型,1
d,,孤立平台,gl,0,提现困难,1
e,,另一平台,lp,0,normal,1
"""


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("seed_watchlist", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "wdzj"
    folder.mkdir()
    (folder / "status.csv").write_text(STATUS, encoding="utf-8")
    (folder / "company_list.csv").write_text("\ufeff" + COMPANY, encoding="utf-8")
    return folder


def test_seeds_a_loadable_watchlist_with_aliases_regions_and_tags(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "watchlist.yaml"
    assert _script().main(["--data", str(data), "--output", str(out)]) == 0
    by_name = {e.name: e for e in load_watchlist(out).enterprises}
    aliases = sum(len(e.aliases) for e in by_name.values())
    assert f"{out}：5 个企业，{aliases} 个别名" in capsys.readouterr().err
    assert set(by_name) == {"鑫盛宝", "恒通贷(京)", "稳盈金服", "孤立平台", "另一平台"}
    assert by_name["鑫盛宝"].region == "上海/浦东"
    assert set(by_name["鑫盛宝"].tags) == {"跑路", "民营系", "问题平台"}
    assert set(by_name["恒通贷(京)"].aliases) == {"恒通贷 (京)", "恒通贷"}
    assert by_name["恒通贷(京)"].tags == ()  # normal is not a tag
    assert by_name["孤立平台"].aliases == ()  # wdzj_plat_id 0 links nothing
    analyzer = Analyzer.from_files(default_set_paths(), out, AnalyzerConfig())
    result = analyzer.analyze("投资人称恒通贷近期提现困难，老板已经失联。")
    assert result.risk
    assert result.mentions[0].name == "恒通贷(京)"
    assert result.mentions[0].on_watchlist


def test_only_problem_keeps_problem_platforms(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "problem.yaml"
    assert _script().main(["--data", str(data), "--output", str(out), "--only-problem"]) == 0
    names = {e.name for e in load_watchlist(out).enterprises}
    assert names == {"鑫盛宝", "孤立平台"}


def test_missing_folder_file_or_column_exits_2(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    out = tmp_path / "x.yaml"
    assert script.main(["--data", str(tmp_path / "nope"), "--output", str(out)]) == 2
    nope = tmp_path / "nope"
    assert f"{nope}：目录不存在（应包含 status.csv 和 company_list.csv）" in capsys.readouterr().err
    (data / "status.csv").write_text("_id,name\n1,甲乙\n", encoding="utf-8")
    assert script.main(["--data", str(data), "--output", str(out)]) == 2
    missing = "缺少列 register_location、status、wdzj_plat_id"
    assert f"{data / 'status.csv'}:1: {missing}" in capsys.readouterr().err
    (data / "status.csv").unlink()
    assert script.main(["--data", str(data), "--output", str(out)]) == 2
    assert f"{data / 'status.csv'}：文件不存在" in capsys.readouterr().err
    assert not out.exists()
