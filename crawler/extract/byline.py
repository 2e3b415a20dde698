"""Author and origin (来源) from meta tags, JSON-LD and the byline text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.dom import clean_text, meta_content
from crawler.extract.jsonld import jsonld_author, jsonld_field

AUTHOR_META = (
    "author",
    "article:author",
    "og:article:author",
    "byl",
    "dc.creator",
    "sailthru.author",
    "og:author",
)
ORIGIN_META = ("source", "og:source", "mediaid", "article:source", "dc.publisher")
_ONE_NAME = r"[^\s：:|｜,，;；()（）\[\]【】<>/／]{1,30}(?:\s[A-Za-z][^\s：:|｜,，]{0,20})?"
_NAME = f"(?P<name>{_ONE_NAME})"
# An author may be several names after spaces (王乐文 方敏), never a following label
# (分享到, 来源, 编辑 ...) nor another role (通讯员, 实习生, 见习记者, 特约, 报道).
# A two-character name is often padded to three with a space between its characters
# (方 敏): such a pair is one name.
_PAIR = r"[\u4e00-\u9fff][ \u3000]{1,2}[\u4e00-\u9fff](?![\u4e00-\u9fff])"
_NAMES = (
    rf"(?P<name>(?:{_PAIR}|{_ONE_NAME})"
    r"(?:[ \u3000](?![分来编责摄发字阅评原图打收举点转首通实见特报])"
    rf"(?:[\u4e00-\u9fff]{{2,4}}(?![\u4e00-\u9fff])|{_PAIR})){{0,3}})"
)
_SPACED_PAIR = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000]{1,2}([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)
# Byline patterns, most trusted first.  责任编辑 (the editor) is deliberately absent.
AUTHOR_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?:作者|撰文|撰稿|执笔|文字)\s*[:：|｜︱丨]\s*" + _NAMES,
        r"(?:^|[\s（(])文\s*[/|｜:：︱丨]\s*" + _NAMES,
        r"(?:本报|本刊|本台|新华社|中新网|中新社|中央社)?(?:特约|首席|实习)?[记記]者\s*[:：]?\s*"
        + _NAMES,
        r"(?:通讯员|撰稿人|作者)\s+" + _NAMES,
        # thread and blog post lines: 楼主：X, 由 X 发布于, Posted by X, posted on <date> X
        r"(?:楼主|樓主|发帖人|發帖人|提问者|提問者|回答者|答主|博主|投稿人)\s*[:：]\s*" + _NAMES,
        r"(?:^|\s)由\s*" + _NAMES + r"\s*(?:发布|发表)于",
        r"[Pp]osted\s+by\s+" + _NAMES,
        r"[Pp]osted\s+on\s+[\d\-/:\s]{8,20}\s" + _NAMES,
        # an unlabelled name opening the dateline: "冀勇庆 2015-06-25 08:46:42"
        r"(?:^|\n)(?P<name>[\u4e00-\u9fff]{2,4})[ \t]+\d{4}-\d{1,2}-\d{1,2}",
        # a name on its own line above "发布于 <date>"
        r"(?:^|\n)(?P<name>[^\s：:|｜,，]{2,20})\n(?:发布|发表)于\s*\d{4}",
    )
)
# Weaker clues, read only when no byline and no author element names anyone.
POSTER_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        # a poster's name on its own line above the post's date (a forum or Q&A answer)
        r"(?:^|\n)(?P<name>[^\s：:|｜,，]{2,20})\n\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}",
        # a Discuz!-style poster line: "mobyle 发表于 2023-1-5 12:30"
        r"(?:^|\n)(?P<name>[^\s：:|｜,，]{2,20})[ \t]+(?:发表于|發表於|发布于|發佈於)\s*\d{4}",
        # the blog a post belongs to: "my38778570 的个人博客", "老王的专栏"
        r"(?:^|\n)(?P<name>[^\s：:|｜,，/]{2,20})\s?的(?:个人)?(?:博客|主页|空间|专栏|部落格)"
        r"(?:$|[\s/|｜])",
    )
)
ORIGIN_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?:来源|稿源|出处|来自)\s*[:：|｜]\s*" + _NAME,
        r"(?:转载自|转自)\s*[:：]?\s*" + _NAME,
    )
)
# Words a captured name must not be (labels that follow an empty field).
NOT_NAMES = re.compile(
    r"^(?:来源|作者|发布|时间|日期|编辑|责任编辑|阅读|评论|分享|字号|点击|\d{2,4}[-年/.].*)"
    # a thread's floor labels: 楼主 (the first post), 沙发, 板凳, 地板, 5楼
    r"|^(?:楼主|樓主|沙发|沙發|板凳|地板|\d+\s*[楼樓#])$"
    # controls a name-shaped line can be: 举报, 关注, 回复 ...
    r"|^(?:举报|收藏|关注|点赞|回复|返回|首页|更多|打印|转发|置顶|精华|投诉|私信|展开|收起|"
    r"全部|最新|热门|推荐|登录|注册)"
)
_TRAILING_LABEL = re.compile(
    r"(?:发布时间|时间|日期|来源|作者|编辑|责任编辑|阅读|原标题|发布于|发表于).*$"
    r"|(?:翻攝|翻摄|摄影|攝影|摄|攝|报道|報導|报导)$"
)
_TRAILING_DATE = re.compile(r"\d{2,4}[-/.年].*$")
# A relative time glued after a poster's name: "小诺抓10月前", "李明 3小时前", "王五 昨天".
_TRAILING_AGO = re.compile(
    r"\s*(?:\d{1,3}\s*(?:秒|分钟|分鐘|小时|小時|天|周|週|星期|个月|個月|月|年)前|刚刚|剛剛|昨天|前天)"
    r"(?:\s*\d{1,2}:\d{2})?$"
)


# A captured "name" that is a sentence, a title or an organisation, not a person.
NOT_A_PERSON = re.compile(
    r"[，。！？；、《》“”\"]|\d+\s*[月日]|(?:记者|通讯员|编辑|评论员)$"
    # "记者了解到", "记者从…获悉", "记者表示": a reporting verb, not a name
    r"|^(?:从|在|向|对|据|就|随|跟|与|和|为|了解|采访|获悉|走访|调查|注意到|看到|发现|表示|说)"
    # "记者通过电子邮件联系了…", "记者致电…", "记者近日走访…": what the reporter did
    r"|^(?:通过|联系|致电|询问|来到|前往|拨打|查阅|查询|登录|实地|多次|现场|近日|日前|昨日|今日|"
    r"第一时间|再次|试图|尝试|暗访|梳理|统计|检索|搜索|获得|拿到|收到)"
    r"|(?:称|说|表示|介绍|了解到|获悉|发现|注意到|采访|调查|看到|得知|指出|认为|告诉|透露|证实|确认|问)$"
)
# Names of sites and organisations (a meta author that is the site, not the writer).
SITE_NAME = re.compile(
    r"(?:网|網|网站|網站|新闻|新聞|新闻网|频道|頻道|财经|財經|日报|日報|晚报|晚報|报|報|社|台|"
    r"客户端|新聞雲|新闻雲|号|號|传媒|傳媒|集团|公司|网络版|網路版|消息|资讯|資訊|综合|綜合)$"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MAX_CJK_NAME = 12
# Template values left in author meta tags.
PLACEHOLDER = re.compile(
    r"^(?:name|author|admin|administrator|webmaster|root|guest|anonymous|editor|user|system|"
    r"email|unknown|null|none|未知)$",
    re.I,
)
# Words that stand for nobody in particular: the site itself (本站, 本网), its staff (管理员,
# 小编, 编辑部), an unnamed visitor (网友, 匿名, 游客, 佚名, 知乎用户) or the copying of
# the text (原创, 转载, 网络).  A visitor with a number or an address ("网友 12345",
# "新浪网友", "匿名用户 1.2.3.*") is nobody in particular too.
GENERIC_NAME = re.compile(
    r"^(?:本站|本网|本台|本刊|本报|本社|本站编辑|本网编辑|管理员|系统管理员|超级管理员|站长|小编|"
    r"编辑部|编辑|佚名|匿名|匿名用户|游客|访客|网友|热心网友|用户|知乎用户|原创|转载|网络|互联网|"
    r"官方|系统|不详|暂无|无)$"
    r"|^(?:网友|匿名|游客|访客|用户)[\s_:：\-]*[\d.*a-zA-Z]*$"
    r"|^.{0,6}(?:网友|游客|访客|匿名用户)$"
)


# Credits around a name: "图 刘玺东" (photos by), "陈智 整合" (compiled by).
_CREDIT_WORDS = re.compile(
    r"^(?:图|摄影|摄|图片)\s*[/／]?\s*|\s*(?:整合|编译|整理|综合|编辑|报道)$"
)


# A Chinese name followed by a Latin word ("李明 Jan 24th"): the word is not part of it.
_CJK_THEN_LATIN = re.compile(r"^([\u4e00-\u9fff·]{2,8})\s+[A-Za-z].*$")


def _clean_name(name: str) -> str | None:
    """Trim labels/dates glued to a captured name; None when nothing is left."""
    name = _CREDIT_WORDS.sub("", _TRAILING_LABEL.sub("", name))
    name = _TRAILING_DATE.sub("", _TRAILING_AGO.sub("", name)).strip(" ·-_/|")
    name = _SPACED_PAIR.sub(r"\1\2", _CJK_THEN_LATIN.sub(r"\1", name))
    if (
        not name
        or NOT_NAMES.match(name)
        or GENERIC_NAME.match(name)
        or len(name) > 30
        or NOT_A_PERSON.search(name)
    ):
        return None
    return name


# Between several names in one meta or JSON-LD value: "张三,李四", "张三、李四" (never the
# full-width comma of a sentence: "今天天气，很好").
_NAME_LIST = re.compile(r"\s*[,、;；]\s*")
# What each listed name must look like: a Chinese name, or a Latin one.
_LISTED_NAME = re.compile(r"^(?:[\u4e00-\u9fff·]{2,4}|[A-Za-z][A-Za-z .'-]{1,30})$")


def person_name(value: str | None, site_words: str = "", *, account: bool = False) -> str | None:
    """``value`` as a person's name, or None when it is a sentence, an e-mail, an id, a URL
    or the site's own name (found in ``site_words``: the page title and og:site_name);
    ``account``: the page names it as the owner of a blog or Weibo account, so a name
    shaped like a site's (头条新闻) is kept.  A list of short names ("张三、李四") is the
    names joined by spaces; a labelled value ("新华社记者 张三") is the name after the label."""
    if not value:
        return None
    value = EMAIL.sub("", value).strip(" ,，;；|/·-")
    parts = [part for part in _NAME_LIST.split(value) if part]
    if len(parts) > 1 and all(_LISTED_NAME.match(part) for part in parts):
        names = [_one_person(part, site_words, account=account) for part in parts]
        return " ".join(name for name in names if name) if all(names) else None
    labelled = find_pattern(AUTHOR_PATTERNS, value) if _LABEL.search(value) else None
    return _one_person(labelled or value, site_words, account=account)


# A byline label inside a value: the name follows it.
_LABEL = re.compile(r"作者|记者|記者|撰文|撰稿|文\s*[/|｜:：︱丨]")


def _one_person(value: str, site_words: str, *, account: bool) -> str | None:
    """One name checked: see person_name."""
    name = EMAIL.sub("", value).strip(" ,，;；|/·-")
    if (
        not name
        or name.startswith("http")
        or name.isdigit()
        or "@" in name
        or PLACEHOLDER.match(name)
        or GENERIC_NAME.match(name)
    ):
        return None
    if NOT_A_PERSON.search(name) or (SITE_NAME.search(name) and not account):
        return None
    if name.isascii() and any(
        len(part) >= 3 and part.lower() in site_words for part in re.split(r"[_\-\s.]", name)
    ):
        return None  # "sina_mobile", "chinanews": the site's id, written in its links
    if " " not in name and not name.isascii() and len(name) > MAX_CJK_NAME:
        return None
    if len(name) > 40 or (site_words and len(name) >= 2 and name in site_words):
        return None
    return name


def find_pattern(patterns: tuple[re.Pattern[str], ...], text: str) -> str | None:
    """The first clean name captured by any pattern, patterns tried in order."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            if "\n" in text[match.start() : match.start("name")].lstrip("\n"):
                continue  # the label ends a line: what follows is not its value
            name = _clean_name(match.group("name"))
            if name:
                return name
    return None


