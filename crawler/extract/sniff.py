"""Say what a file is when it is not an HTML page (empty, binary, plain text)."""

from __future__ import annotations

import re

# Leading bytes of common non-HTML files, with their names as a user reads them.
MAGIC = (
    (b"%PDF", "PDF 文件"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"PK\x03\x04", "ZIP 压缩包（或 Office 文档）"),
    (b"\x1f\x8b", "gzip 压缩文件"),
    (b"\xfd7zXZ", "xz 压缩文件"),
    (b"BZh", "bzip2 压缩文件"),
    (b"\x7fELF", "可执行文件"),
    (b"MZ", "Windows 可执行文件"),
)
SNIFF_BYTES = 4096
# Share of control bytes (other than tab, CR, LF, FF, ESC) above which a file is binary.
MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|meta|title|div|p|table|span|a|br|script)\b", re.I
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def not_html_reason(body: bytes) -> str | None:
    """Why ``body`` is not an HTML page (in Chinese, for the user), or None when it is one."""
    if not body.strip():
        return "文件为空（0 字节或只有空白），不是 HTML 网页"
    head = body[:SNIFF_BYTES]
    for magic, name in MAGIC:
        if head.startswith(magic):
            return f"文件是{name}，不是 HTML 网页"
    if head.startswith(_UTF16_BOMS):
        return None  # UTF-16 text: its NUL bytes are not binary; the decoder handles it
    controls = len(_CONTROL.findall(head))
    if controls > MAX_CONTROL_SHARE * len(head):
        return f"文件是二进制数据（前 {len(head)} 字节中有 {controls} 个控制字节），不是 HTML 网页"
    if not _MARKUP.search(body[: SNIFF_BYTES * 16]):
        return "文件是纯文本，没有任何 HTML 标签，不是 HTML 网页"
    return None
