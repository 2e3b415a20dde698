"""HTML templates of the news portal (金盾财经网): layout, article and list pages."""

from __future__ import annotations

import json
from html import escape

from demo.news_data import CHANNELS, Article
from demo.pages import meta_tag, paragraphs

LIST_PAGE_SIZE = 6


def page_name(page: int) -> str:
    """File name of list page ``page`` (1-based): index.html, index_2.html, ..."""
    return "index.html" if page == 1 else f"index_{page}.html"


def page_window(page: int, pages: int, width: int = 3) -> list[int]:
    """Page numbers a pager shows: first, last and ``width`` either side; 0 marks a gap."""
    shown = sorted({1, pages, *range(max(1, page - width), min(pages, page + width) + 1)})
    out: list[int] = []
    for n in shown:
        if out and n != out[-1] + 1:
            out.append(0)
        out.append(n)
    return out


def nav(site_name: str, with_roll: bool) -> str:
    """The header with logo and channel navigation."""
    links = ['<li><a href="/news/">首页</a></li>']
    for key, label in CHANNELS.items():
        if key != "roll" or with_roll:
            links.append(f'<li><a href="/news/{key}/index.html">{label}</a></li>')
    links.append('<li><a href="/forum/forum.php">财友论坛</a></li>')
    return (
        '<div class="topbar">欢迎访问 | <a href="/news/rss.xml">RSS订阅</a> | 手机版</div>\n'
        f'<div class="header"><a class="logo" href="/news/">{escape(site_name)}</a>\n'
        f'<ul class="nav">{"".join(links)}</ul></div>'
    )


def footer(site_name: str, icp: str) -> str:
    """The copyright footer."""
    return (
        '<div class="footer"><p><a href="/news/about.html">关于我们</a> | 联系我们 | 广告服务'
        " | 违法和不良信息举报</p>\n"
        f"<p>Copyright &copy; 2019-2024 {escape(site_name)} 版权所有 {escape(icp)}</p>\n"
        "<p>未经授权禁止转载、摘编、复制或建立镜像</p></div>"
    )


def document(title: str, encoding: str, head: str, body: str) -> str:
    """Wrap a page body in the portal's <html> skeleton."""
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n{meta_tag(encoding)}\n'
        f"<title>{escape(title)}</title>\n{head}"
        '<style>body{font-family:"Microsoft YaHei",sans-serif}.main{width:1000px}</style>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def date_line(article: Article) -> tuple[str, str]:
    """Return (extra <head> markup, visible meta line) in the article's date style."""
    d = article.published
    src = f"来源：{escape(article.source)}"
    by = f"作者：{escape(article.author)}"
    style = article.date_style
    if style == "cn":
        when = f"{d.year}年{d.month}月{d.day}日 {d:%H:%M}"
        return "", f'<div class="info">{when}&nbsp;&nbsp;{src}&nbsp;&nbsp;{by}</div>'
    if style == "slash":
        return "", f'<div class="info">{d.year}/{d.month}/{d.day}&nbsp;&nbsp;{src}</div>'
    if style == "iso":
        return "", (
            f'<div class="article-meta"><span class="time">{d:%Y-%m-%d %H:%M:%S}</span>'
            f'<span class="source">{src}</span><span class="author">{by}</span></div>'
        )
    if style == "meta":
        head = f'<meta property="article:published_time" content="{d.isoformat()}">\n'
        return head, (
            f'<div class="article-meta"><span>发布时间：{d:%m-%d %H:%M}</span>'
            f"<span>{src}</span></div>"
        )
    if style == "jsonld":
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": d.isoformat(),
            "author": {"@type": "Person", "name": article.author},
            "publisher": {"@type": "Organization", "name": article.source},
        }
        head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
        return head, f'<div class="article-meta"><span>{src}</span> <span>{by}</span></div>'
    raise ValueError(f"news.yaml: article {article.id}: unknown date_style {style!r}")


def sidebar(hot: list[Article]) -> str:
    """The 热门文章 sidebar (boilerplate repeated on every article page)."""
    items = "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in hot)
    return (
        f'<div class="sidebar"><div class="box"><h3>热门文章</h3><ul>{items}</ul></div>\n'
        '<div class="box ad"><h3>广告</h3><p>理性投资 谨防诈骗</p></div></div>'
    )