MAX_SITE_LINKS = 60
# Elements whose class, id or itemprop names the author or the poster: baijiahao
# "author-name", bylines, forum and Q&A user names ("username", "uname", "nickName"), in
# document order (the first post's poster comes first).
# "authi": the poster line of a Discuz! post; "username", "uname", "nick" (nickName,
# head_nick): a forum's, blog's or Weibo's poster name.  Spelled
# out per case (cheaper in C than translate() on every element).
_AUTHOR_WORDS = (
    "author",
    "Author",
    "byline",
    "authi",
    "username",
    "userName",
    "user-name",
    "user_name",
    "uname",
    "nick",
    "writer",
)
# A WeChat article's account (公众号) name is its publisher, not its writer.
_ACCOUNT_CLASSES = ("rich_media_meta_nickname", "profile_nickname")
_AUTHOR_CLASS = (
    "[@class or @id]["
    + " or ".join(f"contains(@class, '{w}')" for w in _AUTHOR_WORDS)
    + " or contains(@id, 'author')]["
    + " and ".join(f"not(contains(@class, '{w}'))" for w in _ACCOUNT_CLASSES)
    + "][position() <= 12]"
)
# schema.org's author (or an HTML <a rel="author">) anywhere; an element named "author"
# only after the headline when it is known (a columnist in a sidebar before it is not this
# article's author).
_ITEMPROP_AUTHOR = etree.XPath(
    "//body//*[@itemprop='author' or (self::a and @rel='author')][position() <= 3]"
)
_AUTHOR_ELEMENTS = etree.XPath("//body//*" + _AUTHOR_CLASS)
_AUTHOR_ELEMENTS_AFTER = etree.XPath("following::*" + _AUTHOR_CLASS)
# The name of a schema.org Person written in a meta tag inside the author element.
_ITEMPROP_NAME = etree.XPath(".//meta[@itemprop='name']/@content")
MAX_AUTHOR_ELEMENT_CHARS = 30
# Text of an author-named element that is a label, a prompt or an editor credit, not a name.
NOT_AN_AUTHOR_ELEMENT = re.compile(
    r"编辑|作者|扫码|扫一扫|关注|关于|微信|QQ|粉丝|等级|[:：!?\[\]【】]"
)
# Absolute link targets, evaluated in C.
_LINK_HOSTS = etree.XPath(
    "(//a/@href | //link/@href)[starts-with(., 'http') or starts-with(., '//')][position() <= $n]"
)


