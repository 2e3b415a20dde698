"""Boilerplate knowledge kept as data: tags, class/id tokens and lines to drop."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.dom import SPACE

# Removed before any field is read: never article text.
NOISE_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "button",
    "input",
    "textarea",
    "template",
    "link",
)
# Removed before the body is scored.
LAYOUT_TAGS = ("nav", "footer", "aside")
# class/id tokens of widgets around an article (matched between "-", "_" or digits), searched
# in the element's "class id" string at once.
WIDGET_TOKENS = re.compile(
    r"(?:^|[-_\s])(?:comments?|cmt|feedback|reply|replies|share|sharing|bdshare|sidebar|side|sidenav|footer|"
    r"foot|nav|navbar|navigation|menu|breadcrumbs?|crumbs?|copyright|related[a-z]*|recommend[a-z]*|rec|"
    r"recommendation|hotnews|ranking|rank|advert|ads?|advertisement|banner|login|toolbar|social|"
    r"qrcode|erweima|weixin-code|statement|disclaimer|modal|dialog|popup|textarea)(?:$|[-_\d\s])",
    re.I,
)
# Class/id names and itemprop a page gives its article body (CSDN "article_content",
# WordPress "entry-content", WeChat "rich_media_content", schema.org articleBody ...).
BODY_NAME = re.compile(
    r"(?<!\S)(?:article[-_]?(?:content|body|text)|artic(?:le|al)content|entry[-_]content|"
    r"post[-_](?:content|body)|content[-_]?views|rich_media_content|news[-_]?(?:content|body|text))(?!\S)",
    re.I,
)
# Every BODY_NAME holds one of these: a cheap test before the full pattern.
_BODY_PIECES = re.compile("content|body|text|views", re.I)
# Elements that can name a widget (evaluated in C, not by walking every node in Python).
_NAMED = etree.XPath("//*[@class or @id or @itemprop='articleBody']")
# A widget bigger than this share of the page's text is kept (likely a page wrapper).
MAX_WIDGET_SHARE = 0.4
# Lines inside the article container that are not article text.
DROP_LINE_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"^[\(（【\[]?\s*(?:责任编辑|责编|编辑|校对|审核|值班编辑|实习编辑|编审|监制)\s*[:：|｜︱丨]",
        r"^[\(（【\[]?\s*(?:责任编辑|责编)\s*\S{1,12}\s*[\)）】\]]?$",
        # a credit line naming the editor after the writer: "[作者: 刘满仓 责任编辑: 杨丹宇 ]"
        r"^[\(（【\[]?\s*(?:作者|记者|来源|文)\s*[:：].{0,40}(?:责任编辑|责编)\s*[:：].{0,20}$",
        r"^(?:分享到|分享至|扫一扫|扫描二维码|打开.{0,8}(?:APP|App|app|客户端))",
        r"^(?:点击|点此)?(?:进入|查看|返回).{0,10}(?:首页|专题|原文|频道)",
        r"^(?:上一篇|下一篇|相关阅读|相关新闻|延伸阅读|推荐阅读|热门推荐)\s*[:：]?",
        r"^(?:举报|收藏|点赞|评论|打印|关闭窗口|字号|\[?\s*打印\s*\]?)$",
        # reader controls left as text: "阅读下一篇", "展开全文", "扫码阅读全文", "T + -", "×"
        r"^(?:阅读下一篇|阅读上一篇|展开全文|收起全文|阅读全文|查看全文|点击展开全文|扫码阅读全文|已编辑|"
        r"[Tt]\s*\+\s*-|[×✕]|【?\s*字号\s*[:：]?\s*大\s*中\s*小\s*】?)$",
        r"^返回搜狐",
        r"^(?:本文)?(?:标签|关键词|关键字|TAG)\s*(?:[:：]|>>)",
        r"^[\(（【\[]?\s*(?:本文)?原标题\s*[:：《]",
        r"^[\(（]?本文(?:来自|来源|转载自|为)",
        # credit lines without a colon: "作者 王之言 高孜然", "编辑 周褶褶 ｜ 排版 魏蔚"
        r"^(?:作者|编辑|排版|校对|审核|责编|美编|主编|统筹|制图|摄影)\s+[^\s，。！？；：,.!?;:]{1,10}"
        r"(?:\s+[^\s，。！？；：,.!?;:]{1,10}){0,3}"
        r"(?:\s*[|｜/]\s*(?:作者|编辑|排版|校对|审核|责编|美编|主编|统筹|制图|摄影)\s+\S{1,10}){0,4}$",
        r"^(?:本文)?(?:来源|稿源)\s*[:：|｜]\s*\S{0,24}\s*$",
        r"^(?:免责|特别|版权)?声明\s*[:：]",
        r"报料\s*[:：]\s*\d",
        r"^(?:超大|大|中|标准|小|字号|A\+|A-)$",
        r"^.{0,12}(?:微信)?公众号$",
        r"^.{0,40}扫描.{0,8}二维码.{0,40}$",
        r"^(?:点击进入专题|进入专题)\s*[:：]?",
        r"(?:未经|未經)(?:书面|書面)?(?:授权|授權).{0,12}(?:不得|请勿|請勿|禁止|严禁|嚴禁)(?:转载|轉載)",
        r"^(?:请|請)(?:继续|繼續)往下(?:阅读|閱讀)",
        # licence notes under posts: "本作品采用《CC 协议》，转载必须注明作者和本文链接"
        r"^本作品采用.{0,12}(?:协议|協議|许可|許可)",
        r"(?:转载|轉載)(?:时|時)?(?:必须|必須|须|須|请|請|需)(?:注明|註明|保留)",
        # short app prompts: "點我下載APP", "按我看活動辦法", "下载新浪新闻客户端"
        r"^(?:點我|点我|按我|點此|點擊)\S{0,12}$",
        r"^\S{0,16}(?:下載|下载)\S{0,8}(?:APP|App|app|客戶端|客户端)$",
        # forum post furniture: Discuz!'s edit notice and attachment lines, the client a
        # Tieba or Weibo post was sent from
        r"^\[?\s*本帖最后由.{1,40}于.{6,30}编辑\s*\]?$",
        r"^下载附件\s*[(（]?\s*\d",
        r"^\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?\s*上传$",
        r"^来自\s*(?:Android|iPhone|iPad|安卓|手机|掌上百度|Windows\s*Phone|微博).{0,12}$",
        r"^(?:收起回复|展开回复|回复\s*[(（]\d+[)）]|该楼层疑似违规已被系统折叠.*)$",
        # photo captions closing with their credit: "警方到场（圖／記者林悅翻攝）"
        r"[（(](?:圖|图|照片|圖片|图片)\s*[／/:：][^（）()]{0,24}[)）]$",
        # a site's copyright and licence footer: "版权所有 © 2024 某网", "京ICP备12345678号"
        r"^\S{0,12}(?:版权所有|版權所有|Copyright\b|COPYRIGHT\b|©|\([cC]\)).{0,100}$",
        r"^.{0,60}(?:ICP\s*[备證证]|公网安备|公網安備|网安备|增值电信业务经营许可证).{0,60}$",
        # a pager between the pages of one article: "共3页: 上一页 1 2 3 下一页"
        r"^(?=.*(?:上一[页頁]|下一[页頁]|共\s*\d+\s*[页頁]))(?:共\s*\d+\s*[页頁]\s*[:：]?|"
        r"首[页頁]|上一[页頁]|下一[页頁]|尾[页頁]|末[页頁]|第?\s*\d{1,3}\s*[页頁]?|\.\.\.|…|[<>«»\[\]【】|｜\s])+$",
        # a WeChat account's calls to action under an article: "回复【社保】查询缴纳记录",
        # "点击菜单栏【便民服务】", "看完了，点【在看】", "长按识别二维码关注"
        r"^(?:\d{1,2}\s*[、.．]\s*)?(?:回复|回覆)\s*[【\[「“\"]\S{1,12}[】\]」”\"].{0,30}$",
        r"^点击?(?:菜单栏|底部菜单|下方菜单)",
        r"^.{0,20}(?:点|點)\s*(?:个|個|一下|亮)?\s*[【\[「“\"]?在看[】\]」”\"]?.{0,12}$",
        r"^.{0,20}长按.{0,10}(?:二维码|识别|关注).{0,30}$",
        # a portal's "not interested" feedback menu and counters: "不感兴趣", "阅读数(15878）"
        r"^(?:不感兴趣|广告软文|重复、旧闻|文章质量差|内容质量差|低俗色情|标题夸张|"
        r"文字、图片、视频等展示问题|图集|\+1)$",
        r"^(?:阅读|阅读数|阅读量|浏览|浏览量|浏览次数|点击|点击数|点击量|评论数)\s*[（(:：]?\s*\d+\s*[)）]?$",
        # follow prompts and a newspaper's edition line: "关注公众号：人民网财经",
        # "《 人民日报 》（ 2024年05月10日 04 版）"
        r"^.{0,8}(?:关注|订阅).{0,6}(?:公众号|微信号|微博|头条号)\s*[:：].{0,24}$",
        r"^《\s*\S{2,12}\s*》\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,3}\s*版\s*[)）]$",
        # a credit line and nothing else: "作者：上官云 宋宇晟", "文/陈刚 (www.example.com)",
        # "出品︱某栏目组 胖胖"
        r"^[(（]?\s*(?:作者|文|撰文|出品|记者)\s*[:：/／|｜︱丨]\s*[^\s，。！？；：,.!?;:]{1,12}"
        r"(?:\s+[^\s，。！？；：,.!?;:]{1,12}){0,3}\s*(?:[(（][^()（）]{0,40}[)）])?\s*[)）]?$",
        # notes on where a story was put together from: "(综合整理自澎湃新闻、智东西等)"
        r"^[(（]\s*(?:综合整理自|综合自|整理自|编译自)[^()（）]{1,40}[)）]$",
        r"^相关(?:资讯|阅读|新闻|报道)请关注",
        r"返回\S{1,8}[，,]\s*查看更多$",
        # page controls and comment prompts: "【打印本页】【关闭窗口】", "返回顶部", "我要评论",
        # "已有12人参与", and app slogans closing a story ("…，尽在新浪财经APP")
        r"^(?:\s*[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏本页|收藏|返回顶部|回到顶部|纠错|"
        r"推荐给朋友)\s*[】\]]?\s*)+$",
        r"^(?:我要评论|发表评论|查看评论|已有\s*\d+\s*人(?:参与|评论)|\d+\s*人参与)",
        r"尽在.{1,12}(?:APP|App|app|客户端)$",
        # a bracketed credit line: "（编辑 张三）", "【记者：李四 王五】"
        r"^[(（【\[]\s*(?:编辑|记者|作者|通讯员)\s*[\s:：]?\s*[\u4e00-\u9fff·]{2,5}"
        r"(?:\s+[\u4e00-\u9fff·]{2,5}){0,3}\s*[)）】\]]$",
        # a rule of dashes or stars between a post and its signature
        r"^[-_=*~—–─━·•]{5,}$",
    )
)


# The patterns as one alternation: one search per line, in C.
DROP_LINE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in DROP_LINE_PATTERNS))
# A form control's caption (<label><input type=checkbox> 自动播放</label>): the control's
# words, not the page's.
_LABELLED_CONTROL = etree.XPath("boolean(.//input | .//select | .//textarea | .//button)")


def remove_noise(root: HtmlElement) -> None:
    """Remove scripts, styles, form controls with their captions and similar non-text
    nodes (one walk over the tree; a <label> comes before the control inside it)."""
    for element in list(root.iter(*NOISE_TAGS, "label")):
        if element.tag != "label" or _LABELLED_CONTROL(element):
            drop_element(element)


def remove_layout(root: HtmlElement, headline: HtmlElement | None = None) -> list[HtmlElement]:
    """Remove nav/footer/aside and widgets named like comments, share or sidebar; return
    the elements named as the article body (BODY_NAME, itemprop=articleBody) in document
    order, which are never removed, nor is an element holding the ``headline`` (a
    "content-sidebar-wrap" around the whole article)."""
    holders = set(headline.iterancestors()) if headline is not None else set()
    for element in list(root.iter(*LAYOUT_TAGS)):
        if element not in holders:
            drop_element(element)
    page_len = 0
    bodies: list[HtmlElement] = []
    for element in _NAMED(root):  # a list in document order, so dropping is safe
        if element.tag in {"html", "body"}:
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if element.get("itemprop") == "articleBody" or (
            _BODY_PIECES.search(names) and BODY_NAME.search(names)
        ):
            # Sina blog's body "articalContent" has the id "sina_keyword_ad_area2"
            bodies.append(element)
            continue
        if element in holders or not WIDGET_TOKENS.search(names):
            continue
        page_len = page_len or _text_len(root) or 1  # measured before the first drop
        if element.getparent() is not None and _text_len(element) < MAX_WIDGET_SHARE * page_len:
            drop_element(element)
    return [body for body in bodies if body.getroottree().getroot() is root]


def _text_len(element: HtmlElement) -> int:
    """Characters of text under ``element`` with whitespace runs counted once (read in C)."""
    return len(SPACE.sub(" ", element.text_content()).strip())


def is_drop_line(line: str) -> bool:
    """True for editor credits, share prompts and navigation lines."""
    return DROP_LINE.search(line) is not None


def drop_element(element: HtmlElement) -> None:
    """Remove an element but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
