"""Rule files: the default rules load; every malformed variant names file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.rules import RULE_TYPES, load_rules
from tianluo.errors import ConfigError
from tianluo.settings import PACKAGE_ROOT

GOOD = "name: r1\ntype: threshold\nmin_score: 5\n"

# (yaml text, line, key, words the message must contain)
BAD = [
    ("name: r1\nmin_score: 5\n", 1, "type", "required"),
    ("type: threshold\nmin_score: 5\n", 1, "name", "required"),
    ("name: r1\ntype: threshold\n", 1, "min_score", "required by rule type 'threshold'"),
    ("name: r1\ntype: spike\nwindow: 6h\n", 1, "spike_height", "required by rule type 'spike'"),
    ("name: r1\ntype: any\n", 1, "categories", "required by rule type 'any'"),
    ("name: r1\ntype: tripwire\n", 2, "type", "unknown rule type 'tripwire'"),
    ("name: r1\ntype: threshold\nmin_score: 5\nwindow: 24 hours\n", 4, "window", "duration"),
    ("name: r1\ntype: threshold\nmin_score: 5\nrealert: 5x\n", 4, "realert", "duration"),
    ("name: r1\ntype: threshold\nmin_score: 5\nwindow: 0h\n", 4, "window", "longer than zero"),
    ("name: r1\ntype: threshold\nmin_score: 5\nseverity: urgent\n", 4, "severity", "'info'"),
    ("name: r1\ntype: threshold\nmin_score: -1\n", 3, "min_score", "greater than 0"),
    ("name: r1\ntype: threshold\nmin_score: lots\n", 3, "min_score", "number"),
    ("name: r1\ntype: threshold\nmin_score: 1870.8\n", 3, "min_score", "risk index 0-100"),
    ("name: r1\ntype: threshold\nmin_score: 5\nthreshhold: 3\n", 4, "threshhold", "unknown key"),
    (
        "name: r1\ntype: threshold\nmin_score: 5\nfilters:\n  colour: red\n",
        5,
        "filters.colour",
        "unknown key",
    ),
    (
        "name: r1\ntype: threshold\nmin_score: 5\nfilters:\n  risk: true\n",
        5,
        "filters.risk",
        "does not support this filter",
    ),
    ("name: r1\ntype: threshold\nmin_score: 5\ngroup_by: term\n", 4, "group_by", "groups by"),
    ("name: r1\ntype: flatline\ngroup_by: enterprise\n", 3, "group_by", "groups by"),
    ("name: bad name!\ntype: threshold\nmin_score: 5\n", 1, "name", "letters"),
    ("name: r1\ntype: threshold\nmin_score: 5\nchannels: ['']\n", 4, "channels", "empty"),
    ("name: r1\ntype: threshold\nmin_score: 5\nenabled: maybe\n", 4, "enabled", "boolean"),
    ("name: r1\ntype: threshold\nmin_score: 5\nmax_matches: 0\n", 4, "max_matches", "greater"),
    ("name: r1\ntype: spike\nspike_height: 1\n", 3, "spike_height", "greater than 1"),
    ("name: r1\ntype: spike\nspike_height: 3\nbaseline: forever\n", 4, "baseline", "duration"),
    ("name: r1\ntype: any\ncategories: []\n", 3, "categories", "at least 1"),
    (
        "name: r1\ntype: any\nfilters:\n  event_types: [失联跑路, 跑路]\n",
        4,
        "filters.event_types[1]",
        "unknown event type '跑路' (the documented types: 涉嫌非法集资、",
    ),
    (
        "name: r1\ntype: spike\nspike_height: 3\nfilters:\n  event_types:\n"
        "    - 涉嫌传销\n    - 非法集资\n",
        7,
        "filters.event_types[1]",
        "unknown event type '非法集资'",
    ),
    (
        "name: r1\ntype: flatline\nfilters:\n  event_types: 失联跑路\n",
        4,
        "filters.event_types",
        "does not support this filter",
    ),
    (
        "name: r1\ntype: any\nfilters:\n  risk: true\n",
        1,
        "categories",
        "required by rule type 'any' unless filters.event_types is set",
    ),
    ("name: r1\ntype: flatline\nthreshold: 0\n", 3, "threshold", "greater than or equal to 1"),
    ("name: r1\ntype: first_seen\ncategories: {a: 1}\n", 3, "categories", "list"),
    (
        "- name: r1\n  type: threshold\n  min_score: 5\n- name: r2\n  type: threshold\n",
        4,
        "[1].min_score",
        "required",
    ),
    ("- name: r1\n  type: threshold\n  min_score: 5\n- just text\n", 4, "[1]", "mapping"),
    ("name: r1\ntype: threshold\n  min_score: 5\n", 3, "", "YAML syntax error"),
    ("just a string\n", 1, "", "expected a rule"),
    ("[]\n", 1, "", "expected a rule"),
    (
        "- name: r1\n  type: threshold\n  min_score: 5\n- name: r1\n  type: any\n"
        "  categories: [enforcement]\n",
        4,
        "name",
        "duplicate rule name",
    ),
]


@pytest.mark.parametrize(("text", "line", "key", "words"), BAD)
def test_malformed_rule_names_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    result = load_rules([path])
    assert result.problems, "a malformed rule must be reported"
    rendered = ConfigError(result.problems).render()
    matching = [p for p in result.problems if p[2] == key and words in p[3]]
    assert matching, rendered
    file, got_line, _, _ = matching[0]
    assert file == str(path)
    assert got_line == line, rendered
    assert f"{path}:{line}" in rendered


def test_an_old_threshold_above_100_says_what_changed(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("name: old\ntype: threshold\nwindow: 24h\nmin_score: 1870.8\n", "utf-8")
    result = load_rules([path])
    assert result.rules == []
    rendered = ConfigError(result.problems).render()
    assert f"{path}:4" in rendered and "min_score" in rendered
    assert "1870.8 is above 100" in rendered
    assert "used to be an open-ended sum" in rendered and "min_score: 60" in rendered


def test_at_least_twenty_malformed_variants() -> None:
    assert len(BAD) >= 20


def test_good_rule_loads_and_bad_file_does_not_stop_others(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, "utf-8")
    (tmp_path / "b.yaml").write_text("name: r2\ntype: spike\n", "utf-8")
    result = load_rules(sorted(tmp_path.glob("*.yaml")))
    assert [r.name for r in result.rules] == ["r1"]
    assert result.problems[0][0].endswith("b.yaml")
    with pytest.raises(ConfigError, match="spike_height"):
        result.raise_problems()


def test_default_rules_are_valid_and_cover_every_type() -> None:
    result = load_rules(sorted((PACKAGE_ROOT / "alerts" / "rules").glob("*.yaml")))
    assert result.problems == []
    assert {r.spec.type for r in result.rules} == set(RULE_TYPES)
    assert all(r.spec.channels for r in result.rules)


def test_digest_changes_with_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD, "utf-8")
    first = load_rules([path]).rules[0].digest
    path.write_text(GOOD.replace("5", "6"), "utf-8")
    assert load_rules([path]).rules[0].digest != first
