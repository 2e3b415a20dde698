"""Build a watchlist YAML from the wdzj P2P platform lists (status.csv, company_list.csv).

    PYTHONPATH=. .venv/bin/python scripts/seed_watchlist.py --data ../shared/data/wdzj \\
        --output var/watchlist.yaml [--only-problem]

``status.csv`` (``_id,name,register_location,register_time,status,wdzj_plat_id``) and
``company_list.csv`` (``_id,background,name,plat_id,wdzj_plat_id,status,finished``) are
joined on ``wdzj_plat_id``.  The data names platforms, not their operating companies,
so each enterprise is a platform brand; where the two files spell it differently
(财富派(京) / 财富派 (京)), or a bracketed region follows the brand, the other
spellings become aliases.  ``region`` comes from ``register_location`` (广东|深圳 ->
广东/深圳); ``tags`` are the fates of both files (问题平台, 跑路, 提现困难, 经侦介入,
停业, 转型 ...) and the background (民营系, 国资系 ...).  The output is written only
where ``--output`` says; the data itself is never copied into the package.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

STATUS_FILE = "status.csv"
COMPANY_FILE = "company_list.csv"
STATUS_COLUMNS = ("name", "register_location", "status", "wdzj_plat_id")
COMPANY_COLUMNS = ("background", "name", "wdzj_plat_id", "status")
PROBLEM_TAGS = frozenset({"问题平台", "跑路", "提现困难", "经侦介入"})
"""Fates that make a platform a problem platform (``--only-problem``)."""
_NOT_TAGS = frozenset({"", "normal"})
_BRACKETED = re.compile(r"^(.{2,}?)\s*[（(][^()（）]{1,6}[)）]$")


class SeedError(Exception):
    """A missing folder, file or column: the message says which."""


@dataclass
class Platform:
    """One platform gathered from both files."""

    name: str
    aliases: list[str] = field(default_factory=list)
    region: str = ""
    tags: list[str] = field(default_factory=list)

    def add_alias(self, alias: str) -> None:
        """Add a spelling other than the name, once."""
        alias = alias.strip()
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def add_tag(self, tag: str) -> None:
        """Add a fate or background, once."""
        tag = tag.strip()
        if tag not in _NOT_TAGS and tag not in self.tags:
            self.tags.append(tag)


def read_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a CSV file (UTF-8, BOM allowed) that must have ``columns``."""
    if not path.is_file():
        raise SeedError(f"{path}：文件不存在")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise SeedError(f"{path}:1: 缺少列 {'、'.join(missing)}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _region(location: str) -> str:
    return "/".join(part.strip() for part in location.split("|") if part.strip())


def collect(data: Path) -> list[Platform]:
    """Platforms from ``data``/status.csv and company_list.csv, joined on ``wdzj_plat_id``."""
    if not data.is_dir():
        raise SeedError(f"{data}：目录不存在（应包含 {STATUS_FILE} 和 {COMPANY_FILE}）")
    status = read_rows(data / STATUS_FILE, STATUS_COLUMNS)
    companies = read_rows(data / COMPANY_FILE, COMPANY_COLUMNS)
    by_id: dict[str, Platform] = {}
    order: list[Platform] = []

    def platform(plat_id: str, name: str) -> Platform:
        linked = plat_id not in ("", "0")  # 0 marks a row the crawler could not link
        key = plat_id if linked else f"name:{name}"
        if key not in by_id:
            by_id[key] = Platform(name)
            order.append(by_id[key])
        return by_id[key]

    for row in companies:
        if not row["name"]:
            continue
        item = platform(row["wdzj_plat_id"], row["name"])
        item.add_alias(row["name"])
        item.add_tag(row["status"])
        item.add_tag(row["background"])
    for row in status:
        if not row["name"]:
            continue
        item = platform(row["wdzj_plat_id"], row["name"])
        item.add_alias(row["name"])
        item.add_tag(row["status"])
        item.region = item.region or _region(row["register_location"])
    return _deduplicated(order)


def _deduplicated(platforms: list[Platform]) -> list[Platform]:
    """Merge platforms sharing a name; drop aliases another platform already uses."""
    merged: dict[str, Platform] = {}
    for item in platforms:
        bare = _BRACKETED.match(item.name)
        if bare:
            item.add_alias(bare.group(1))  # 财富派(京) is also written 财富派
        if item.name in merged:
            target = merged[item.name]
            for alias in item.aliases:
                target.add_alias(alias)
            for tag in item.tags:
                target.add_tag(tag)
            target.region = target.region or item.region
        else:
            merged[item.name] = item
    used = set(merged)
    out = list(merged.values())
    for item in out:
        kept = []
        for alias in item.aliases:
            if alias not in used:
                used.add(alias)
                kept.append(alias)
        item.aliases = kept
    return out


def to_yaml(platforms: list[Platform]) -> str:
    """The watchlist document: ``enterprises: [{name, aliases, region, tags}]``."""
    items: list[dict[str, Any]] = []
    for item in platforms:
        entry: dict[str, Any] = {"name": item.name}
        if item.aliases:
            entry["aliases"] = item.aliases
        if item.region:
            entry["region"] = item.region
        if item.tags:
            entry["tags"] = item.tags
        items.append(entry)
    header = "# Seeded from wdzj status.csv and company_list.csv by scripts/seed_watchlist.py\n"
    body = yaml.safe_dump({"enterprises": items}, allow_unicode=True, sort_keys=False, width=120)
    return header + body


def main(argv: list[str] | None = None) -> int:
    """Write the watchlist; exit 2 with one message when the data is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with the two CSV files")
    parser.add_argument("--output", type=Path, required=True, help="watchlist YAML to write")
    parser.add_argument(
        "--only-problem",
        action="store_true",
        help=f"keep platforms tagged {', '.join(sorted(PROBLEM_TAGS))}",
    )
    args = parser.parse_args(argv)
    try:
        platforms = collect(args.data)
    except SeedError as exc:
        print(f"seed_watchlist: {exc}", file=sys.stderr)
        return 2
    if args.only_problem:
        platforms = [p for p in platforms if PROBLEM_TAGS.intersection(p.tags)]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(to_yaml(platforms), encoding="utf-8")
    aliases = sum(len(p.aliases) for p in platforms)
    print(f"{args.output}：{len(platforms)} 个企业，{aliases} 个别名", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