def _site_words(root: HtmlElement, *, hosts: bool) -> str:
    """The page title and og:site_name (where the site's own name is written), with the hosts
    of its first links (where its id is written) when ``hosts``."""
    title = root.findtext(".//title") or ""
    words = [title, *meta_content(root, ("og:site_name", "application-name"))]
    if hosts:
        words += [str(href).split("/")[2].lower() for href in _LINK_HOSTS(root, n=MAX_SITE_LINKS)]
    return " ".join(words)


def extract_author(
    root: HtmlElement,
    jsonld: list[dict[str, Any]],
    window: str,
    tail: str = "",
    headline: HtmlElement | None = None,
) -> str | None:
    """Author: meta author, JSON-LD author, then 作者/记者 in the byline, then at the body's
    end; only names of people (never sentences, e-mails, ids or the site's name)."""
    site: dict[bool, str] = {}  # the site's words, read once a candidate needs them

    def checked(value: str | None) -> str | None:
        if not value:
            return None
        latin = value.isascii()  # only a Latin name can be the site's id in its hosts
        if latin not in site:
            site[latin] = _site_words(root, hosts=latin)
        return person_name(value, site[latin])

    # a meta author not shown by the article (only in the footer, or nowhere): perhaps the
    # site's owner, so the page's own byline is read first
    unseen: str | None = None
    for value in meta_content(root, AUTHOR_META):
        name = checked(value)
        if name and not _credited_as_editor(_body_text(root), name):
            if _shown(name, window):
                return name
            unseen = unseen or name
    named = checked(jsonld_author(jsonld))
    if named:
        return named
    found = checked(find_pattern(AUTHOR_PATTERNS, window))
    if found:
        return found
    in_page = headline is not None and headline.getroottree().getroot() is root
    elements = _ITEMPROP_AUTHOR(root) + (
        _AUTHOR_ELEMENTS_AFTER(headline) if in_page else _AUTHOR_ELEMENTS(root)
    )
    inner = {parent for element in elements for parent in element.iterancestors()}
    for element in elements:
        if element in inner or _hidden(element):
            continue  # the innermost author element holds the name alone; a hidden one
            # (a widget copied out of sight for search engines) is no reader's byline
        found = _element_author(element, checked)
        if found:
            return found
    signed = checked(find_pattern(AUTHOR_PATTERNS, tail))  # "（作者：X）" closing the text
    if signed:
        return signed
    poster = checked(find_pattern(POSTER_PATTERNS, window))
    if poster or unseen:
        return poster or unseen
    # the owner is written in the title, so it is not checked against the site's words
    return person_name(_blog_owner(root), account=True)


