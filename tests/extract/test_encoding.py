"""decode_html: override, BOM, header, <meta>, detection and wrong declarations."""

from __future__ import annotations

import codecs

import pytest

from crawler.extract.encoding import decode_html, normalize_encoding

TEXT = "天罗监测：某平台承诺年化收益率百分之二十，涉嫌非法集资，投资人需警惕风险。" * 4
# 镕 and 喆 exist in GBK but not in GB2312.
GBK_ONLY = "朱镕基、张喆谈金融风险防控。" * 4


def page(head: str, body: str = TEXT) -> str:
    return f"<html><head>{head}<title>测试</title></head><body><p>{body}</p></body></html>"


def test_http_header_charset() -> None:
    text, encoding = decode_html(page("").encode("gbk"), "text/html; charset=GBK")
    assert encoding == "gb18030"
    assert TEXT in text


def test_header_beats_meta() -> None:
    body = page('<meta charset="big5">').encode("gbk")
    text, encoding = decode_html(body, "text/html; charset=gb2312")
    assert encoding == "gb18030"
    assert TEXT in text


def test_bom_beats_header() -> None:
    text, encoding = decode_html(
        codecs.BOM_UTF8 + page("").encode("utf-8"), "text/html; charset=gbk"
    )
    assert encoding == "utf-8"
    assert TEXT in text
    assert not text.startswith("\ufeff")


def test_utf16_bom() -> None:
    text, encoding = decode_html(codecs.BOM_UTF16_LE + page("").encode("utf-16-le"))
    assert encoding == "utf-16-le"
    assert TEXT in text


def test_meta_charset() -> None:
    text, encoding = decode_html(page('<meta charset="gbk">').encode("gbk"))
    assert encoding == "gb18030"
    assert TEXT in text


def test_http_equiv_meta() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    text, encoding = decode_html(page(head).encode("gb2312"))
    assert encoding == "gb18030"
    assert TEXT in text


def test_detection_without_declaration() -> None:
    text, encoding = decode_html(page("").encode("gb18030"))
    assert encoding == "gb18030"
    assert TEXT in text


def test_detection_of_undeclared_utf8() -> None:
    text, encoding = decode_html(page("").encode("utf-8"))
    assert encoding == "utf-8"
    assert TEXT in text


def test_gb2312_declared_with_gbk_only_characters() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    text, encoding = decode_html(page(head, GBK_ONLY).encode("gbk"))
    assert encoding == "gb18030"
    assert GBK_ONLY in text
    assert "\ufffd" not in text


def test_wrong_declaration_utf8_page_declared_gbk() -> None:
    text, encoding = decode_html(page('<meta charset="gbk">').encode("utf-8"))
    assert encoding == "utf-8"
    assert TEXT in text


def test_wrong_declaration_gbk_page_declared_utf8() -> None:
    text, _encoding = decode_html(page("").encode("gbk"), "text/html; charset=utf-8")
    assert TEXT in text
    assert "\ufffd" not in text


def test_override_wins() -> None:
    body = page('<meta charset="utf-8">').encode("gbk")
    text, encoding = decode_html(body, "text/html; charset=utf-8", override="x-gbk")
    assert encoding == "gb18030"
    assert TEXT in text


def test_unknown_labels_are_ignored() -> None:
    text, encoding = decode_html(page('<meta charset="no-such-charset">').encode("utf-8"))
    assert encoding == "utf-8"
    assert TEXT in text


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("CP936", "gb18030"),
        ("GB18030", "gb18030"),
        ("UTF8", "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("nonsense", None),
        ("", None),
    ],
)
def test_normalize_encoding(label: str, expected: str | None) -> None:
    assert normalize_encoding(label) == expected


def test_empty_body() -> None:
    assert decode_html(b"") == ("", "utf-8")


TRADITIONAL = "近日有不法集團以高額回報為誘餌，非法吸收公眾存款，請民眾提高警覺，切勿輕信。"


def traditional_page(head: str, body: str = TRADITIONAL) -> str:
    return page(head, body).replace("测试", "測試")


@pytest.mark.parametrize("declared", ["gb2312", "gbk", "GB18030"])
def test_big5_page_declared_gb_is_read_as_big5(declared: str) -> None:
    body = traditional_page(f'<meta charset="{declared}">').encode("big5")
    text, encoding = decode_html(body)
    assert encoding == "big5hkscs"
    assert TRADITIONAL in text


def test_hong_kong_characters_in_a_big5_page() -> None:
    body = traditional_page('<meta charset="big5">', TRADITIONAL + "佢講得啱嘢").encode("big5hkscs")
    text, encoding = decode_html(body)
    assert encoding == "big5hkscs" and "佢講得啱嘢" in text


def test_simplified_gbk_page_stays_gb() -> None:
    text, encoding = decode_html(page('<meta charset="gbk">').encode("gbk"))
    assert encoding == "gb18030" and TEXT in text
