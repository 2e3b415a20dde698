"""The P2P lending platform (鑫盛宝): home, profile, products and announcements under /p2p/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from demo.enterprises import XINSHENGYUAN
from demo.news_data import parse_time
from demo.pages import Item, Resource, html_resource, load_data, paragraphs

SITE = "p2p"
NOTICES_PER_PAGE = 5


@dataclass(frozen=True)
class Notice:
    """One platform announcement."""

    id: int
    published: datetime
    title: str
    body: tuple[str, ...]
    topic: str = "risk"

    @property
    def path(self) -> str:
        """Announcement URL path: /p2p/notice/<id>.html."""
        return f"/p2p/notice/{self.id}.html"


def product_path(pid: int) -> str:
    """Product URL (a query string, as on many PHP/JSP platforms)."""
    return f"/p2p/invest/detail.html?pid={pid}"


def list_path(section: str, page: int) -> str:
    """List page URL: /p2p/<section>/list.html, then ?page=N."""
    return f"/p2p/{section}/list.html" + (f"?page={page}" if page > 1 else "")


def document(title: str, body: str, site: dict[str, Any]) -> str:
    """Wrap a page in the platform's layout (header nav, footer with operator details)."""
    brand = escape(site["brand"])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} - {brand}官网</title>\n"
        f'<meta name="keywords" content="{brand},网贷,理财,出借,高收益">\n</head>\n<body>\n'
        f'<header class="header"><a class="logo" href="/p2p/">{brand}</a>'
        f'<span class="slogan">{escape(site["slogan"])}</span>\n<nav>'
        '<a href="/p2p/">首页</a><a href="/p2p/invest/list.html">我要出借</a>'
        '<a href="/p2p/safety.html">安全保障</a><a href="/p2p/about.html">信息披露</a>'
        '<a href="/p2p/notice/list.html">平台公告</a></nav></header>\n'
        f'<main class="container">\n{body}\n</main>\n'
        f"<footer><p>客服热线：{site['hotline']}（工作日 9:00-18:00）</p>\n"
        f"<p>{escape(XINSHENGYUAN.name)} 版权所有 {site['icp']}</p>\n"
        f"<p>地址：{escape(site['address'])}</p>\n"
        '<p>市场有风险，出借需谨慎 | <a href="/private/admin.html">员工入口</a></p></footer>\n'
        "</body>\n</html>\n"
    )


def _pager(section: str, page: int, pages: int) -> str:
    links = [
        f"<span>{n}</span>" if n == page else f'<a href="{list_path(section, n)}">{n}</a>'
        for n in range(1, pages + 1)
    ]
    if page < pages:
        links.append(f'<a href="{list_path(section, page + 1)}">下一页</a>')
    return f'<div class="pagination">{"".join(links)}</div>'


def _product_card(p: dict[str, Any]) -> str:
    return (
        f'<div class="product"><h3><a href="{product_path(p["id"])}">{escape(p["name"])}</a></h3>'
        f'<p class="rate">{escape(p["rate"])}</p><p>期限 {escape(p["term"])} | '
        f"起投 {escape(p['min'])} | 进度 {escape(p['progress'])}</p>"
        f'<p class="tag">{escape(p["guarantee"])}</p></div>'
    )


