"""All demo content: the three sites plus root pages, built deterministically in memory.

``build_content(base_url)`` returns a ``SiteContent`` that maps request targets
(path plus query string) to ``Resource`` objects.  Building the same arguments
twice gives byte-identical resources; nothing depends on the clock or randomness.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from demo.forum import build_forum
from demo.news import build_news, rolling_resource
from demo.p2p import build_p2p
from demo.pages import Resource, html_resource, text_resource

ROOT = "root"


def root_resources(base_url: str) -> list[Resource]:
    """robots.txt, the root sitemap index, a landing page and the robots-disallowed page."""
    robots = f"User-agent: *\nAllow: /\nDisallow: /private/\n\nSitemap: {base_url}/sitemap.xml\n"
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<sitemap><loc>{base_url}/news/sitemap.xml</loc></sitemap>\n</sitemapindex>\n"
    )
    landing = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>天罗演示站点</title></head><body><h1>天罗演示站点</h1><ul>"
        '<li><a href="/news/">金盾财经网（新闻门户）</a></li>'
        '<li><a href="/forum/forum.php">财友汇（论坛）</a></li>'
        '<li><a href="/p2p/">鑫盛宝（网贷平台）</a></li></ul>'
        "<p>本站内容均为虚构，仅用于演示。</p></body></html>\n"
    )
    private = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>鑫盛宝管理后台</title></head><body><h1>鑫盛宝管理后台</h1>"
        '<p>内部系统，请使用员工账号登录。</p><form><input name="user">'
        '<input name="password" type="password"></form></body></html>\n'
    )
    return [
        text_resource("/robots.txt", ROOT, "robots", robots, "text/plain"),
        text_resource("/sitemap.xml", ROOT, "feed", index, "application/xml"),
        html_resource("/", ROOT, "home", landing),
        html_resource("/private/admin.html", ROOT, "private", private),
    ]


@dataclass(frozen=True)
class SiteContent:
    """Every resource of the demo sites, looked up by request target."""

    routes: dict[str, Resource]
    extra_pages: int = 0

    def get(self, target: str) -> Resource | None:
        """Return the resource for ``target`` (path plus query), or None for a 404."""
        found = self.routes.get(target)
        if found is None and self.extra_pages > 0:
            found = rolling_resource(target, self.extra_pages)
        return found

    def pages(self, site: str) -> list[Resource]:
        """The fixed HTML pages (status 200) of one site, in build order."""
        return [
            r
            for r in self.routes.values()
            if r.site == site and r.status == 200 and r.content_type.startswith("text/html")
        ]

    def counts(self) -> dict[str, int]:
        """Number of fixed HTML pages per site."""
        return dict(
            Counter(
                r.site
                for r in self.routes.values()
                if r.status == 200 and r.content_type.startswith("text/html")
            )
        )


def build_content(base_url: str = "http://127.0.0.1:8800", extra_pages: int = 0) -> SiteContent:
    """Build all fixed resources; ``base_url`` only appears in robots.txt, RSS and sitemaps."""
    if extra_pages < 0:
        raise ValueError(f"extra_pages must be >= 0, got {extra_pages}")
    base_url = base_url.rstrip("/")
    routes: dict[str, Resource] = {}
    for resource in [
        *build_news(base_url, extra_pages),
        *build_forum(),
        *build_p2p(),
        *root_resources(base_url),
    ]:
        if resource.path in routes:
            raise ValueError(f"two demo resources share the path {resource.path}")
        routes[resource.path] = resource
    return SiteContent(routes, extra_pages)
