"""Lines inside the body container: which are article text and which are not."""

from __future__ import annotations

from crawler.extract import extract_article

PARAGRAPH = (
    "平台以“高息理财”为名吸收资金，承诺年化收益百分之二十，投资人陆续无法提现，已向警方报案。"
)


def body(*lines: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (
        "<html><head><title>理财平台无法提现</title></head><body><h1>理财平台无法提现</h1>"
        f"<div class='text'><p>{PARAGRAPH}</p>{paragraphs}<p>{PARAGRAPH}</p></div></body></html>"
    )


def test_written_out_address_in_a_link_is_text() -> None:
    url = "https://example.org/notice/2024/0305.html"
    content = extract_article(body(f'<a href="{url}">{url}</a>')).content
    assert url in content.splitlines()


def test_label_then_linked_address_is_text() -> None:
    url = "https://example.org/rules/risk-warning-2024.html?from=post"
    line = f'风险提示原文：<a href="{url}">{url}</a>'
    assert f"风险提示原文：{url}" in extract_article(body(line)).content


def test_linked_words_are_navigation() -> None:
    line = '<a href="/a">首页</a> <a href="/b">财经频道</a> <a href="/c">理财</a>'
    assert "财经频道" not in extract_article(body(line)).content


def test_licence_notes_are_not_text() -> None:
    content = extract_article(
        body("本作品采用《CC 协议》，转载必须注明作者和本文链接", "转载请注明出处")
    ).content
    assert "协议" not in content and "转载" not in content


def test_photo_caption_with_its_credit_is_not_text() -> None:
    content = extract_article(body("警方在现场查封办公室（圖／記者林悅翻攝）")).content
    assert "翻攝" not in content
    assert content.count(PARAGRAPH) == 2


def test_editor_credit_with_a_bar() -> None:
    content = extract_article(body("编辑|王小明", "校对｜李四")).content
    assert "王小明" not in content and "李四" not in content


def test_lines_written_between_code_blocks_are_body() -> None:
    code = (
        "<div><pre>"
        + "\n".join(
            f"step_{index} = run({index}) # 计算第{index}步，保存结果，然后继续下一步。"
            for index in range(12)
        )
        + "</pre></div>"
    )
    html = (
        "<html><head><title>分页插件改写</title></head><body><h1>分页插件改写</h1>"
        f"<div class='postbody'>关于这个插件，请先看官方说明。<br>但一直找不到它支持异步分页的方法，于是改写了一下：<br>{code}"
        "在页面中的用法如下，很简单。<br></div></body></html>"
    )
    content = extract_article(html).content
    assert content.startswith("关于这个插件，请先看官方说明。")
    assert "step_3 = run(3)" in content and content.endswith("在页面中的用法如下，很简单。")


def test_writer_and_editor_credit_line_is_not_text() -> None:
    content = extract_article(body("[作者: 刘满仓 责任编辑: 杨丹宇 ]")).content
    assert "刘满仓" not in content


def test_credit_lines_without_a_colon_are_not_text() -> None:
    content = extract_article(body("作者 王之言 高孜然", "编辑 周褶褶 ｜ 排版 魏蔚")).content
    assert "王之言" not in content and "排版" not in content


def test_source_note_of_the_article_is_not_text() -> None:
    content = extract_article(body("（本文来源：经济日报 作者：徐某）返回搜狐，查看更多")).content
    assert "经济日报" not in content


def test_a_sentence_opening_with_a_role_word_is_text() -> None:
    line = "编辑部收到多封读者来信，反映该平台无法提现。"
    assert line in extract_article(body(line)).content


def test_forum_post_furniture_is_not_text() -> None:
    furniture = (
        "本帖最后由 老陈说事 于 2016-3-8 21:10 编辑",
        "下载附件 (45.2 KB)",
        "2016-3-8 21:05 上传",
        "来自Android客户端",
        "收起回复",
    )
    content = extract_article(body(*furniture)).content
    assert content == f"{PARAGRAPH}\n{PARAGRAPH}"


def test_a_sentence_about_a_client_app_is_text() -> None:
    line = "来自某理财客户端的推送称，年化收益可达百分之三十，这明显不正常。"
    assert line in extract_article(body(line)).content


def test_short_app_prompts_are_not_text() -> None:
    content = extract_article(body("點我下載APP", "按我看活動辦法", "下载新闻客户端")).content
    assert content == f"{PARAGRAPH}\n{PARAGRAPH}"


def test_bracketed_traditional_byline_opening_the_body_is_not_text() -> None:
    html = body().replace(
        f"<p>{PARAGRAPH}</p>", f"<p>〔記者林悅／台北報導〕</p><p>{PARAGRAPH}</p>", 1
    )
    assert extract_article(html).content == f"{PARAGRAPH}\n{PARAGRAPH}"


def test_paragraphs_each_in_wrappers_of_their_own_are_all_kept() -> None:
    lines = [
        "市金融办提醒，近期有机构以养老服务为名，承诺高额回报吸收老年人资金，涉嫌非法集资。",
        "警方已对相关人员立案侦查，并提醒已投资的市民保留合同、收据等材料，及时到派出所报案。",
        "这类项目往往先小额返利取得信任，再诱导加大投入，最终资金链断裂，投资人血本无归。",
    ]
    sections = "".join(
        f"<section><section><span>{line}</span></section></section>" for line in lines
    )
    html = (
        "<html><head><title>警惕养老诈骗</title></head><body><h1>警惕养老诈骗</h1>"
        f"<div id='content'>{sections}</div></body></html>"
    )
    assert extract_article(html).content == "\n".join(lines)


# WeChat accounts' calls to action, a portal's feedback menu and counters, follow prompts,
# a newspaper's edition line, credit lines and compilation notes.
NOT_TEXT = (
    "1、回复【社保】查询缴纳记录",
    "回复“福利”查看各种政策",
    "点击菜单栏【便民服务】解锁更多服务！",
    "看都看完了，点【在看】试试",
    "长按识别二维码关注我们",
    "不感兴趣",
    "广告软文",
    "阅读数(15878）",
    "关注公众号：示例财经",
    "《 示例日报 》（ 2024年05月10日 04 版）",
    "作者：上官云 宋宇晟",
    "文/陈刚 (www.example.com)",
    "出品︱示例栏目组 胖胖",
    "(综合整理自示例新闻、示例科技等)",
    "相关资讯请关注:示例专区",
    "编辑丨王五",
    "【打印本页】 【关闭窗口】",
    "返回顶部",
    "海量资讯、精准解读，尽在示例财经APP",
    "（编辑 张小三）",
    "【记者：李四 王五】",
)


def test_calls_to_action_furniture_and_credit_lines_are_not_text() -> None:
    content = extract_article(body(*NOT_TEXT)).content
    assert content.splitlines() == [PARAGRAPH, PARAGRAPH]


def test_sentences_about_replies_and_watching_are_text() -> None:
    lines = ("截至发稿前，公司并未回复。", "有游客在看到照片后表示曾见过他。")
    content = extract_article(body(*lines)).content
    assert all(line in content.splitlines() for line in lines)


def test_a_sentence_made_mostly_of_links_is_text() -> None:
    line = '<a href="/a">春季版本</a>、<a href="/b">秋季版本</a>二选一（功能一致）'
    assert "春季版本、秋季版本二选一（功能一致）" in extract_article(body(line)).content


def test_linked_tags_between_commas_are_navigation() -> None:
    line = ", ".join(f'<a href="/t{i}">标签{i}号</a>' for i in range(5))
    assert "标签1号" not in extract_article(body(line)).content


def test_a_bracketed_writer_note_and_sentences_with_credits_are_text() -> None:
    lines = (
        "【文/示例网专栏作者 王文】",
        "作者：张三认为，这家平台的承诺并不可信。",
        "（实习生王小茹对此文亦有贡献）",
        "运行此程序，在控制台打印了一些日志。",
    )
    content = extract_article(body(*lines)).content
    assert all(line in content.splitlines() for line in lines)


def test_a_post_whose_text_is_its_headline_keeps_it() -> None:
    html = (
        "<html><head><title>高息理财平台停止兑付_示例博客</title></head><body>"
        "<h1>高息理财平台停止兑付</h1><div class='article_content'>"
        "<p><img src='a.png'><br>高息理财平台停止兑付<br>见图</p></div></body></html>"
    )
    assert extract_article(html).content.splitlines()[0] == "高息理财平台停止兑付"


def test_the_headline_echo_above_a_long_body_is_dropped() -> None:
    html = body().replace("<div class='text'>", "<div class='text'><p>理财平台无法提现</p>")
    assert extract_article(html).content.splitlines() == [PARAGRAPH, PARAGRAPH]


def test_a_form_control_caption_is_not_text() -> None:
    control = "<div><label><input type='checkbox' checked> 自动播放</label></div>"
    html = body().replace("<div class='text'>", f"<div class='text'>{control}")
    assert extract_article(html).content.splitlines() == [PARAGRAPH, PARAGRAPH]


def test_comment_prompts_are_not_text() -> None:
    content = extract_article(body("已有12人参与", "我要评论")).content
    assert "参与" not in content and "评论" not in content
    assert content.splitlines()[0] == PARAGRAPH


def test_counters_with_icon_glyphs_above_the_body_are_not_text() -> None:
    counters = "<div><span>\ue60e4</span></div><div><i>\ue614</i>3,573</div>"
    html = body().replace("<div class='text'>", f"<div class='text'>{counters}")
    assert extract_article(html).content.splitlines() == [PARAGRAPH, PARAGRAPH]


def test_a_number_inside_the_body_is_text() -> None:
    assert extract_article(body("2")).content.splitlines() == [PARAGRAPH, "2", PARAGRAPH]