def product_resources(site: dict[str, Any], products: list[dict[str, Any]]) -> list[Resource]:
    """Product detail pages and the paginated product list."""
    out = []
    for p in products:
        rows = "".join(
            f"<tr><th>{k}</th><td>{escape(str(p[f]))}</td></tr>"
            for k, f in (
                ("预期年化收益率", "rate"), ("出借期限", "term"), ("起投金额", "min"),
                ("项目总额", "total"), ("募集进度", "progress"), ("还款方式", "repay"),
                ("保障方式", "guarantee"),
            )
        )  # fmt: skip
        body = (
            f'<div class="crumbs"><a href="/p2p/">首页</a> &gt; '
            f'<a href="/p2p/invest/list.html">我要出借</a> &gt; {escape(p["name"])}</div>\n'
            f'<h1>{escape(p["name"])}</h1>\n<table class="detail">{rows}</table>\n'
            f'<div class="desc"><h2>项目介绍</h2><p>{escape(p["desc"])}</p></div>\n'
            '<a class="btn" href="/p2p/invest/list.html">立即出借</a>'
        )
        item = Item(p["name"], "risk", (XINSHENGYUAN.name,))
        out.append(
            html_resource(
                product_path(p["id"]), SITE, "product", document(p["name"], body, site), item=item
            )
        )
    per = site["per_page"]
    pages = -(-len(products) // per)
    for page in range(1, pages + 1):
        cards = "\n".join(_product_card(p) for p in products[(page - 1) * per : page * per])
        body = f"<h1>我要出借</h1>\n{cards}\n{_pager('invest', page, pages)}"
        text = document("我要出借" + (f" 第{page}页" if page > 1 else ""), body, site)
        out.append(html_resource(list_path("invest", page), SITE, "list", text))
    return out


def notice_resources(site: dict[str, Any], notices: list[Notice]) -> list[Resource]:
    """Announcement pages and the paginated announcement list, newest first."""
    out = []
    ordered = sorted(notices, key=lambda n: n.published, reverse=True)
    for n in ordered:
        body = (
            f'<div class="crumbs"><a href="/p2p/">首页</a> &gt; '
            f'<a href="/p2p/notice/list.html">平台公告</a> &gt; 正文</div>\n'
            f'<article class="notice"><h1>{escape(n.title)}</h1>\n'
            f'<p class="time">发布时间：{n.published:%Y-%m-%d %H:%M}</p>\n'
            f'<div class="notice-body">\n{paragraphs(n.body)}\n'
            f'<p class="sign">{escape(site["brand"])}运营团队<br>'
            f"{n.published.year}年{n.published.month}月{n.published.day}日</p></div></article>"
        )
        item = Item(
            n.title, n.topic, (XINSHENGYUAN.name,), published=n.published, source=site["brand"]
        )
        text = document(n.title, body, site)
        out.append(
            html_resource(n.path, SITE, "notice", text, last_modified=n.published, item=item)
        )
    pages = -(-len(ordered) // NOTICES_PER_PAGE)
    for page in range(1, pages + 1):
        chunk = ordered[(page - 1) * NOTICES_PER_PAGE : page * NOTICES_PER_PAGE]
        rows = "\n".join(
            f'<li><a href="{n.path}">{escape(n.title)}</a><span>{n.published:%Y-%m-%d}</span></li>'
            for n in chunk
        )
        body = f'<h1>平台公告</h1>\n<ul class="notices">\n{rows}\n</ul>\n'
        body += _pager("notice", page, pages)
        text = document("平台公告", body, site)
        out.append(
            html_resource(
                list_path("notice", page), SITE, "list", text, last_modified=chunk[0].published
            )
        )
    return out


def static_resources(
    site: dict[str, Any], about: list[str], products: list[dict[str, Any]], notices: list[Notice]
) -> list[Resource]:
    """Home, company profile (信息披露) and 安全保障 pages."""
    item = Item(site["brand"], "risk", (XINSHENGYUAN.name,))
    stats = "".join(
        f"<li><em>{escape(v)}</em><span>{escape(k)}</span></li>" for k, v in site["stats"]
    )
    latest = sorted(notices, key=lambda n: n.published, reverse=True)[:3]
    news = "".join(f'<li><a href="{n.path}">{escape(n.title)}</a></li>' for n in latest)
    home = (
        '<section class="banner"><h1>年化收益率高达18%</h1><p>100%本息保障 · 保本保息 · '
        "稳赚不赔 · 随存随取</p></section>\n"
        f'<ul class="stats">{stats}</ul>\n<section class="hot"><h2>热门产品</h2>\n'
        + "\n".join(_product_card(p) for p in products[:3])
        + f"\n</section>\n<section><h2>平台公告</h2><ul>{news}</ul></section>"
    )
    profile_rows = "".join(
        f"<tr><th>{k}</th><td>{escape(v)}</td></tr>"
        for k, v in (
            ("公司名称", XINSHENGYUAN.name), ("平台品牌", site["brand"]),
            ("统一社会信用代码", XINSHENGYUAN.credit_code),
            ("注册资本", site["registered_capital"]), ("成立日期", site["founded"]),
            ("法定代表人", site["legal_rep"]), ("注册地址", site["address"]),
        )
    )  # fmt: skip
    profile = (
        f'<h1>公司简介</h1>\n<table class="profile">{profile_rows}</table>\n'
        f'<div class="intro">\n{paragraphs(about)}\n</div>'
    )
    safety = "<h1>安全保障</h1>\n" + paragraphs(
        [
            "风险准备金：平台按每笔借款金额的2%计提风险准备金，借款逾期时优先用于垫付出借人本息。",
            "担保机构：所有项目均由合作担保机构提供全额本息担保，100%本息保障，保本保息。",
            "资金存管：平台正在对接银行资金存管系统，用户资金与平台自有资金隔离管理。",
            "历史业绩：平台安全运营2000余天，累计为用户赚取收益1.36亿元，稳赚不赔。",
        ]
    )
    return [
        html_resource("/p2p/", SITE, "home", document(site["brand"], home, site), item=item),
        html_resource("/p2p/about.html", SITE, "profile", document("公司简介", profile, site), item=item),
        html_resource("/p2p/safety.html", SITE, "page", document("安全保障", safety, site), item=item),
    ]  # fmt: skip


def build_p2p() -> list[Resource]:
    """Build every resource of the P2P platform."""
    data = load_data("p2p.yaml")
    site = data["site"]
    if site["operator"] != XINSHENGYUAN.name:
        raise ValueError("p2p.yaml: site.operator must match demo.enterprises.XINSHENGYUAN")
    notices = [
        Notice(n["id"], parse_time(n["date"]), n["title"], tuple(n["body"]))
        for n in data["notices"]
    ]
    products = data["products"]
    return [
        *static_resources(site, data["about"], products, notices),
        *product_resources(site, products),
        *notice_resources(site, notices),
    ]
