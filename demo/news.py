"""The news portal (金盾财经网): every page under /news/, plus its RSS feed and sitemap."""

from __future__ import annotations

from email.utils import format_datetime
from html import escape

from demo import news_html as tpl
from demo.news_data import Article, NewsSite, by_id, news_site
from demo.pages import Item, Resource, html_resource, text_resource
from demo.roll import ROLL_PAGE_SIZE, roll_article, roll_index, roll_list_page, roll_list_pages

SITE = "news"


def _item(article: Article) -> Item:
    return Item(
        title=article.title,
        topic=article.topic,
        enterprises=article.enterprises,
        published=article.published,
        encoding=article.encoding,
        special=article.special,
        source=article.source,
        author=article.author,
        date_style=article.date_style,
        genre=article.genre,
    )


def article_resource(
    article: Article,
    site: NewsSite,
    *,
    prev: Article | None,
    next_: Article | None,
    with_roll: bool,
) -> Resource:
    """Render one article into a Resource, honouring its encoding and special cases."""
    if article.special == "empty":
        return Resource(
            article.path, SITE, "article", b"", "text/html; charset=utf-8",
            article.published, item=_item(article),
        )  # fmt: skip
    if article.special == "malformed":
        text = tpl.malformed_page(article, site_name=site.name)
    else:
        text = tpl.article_page(
            article,
            site_name=site.name,
            icp=site.icp,
            hot=[by_id(i) for i in site.hot],
            prev=prev,
            next_=next_,
            with_roll=with_roll,
        )
    return html_resource(
        article.path, SITE, "article", text,
        encoding=article.encoding, last_modified=article.published, item=_item(article),
    )  # fmt: skip


def _list_resources(
    channel: str, entries: list[Article], site: NewsSite, page_size: int, with_roll: bool
) -> list[Resource]:
    pages = max(1, -(-len(entries) // page_size))
    out = []
    for page in range(1, pages + 1):
        chunk = entries[(page - 1) * page_size : page * page_size]
        text = tpl.list_page(
            channel, chunk, page, pages, site_name=site.name, icp=site.icp, with_roll=with_roll
        )
        path = f"/news/{channel}/{tpl.page_name(page)}"
        out.append(html_resource(path, SITE, "list", text, last_modified=chunk[0].published))
    return out


def _about(site: NewsSite, with_roll: bool) -> Resource:
    body = (
        f'{tpl.nav(site.name, with_roll)}\n<div class="main"><h1>关于我们</h1>\n'
        f"<p>{escape(site.name)}是一家专注财经、法治资讯的综合性新闻网站，"
        "坚持真实、客观、专业的报道原则。</p>\n<p>新闻热线：021-5555-0101</p></div>\n"
        f"{tpl.footer(site.name, site.icp)}"
    )
    return html_resource(
        "/news/about.html", SITE, "page", tpl.document("关于我们", "utf-8", "", body)
    )


def build_news(base_url: str, extra_pages: int = 0) -> list[Resource]:
    """Build every fixed resource of the portal (generated rolling news is served lazily)."""
    site = news_site()
    with_roll = extra_pages > 0
    out: list[Resource] = []
    by_channel: dict[str, list[Article]] = {}
    for article in sorted(site.articles, key=lambda a: a.published, reverse=True):
        by_channel.setdefault(article.channel, []).append(article)
    for channel, items in by_channel.items():
        for n, article in enumerate(items):
            newer = items[n - 1] if n > 0 else None
            older = items[n + 1] if n + 1 < len(items) else None
            out.append(
                article_resource(article, site, prev=older, next_=newer, with_roll=with_roll)
            )
        listed = sorted([*items, site.missing], key=lambda a: a.published, reverse=True)
        entries = listed if channel == site.missing.channel else items
        out.extend(_list_resources(channel, entries, site, tpl.LIST_PAGE_SIZE, with_roll))
    if with_roll:
        first = [roll_article(i) for i in range(min(extra_pages, ROLL_PAGE_SIZE))]
        text = tpl.list_page(
            "roll", first, 1, roll_list_pages(extra_pages),
            site_name=site.name, icp=site.icp, with_roll=True,
        )  # fmt: skip
        out.append(html_resource("/news/roll/index.html", SITE, "list", text))
    latest = sorted(site.articles, key=lambda a: a.published, reverse=True)
    home = tpl.home_page(
        latest[:10],
        {ch: items[:5] for ch, items in by_channel.items()},
        site_name=site.name,
        icp=site.icp,
        with_roll=with_roll,
    )
    out.append(html_resource("/news/", SITE, "home", home, last_modified=latest[0].published))
    out.append(_about(site, with_roll))
    out.append(rss(site, base_url))
    out.append(sitemap(out, base_url))
    return out


def rolling_resource(path: str, extra_pages: int) -> Resource | None:
    """Build a generated rolling-news page on request, or None if ``path`` is not one."""
    if extra_pages <= 0:
        return None
    site = news_site()
    i = roll_index(path, extra_pages)
    if i is not None:
        prev = roll_article(i + 1) if i + 1 < extra_pages else None
        next_ = roll_article(i - 1) if i > 0 else None
        return article_resource(roll_article(i), site, prev=prev, next_=next_, with_roll=True)
    page = roll_list_page(path, extra_pages)
    if page is None or page == 1:
        return None
    start = (page - 1) * ROLL_PAGE_SIZE
    items = [roll_article(i) for i in range(start, min(extra_pages, start + ROLL_PAGE_SIZE))]
    text = tpl.list_page(
        "roll", items, page, roll_list_pages(extra_pages),
        site_name=site.name, icp=site.icp, with_roll=True,
    )  # fmt: skip
    return html_resource(path, SITE, "list", text, last_modified=items[0].published)


def rss(site: NewsSite, base_url: str) -> Resource:
    """The RSS 2.0 feed of all fixed articles, newest first."""
    items = []
    for a in sorted(site.articles, key=lambda a: a.published, reverse=True):
        desc = escape(a.body[0]) if a.body else ""
        items.append(
            f"<item><title>{escape(a.title)}</title><link>{base_url}{a.path}</link>"
            f'<guid isPermaLink="true">{base_url}{a.path}</guid>'
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<description>{desc}</description></item>"
        )
    newest = max(a.published for a in site.articles)
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>{escape(site.name)}</title><link>{base_url}/news/</link>\n"
        "<description>财经资讯 法治新闻</description><language>zh-cn</language>\n"
        f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )
    return text_resource("/news/rss.xml", SITE, "feed", text, "application/rss+xml")


def sitemap(resources: list[Resource], base_url: str) -> Resource:
    """The portal's sitemap: every HTML page built so far."""
    rows = [
        f"<url><loc>{base_url}{r.path}</loc>"
        f"<lastmod>{r.last_modified.date().isoformat()}</lastmod></url>"
        for r in resources
        if r.content_type.startswith("text/html")
    ]
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )
    return text_resource("/news/sitemap.xml", SITE, "feed", text, "application/xml")