def article_page(
    article: Article,
    *,
    site_name: str,
    icp: str,
    hot: list[Article],
    prev: Article | None,
    next_: Article | None,
    with_roll: bool = False,
) -> str:
    """Render a normal article page."""
    head, info = date_line(article)
    desc = escape(article.body[0][:60]) if article.body else ""
    head = f'<meta name="description" content="{desc}">\n{head}'
    label = CHANNELS[article.channel]
    pager = '<div class="pre-next">'
    if prev:
        pager += f'<p>上一篇：<a href="{prev.path}">{escape(prev.title)}</a></p>'
    if next_:
        pager += f'<p>下一篇：<a href="{next_.path}">{escape(next_.title)}</a></p>'
    pager += "</div>"
    body = (
        f"{nav(site_name, with_roll)}\n"
        f'<div class="crumbs">当前位置：<a href="/news/">首页</a> &gt; '
        f'<a href="/news/{article.channel}/index.html">{label}</a> &gt; 正文</div>\n'
        f'<div class="main">\n<div class="article">\n<h1>{escape(article.title)}</h1>\n'
        f"{info}\n"
        f'<div class="content" id="artibody">\n{paragraphs(article.body)}\n'
        f'<p class="editor">（责任编辑：{escape(article.author)}）</p>\n</div>\n'
        f'<div class="share">分享到：微信 微博 QQ空间</div>\n{pager}\n</div>\n'
        f"{sidebar(hot)}\n</div>\n{footer(site_name, icp)}"
    )
    return document(f"{article.title}_{label}_{site_name}", article.encoding, head, body)


def malformed_page(article: Article, *, site_name: str) -> str:
    """Render an article whose HTML is broken: unclosed and stray tags, no </html>."""
    paras = "\n".join(f"<p>{escape(t)}" for t in article.body)
    d = article.published
    return (
        f'<html><head><meta charset="utf-8"><title>{escape(article.title)}_{site_name}</title>\n'
        f'<body><div class="header"><a href="/news/">{site_name}</a>\n'
        '<div class="crumbs"><a href="/news/">首页</a> &gt; <a href=/news/finance/index.html>财经\n'
        f'<div class="main"><div class="article"><h1>{escape(article.title)}</h1>\n'
        f'<div class="info">{d.year}年{d.month}月{d.day}日 {d:%H:%M}  来源：{site_name}'
        f'<table><tr><td class="content"><font color=#333><b>\n{paras}\n'
        "</i></span></div></div>\n<li>本文无相关阅读\n"
    )


def list_page(
    channel: str,
    entries: list[Article],
    page: int,
    pages: int,
    *,
    site_name: str,
    icp: str,
    with_roll: bool = False,
) -> str:
    """Render one page of a channel's article list with 上一页/下一页 links."""
    label = CHANNELS[channel]
    rows = "\n".join(
        f'<li><a href="{a.path}" target="_blank">{escape(a.title)}</a>'
        f'<span class="date">{a.published:%Y-%m-%d}</span></li>'
        for a in entries
    )
    links = []
    if page > 1:
        links.append(f'<a href="{page_name(page - 1)}">上一页</a>')
    for n in page_window(page, pages):
        if n == 0:
            links.append("<span>...</span>")
        elif n == page:
            links.append(f'<span class="current">{n}</span>')
        else:
            links.append(f'<a href="{page_name(n)}">{n}</a>')
    if page < pages:
        links.append(f'<a href="{page_name(page + 1)}" class="next">下一页</a>')
    body = (
        f"{nav(site_name, with_roll)}\n"
        f'<div class="crumbs">当前位置：<a href="/news/">首页</a> &gt; {label}</div>\n'
        f'<div class="main"><h2 class="channel-title">{label}</h2>\n'
        f'<ul class="news-list">\n{rows}\n</ul>\n<div class="pages">{" ".join(links)}</div>\n'
        f"</div>\n{footer(site_name, icp)}"
    )
    title = f"{label}_{site_name}" if page == 1 else f"{label}_第{page}页_{site_name}"
    return document(title, "utf-8", "", body)


def home_page(
    latest: list[Article],
    by_channel: dict[str, list[Article]],
    *,
    site_name: str,
    icp: str,
    with_roll: bool = False,
) -> str:
    """Render the portal's front page."""
    top = "\n".join(
        f'<li><a href="{a.path}">{escape(a.title)}</a> <span>{a.published:%m-%d}</span></li>'
        for a in latest
    )
    blocks = []
    for channel, items in by_channel.items():
        rows = "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in items)
        blocks.append(
            f'<div class="block"><h3><a href="/news/{channel}/index.html">'
            f"{CHANNELS[channel]}</a></h3><ul>{rows}</ul></div>"
        )
    body = (
        f"{nav(site_name, with_roll)}\n"
        f'<div class="main"><div class="headline"><h2>要闻</h2><ul>\n{top}\n</ul></div>\n'
        f"{''.join(blocks)}\n</div>\n{footer(site_name, icp)}"
    )
    head = '<link rel="alternate" type="application/rss+xml" title="RSS" href="/news/rss.xml">\n'
    return document(f"{site_name} - 财经资讯 法治新闻", "utf-8", head, body)
