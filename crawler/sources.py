"""Sources as data: each site is a YAML entry, validated with file/line/key errors.

Adding a site means adding YAML, not code.  Example::

    sources:
      - name: city-news
        type: news                    # news | forum | p2p
        start_urls: [https://news.example.cn/finance/]
        rss: [https://news.example.cn/rss.xml]
        allowed_domains: [news.example.cn]
        follow: ['/finance/list_\\d+\\.html']      # list pages: follow their links
        items:                          # pages that become documents, by kind
          article: ['/finance/\\d{8}/\\d+\\.html']
        selectors: {content: 'div.article-body'}
        interval: 2h
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from tianluo.errors import ConfigError
from tianluo.settings import Section, Settings
from tianluo.timeutil import parse_duration
from tianluo.validation import validate
from tianluo.yamlfile import load

ITEM_KINDS: dict[str, tuple[str, ...]] = {
    "news": ("article",),
    "forum": ("thread",),
    "p2p": ("profile", "product", "announcement", "article"),
}
SELECTOR_FIELDS = (
    "title",
    "content",
    "published",
    "author",
    "origin",
    "post",
    "post_id",
    "post_author",
    "post_time",
    "post_floor",
    "post_content",
    "company",
    "yield",
    "term",
)


def _check_regex(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"正则表达式 {pattern!r} 无效：{exc}") from None
    return patterns


class Source(Section):
    """One site to crawl."""

    name: str = Field(description="Unique slug, used in stats and documents.")
    type: Literal["news", "forum", "p2p"] = Field(description="Spider family.")
    start_urls: list[str] = Field(default_factory=list, description="Where the crawl starts.")
    rss: list[str] = Field(default_factory=list, description="RSS/Atom feeds listing items.")
    sitemaps: list[str] = Field(default_factory=list, description="sitemap.xml URLs.")
    allowed_domains: list[str] = Field(default_factory=list, description="Hosts to stay on.")
    follow: list[str] = Field(
        default_factory=list, description="Regexes of list pages whose links are followed."
    )
    items: dict[str, list[str]] = Field(
        default_factory=dict, description="Regexes of document pages, by kind."
    )
    deny: list[str] = Field(default_factory=list, description="Regexes of URLs never fetched.")
    links_from_items: bool | None = Field(
        None,
        description="Also follow links found on document pages (default: no for news; yes for "
        "forum threads, whose later pages are linked there, and p2p).",
    )
    selectors: dict[str, str] = Field(
        default_factory=dict, description="Per-field CSS or XPath (starting with /) selectors."
    )
    interval: str = Field("2h", description="How often the scheduler crawls it.")
    recrawl_after: str = Field(
        "7d", description="Re-fetch an already stored document page after this long."
    )
    encoding: str | None = Field(None, description="Override the page encoding.")
    allow_private: bool = Field(
        False, description="Allow private/loopback addresses (local test sites only)."
    )
    max_pages: int = Field(0, ge=0, description="Page cap for one crawl (0: none).")
    enabled: bool = Field(True, description="Crawl this source.")

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", value):
            raise ValueError("只能用小写字母、数字、'-' 和 '_'（例如 city-news）")
        return value

    @field_validator("follow", "deny")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        return _check_regex(value)

    @field_validator("interval", "recrawl_after")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value

    @field_validator("start_urls", "rss", "sitemaps")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            if not re.match(r"https?://[^/\s]+", url):
                raise ValueError(f"不是 http(s) 网址：{url!r}")
        return value

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, value: str | None) -> str | None:
        import codecs

        if value is not None:
            try:
                codecs.lookup(value)
            except LookupError:
                raise ValueError(f"未知的编码 {value!r}（例如 utf-8、gb18030）") from None
        return value

    @field_validator("selectors")
    @classmethod
    def _selectors(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(SELECTOR_FIELDS))
        if unknown:
            raise ValueError(f"未知的选择器字段 {unknown}；可用：{list(SELECTOR_FIELDS)}")
        return value

    @field_validator("items")
    @classmethod
    def _kinds(cls, value: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        family = info.data.get("type")
        allowed = ITEM_KINDS.get(str(family), ())
        for kind, patterns in value.items():
            if family and kind not in allowed:
                raise ValueError(f"类型 {family} 的页面种类 {kind!r} 不在 {list(allowed)} 之中")
            _check_regex(patterns)
        return value

    @model_validator(mode="after")
    def _start(self) -> Source:
        if not (self.start_urls or self.rss or self.sitemaps):
            raise ValueError("start_urls、rss、sitemaps 至少要给出一项")
        return self


class SourceFile(Section):
    sources: list[Source] = Field(default_factory=list)


def load_source_file(path: Path) -> list[Source]:
    """Sources of one YAML file, with file/line/key errors."""
    return [source for source, _ in _sources_with_lines(path)]


def _sources_with_lines(path: Path) -> list[tuple[Source, int | None]]:
    data, lines = load(path)
    sources = validate(SourceFile, data, lines).sources
    return [(s, lines.line(("sources", i, "name"))) for i, s in enumerate(sources)]


def load_source_files(paths: list[Path]) -> list[Source]:
    """Sources of these files; every problem in every file is reported together.

    A name given twice, in one file or in two, is an error at the later place
    (file and line), naming where it was first given.
    """
    problems: list[tuple[str, int | None, str, str]] = []
    found: dict[str, tuple[Source, str]] = {}
    for path in paths:
        try:
            loaded = _sources_with_lines(path)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        for index, (source, line) in enumerate(loaded):
            where = f"{path}:{line}" if line else str(path)
            if source.name in found:
                first = found[source.name][1]
                problems.append(
                    (
                        str(path),
                        line,
                        f"sources[{index}].name",
                        f"来源名称 {source.name!r} 重复（首次出现在 {first}）；名称必须唯一",
                    )
                )
                continue
            found[source.name] = (source, where)
    if problems:
        raise ConfigError(problems)
    return [source for source, _ in found.values()]


def load_sources(settings: Settings, extra: list[Path] | None = None) -> list[Source]:
    """All configured sources; every problem in every file is reported together."""
    return load_source_files(settings.globbed(settings.crawl.sources) + list(extra or []))