EDITOR_LABEL = r"(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：|｜︱丨]?\s*"


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(element: HtmlElement) -> bool:
    """True when ``element`` or an ancestor is hidden (style display:none, hidden)."""
    for node in (element, *element.iterancestors()):
        if node.get("hidden") is not None or _HIDDEN_STYLE.search(node.get("style") or ""):
            return True
    return False


def _body_text(root: HtmlElement) -> str:
    """The text of the page's <body> (what a reader sees)."""
    body = root.find("body")
    return body.text_content() if body is not None else ""


def _shown(name: str, text: str) -> bool:
    """True when ``name`` (spaces aside) is written in the page's ``text``."""
    return name in text or "".join(name.split()) in "".join(text.split())


def _credited_as_editor(text: str, name: str) -> bool:
    """True when the page's ``text`` credits ``name`` as its editor (责任编辑：X): a meta
    author that is the editor, not the writer."""
    return name in text and re.search(EDITOR_LABEL + re.escape(name), text) is not None


# A part of the page title naming the blog's owner: "民间借贷的风险_老王的博客_新浪博客",
# "【通报】… - @头条新闻的微博 - 微博".
_BLOG_OWNER = re.compile(r"^@?(?P<name>[^\s_|｜\-@]{2,12})的(?:博客|博文|空间|专栏|部落格|微博)$")
_TITLE_PARTS = re.compile(r"\s*[_|｜]\s*|\s+[-–—]\s+")


