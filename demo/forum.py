"""The Discuz!-style forum (财友汇): index, board lists and paginated threads under /forum/."""

from __future__ import annotations

from html import escape

from demo.forum_data import Board, ForumSite, Post, Thread, discuz_time, forum_site
from demo.pages import Item, Resource, html_resource

SITE = "forum"
_LABELS = {1: "楼主", 2: "沙发", 3: "板凳", 4: "地板"}


def document(title: str, crumbs: str, body: str, site: ForumSite) -> str:
    """Wrap a forum page in the Discuz skeleton (header, breadcrumbs #pt, footer #ft)."""
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        f"<title>{escape(title)} -  Powered by Discuz!</title>\n"
        '<meta name="generator" content="Discuz! X3.4" />\n</head>\n<body id="nv_forum">\n'
        f'<div id="hd"><div class="wp"><h2><a href="forum.php" title="{site.name}">'
        f"{site.name}</a></h2>\n"
        '<div id="nv"><ul><li class="a"><a href="forum.php">论坛</a></li>'
        '<li><a href="/news/">金盾财经</a></li></ul></div></div></div>\n'
        f'<div id="wp" class="wp">\n<div id="pt" class="bm cl"><div class="z">'
        f'<a href="./" class="nvhm" title="首页">{site.name}</a> <em>&rsaquo;</em> '
        f'<a href="forum.php">论坛</a>{crumbs}</div></div>\n{body}\n</div>\n'
        f'<div id="ft" class="wp cl"><div id="flk" class="y"><p>{site.icp}</p></div>'
        '<div id="frt"><p>Powered by <strong>Discuz!</strong> <em>X3.4</em></p>'
        f'<p class="xs0">&copy; 2001-2024 {site.name}</p></div></div>\n</body>\n</html>\n'
    )


def pager(path_of: dict[int, str], page: int, pages: int) -> str:
    """The Discuz pager <div class="pg"> with a 下一页 link."""
    if pages <= 1:
        return ""
    parts = []
    if page > 1:
        parts.append(f'<a href="{path_of[page - 1]}" class="prev">&nbsp;&nbsp;</a>')
    for n in range(1, pages + 1):
        parts.append(f"<strong>{n}</strong>" if n == page else f'<a href="{path_of[n]}">{n}</a>')
    parts.append(f'<label><span title="共 {pages} 页"> / {pages} 页</span></label>')
    if page < pages:
        parts.append(f'<a href="{path_of[page + 1]}" class="nxt">下一页</a>')
    return f'<div class="pg">{"".join(parts)}</div>'


def _rel(path: str) -> str:
    return path.removeprefix("/forum/")


def _floor(post: Post, thread: Thread) -> str:
    if post.floor in _LABELS:
        label = f"<em>{_LABELS[post.floor]}</em>"
    else:
        label = f"<em>{post.floor}</em><sup>#</sup>"
    return (
        f'<strong><a href="#pid{post.pid}" id="postnum{post.pid}" title="复制本帖链接">'
        f"{label}</a></strong>"
    )


def _message(post: Post, site: ForumSite) -> str:
    text = escape(post.text).replace("\n", "<br />\r\n")
    if post.quote:
        who, when, said = post.quote
        text = (
            f'<div class="quote"><blockquote><font size="2"><font color="#999999">'
            f"{escape(who)} 发表于 {discuz_time(when)}</font></font><br />\r\n"
            f"{escape(said)}</blockquote></div><br />\r\n{text}"
        )
    if post.reprint:
        paras = "<br />\r\n".join(escape(p) for p in post.reprint)
        text += (
            f'<br />\r\n<div class="quote"><blockquote><strong>{escape(site.reprint_title)}'
            f"</strong><br />\r\n来源：{escape(site.reprint_source)}<br />\r\n{paras}"
            "</blockquote></div>"
        )
    return text


