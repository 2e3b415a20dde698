"""A broken keyword edit keeps the last good set active for unattended runs, and says why."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from keywords import default_set_paths
from keywords.configure import build_analyzer
from tianluo.errors import ConfigError
from tianluo.settings import load_settings

TEXT = "某平台承诺保本保息，年化收益率30%，近日出现提现困难，老板失联跑路。"


def test_bad_edit_falls_back_to_the_last_good_set(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sets = tmp_path / "sets"
    sets.mkdir()
    edited = sets / "fundraising.yaml"
    shutil.copyfile(default_set_paths()[0], edited)
    config = tmp_path / "tianluo.yaml"
    config.write_text("analysis:\n  keywords: [sets/*.yaml]\n", encoding="utf-8")
    settings = load_settings(config, environ={})

    good = build_analyzer(settings, keep_last_good=True)
    expected = good.analyze(TEXT)
    assert expected.risk

    edited.write_text(
        edited.read_text(encoding="utf-8") + "\ncategories: [oops\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError):
        build_analyzer(settings)  # interactive commands see the error
    with caplog.at_level(logging.ERROR):
        kept = build_analyzer(settings, keep_last_good=True)
    assert kept.analyze(TEXT).score == expected.score
    assert "fundraising.yaml" in caplog.text and "上一次通过校验的关键词集" in caplog.text


def test_no_snapshot_means_the_error_stands(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("categories: [\n", encoding="utf-8")
    config = tmp_path / "tianluo.yaml"
    config.write_text("analysis:\n  keywords: [bad.yaml]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml"):
        build_analyzer(load_settings(config, environ={}), keep_last_good=True)