def _blog_owner(root: HtmlElement) -> str | None:
    """The owner a blog names in its page title ("X的博客"), or None."""
    for part in _TITLE_PARTS.split(root.findtext(".//title") or ""):
        match = _BLOG_OWNER.match(part.strip())
        if match:
            return match.group("name")
    return None


def _element_author(
    element: HtmlElement, checked: Callable[[str | None], str | None]
) -> str | None:
    """The person an author element names: its meta itemprop=name, else its short text."""
    for value in _ITEMPROP_NAME(element):
        found = checked(clean_text(str(value)))
        if found:
            return found
    text = _TRAILING_AGO.sub("", clean_text(element.text_content()))
    if not text or len(text) > MAX_AUTHOR_ELEMENT_CHARS:
        return None
    labelled = find_pattern(AUTHOR_PATTERNS, text)
    if labelled:
        return checked(labelled)
    return None if NOT_AN_AUTHOR_ELEMENT.search(text) else checked(text)


def extract_origin(root: HtmlElement, jsonld: list[dict[str, Any]], *texts: str) -> str | None:
    """Origin (来源): 来源 in the byline or body end, then meta source, then JSON-LD publisher."""
    for text in texts:
        found = find_pattern(ORIGIN_PATTERNS, text)
        if found:
            return found
    for value in meta_content(root, ORIGIN_META):
        if value and not value.startswith("http") and len(value) <= 40:
            return value
    return jsonld_field(jsonld, "publisher")