def post_html(post: Post, thread: Thread, site: ForumSite) -> str:
    """One post in Discuz X markup: #post_<pid>, .authi author line, td.t_f message."""
    when = discuz_time(post.posted)
    shown = f'<span title="{when}">{post.relative}</span>' if post.relative else when
    return (
        f'<div id="post_{post.pid}">\n'
        f'<table id="pid{post.pid}" class="plhin" summary="pid{post.pid}" cellspacing="0" '
        'cellpadding="0"><tr>\n<td class="pls" rowspan="2"><div class="pi"><div class="authi">'
        f'<a data-uid="{post.uid}" class="xw1">'
        f"{escape(post.author)}</a></div></div></td>\n"
        f'<td class="plc"><div class="pi">{_floor(post, thread)}\n'
        '<div class="pti"><div class="authi">'
        f'<a class="xi2" data-uid="{post.uid}">{escape(post.author)}</a>\n'
        f'<em id="authorposton{post.pid}">发表于 {shown}</em>\n'
        '<span class="pipe">|</span><a href="javascript:;">只看该作者</a></div></div></div>\n'
        '<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" '
        f'cellpadding="0"><tr><td class="t_f" id="postmessage_{post.pid}">\r\n'
        f"{_message(post, site)}</td></tr></table></div></div></div>\n"
        "</td></tr></table>\n</div>"
    )


def thread_resources(thread: Thread, board: Board, site: ForumSite) -> list[Resource]:
    """All pages of one thread."""
    per = site.per_page
    pages = -(-len(thread.posts) // per)
    paths = {n: _rel(thread.page_path(n)) for n in range(1, pages + 1)}
    out = []
    for page in range(1, pages + 1):
        posts = thread.posts[(page - 1) * per : page * per]
        crumbs = (
            f' <em>&rsaquo;</em> <a href="{_rel(board.page_path(1))}">{escape(board.name)}</a>'
            f' <em>&rsaquo;</em> <a href="{paths[1]}">{escape(thread.title)}</a>'
        )
        body = (
            f'<div class="pgs mtm mbm cl">{pager(paths, page, pages)}</div>\n'
            '<div id="postlist" class="pl bm">\n<table cellspacing="0" cellpadding="0"><tr>'
            f'<td class="pls ptn pbn"><div class="hm ptn"><span class="xg1">查看:</span> '
            f'<span class="xi1">{thread.views}</span><span class="pipe">|</span>'
            f'<span class="xg1">回复:</span> <span class="xi1">{len(thread.posts) - 1}</span>'
            '</div></td><td class="plc ptm pbn vwthd"><h1 class="ts">'
            f'<span id="thread_subject">{escape(thread.title)}</span></h1></td></tr></table>\n'
            + "\n".join(post_html(p, thread, site) for p in posts)
            + f'\n</div>\n<div class="pgs mtm mbm cl">{pager(paths, page, pages)}'
            f'<span class="pgb y"><a href="{_rel(board.page_path(1))}">返回列表</a></span></div>'
        )
        title = f"{thread.title} - {board.name} - {site.name}"
        if page > 1:
            title = f"{thread.title} - 第{page}页 - {board.name} - {site.name}"
        item = Item(
            title=thread.title,
            topic=thread.topic,
            enterprises=thread.enterprises,
            published=posts[0].posted,
            source=site.name,
            author=thread.posts[0].author,
            genre=thread.genre,
        )
        out.append(
            html_resource(
                thread.page_path(page),
                SITE,
                "thread",
                document(title, crumbs, body, site),
                last_modified=posts[-1].posted,
                item=item,
            )
        )
    return out


def _thread_row(thread: Thread) -> str:
    first, last = thread.posts[0], thread.posts[-1]
    return (
        f'<tbody id="normalthread_{thread.tid}"><tr>\n'
        f'<th class="new"><a href="{_rel(thread.page_path(1))}" onclick="atarget(this)" '
        f'class="s xst">{escape(thread.title)}</a></th>\n'
        f'<td class="by"><cite><a data-uid="{first.uid}">'
        f"{escape(first.author)}</a></cite><em><span>{first.posted:%Y-%m-%d}</span></em></td>\n"
        f'<td class="num"><a href="{_rel(thread.page_path(1))}" class="xi2">'
        f"{len(thread.posts) - 1}</a><em>{thread.views}</em></td>\n"
        f'<td class="by"><cite>{escape(last.author)}</cite><em>'
        f"<span>{discuz_time(last.posted)}</span></em></td>\n</tr></tbody>"
    )


def board_resources(board: Board, threads: list[Thread], site: ForumSite) -> list[Resource]:
    """The paginated forumdisplay pages of one board, newest reply first."""
    per = site.threads_per_page
    ordered = sorted(threads, key=lambda t: t.posts[-1].posted, reverse=True)
    pages = max(1, -(-len(ordered) // per))
    paths = {n: _rel(board.page_path(n)) for n in range(1, pages + 1)}
    out = []
    for page in range(1, pages + 1):
        rows = "\n".join(_thread_row(t) for t in ordered[(page - 1) * per : page * per])
        crumbs = f' <em>&rsaquo;</em> <a href="{paths[1]}">{escape(board.name)}</a>'
        body = (
            f'<div class="bm bml pbn"><h1 class="xs2"><a href="{paths[1]}">{escape(board.name)}'
            f'</a></h1><p class="xg2">{escape(board.description)}</p></div>\n'
            '<div id="threadlist" class="tl bm bmw"><div class="bm_c">'
            f'<table summary="forum_{board.fid}" cellspacing="0" cellpadding="0" id="threadlisttableid">'
            f"\n{rows}\n</table></div></div>\n"
            f'<div class="bm bw0 pgs cl">{pager(paths, page, pages)}</div>'
        )
        title = f"{board.name} - {site.name}" + (f" - 第{page}页" if page > 1 else "")
        newest = ordered[(page - 1) * per].posts[-1].posted
        out.append(
            html_resource(
                board.page_path(page),
                SITE,
                "list",
                document(title, crumbs, body, site),
                last_modified=newest,
            )
        )
    return out


def index_resource(site: ForumSite) -> Resource:
    """The forum index (forum.php) listing every board."""
    rows = []
    for board in site.boards:
        threads = [t for t in site.threads if t.fid == board.fid]
        posts = sum(len(t.posts) for t in threads)
        rows.append(
            f'<tr><td class="fl_g"><div class="fl_icn_g"></div><dl><dt>'
            f'<a href="{_rel(board.page_path(1))}">{escape(board.name)}</a></dt>'
            f"<dd>{escape(board.description)}</dd></dl></td>"
            f'<td class="fl_i"><span class="xi2">{len(threads)}</span> / {posts}</td></tr>'
        )
    body = (
        '<div id="ct" class="wp cl"><div class="mn"><div class="fl bm"><div class="bm bmw flg">'
        '<div class="bm_h cl"><h2>财友汇综合区</h2></div><div class="bm_c">'
        f'<table cellspacing="0" cellpadding="0" class="fl_tb">\n{"".join(rows)}\n</table>'
        "</div></div></div></div></div>"
    )
    return html_resource(
        "/forum/forum.php", SITE, "home", document(f"{site.name} - 论坛", "", body, site)
    )


def build_forum() -> list[Resource]:
    """Build every forum resource, plus a 301 from /forum/ to /forum/forum.php."""
    site = forum_site()
    out = [index_resource(site)]
    for board in site.boards:
        threads = [t for t in site.threads if t.fid == board.fid]
        out.extend(board_resources(board, threads, site))
        for thread in threads:
            out.extend(thread_resources(thread, board, site))
    out.append(
        Resource(
            "/forum/",
            SITE,
            "redirect",
            b"",
            "text/html; charset=utf-8",
            status=301,
            headers=(("Location", "/forum/forum.php"),),
        )
    )
    return out
