"""The attachments (附件) a published page links to: the documents its tables may be in."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

SUFFIXES = ("pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "et", "png", "jpg", "jpeg", "tif", "tiff", "bmp")
MAX_ATTACHMENTS = 5
_OPEN = re.compile(r"<a\b([^<>]{0,2000})>", re.I)   # stops at the next "<": linear in the page, whatever it holds
LINK_TEXT = 500   # characters of a link's text looked at
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_TAGS = re.compile(r"<[^>]{0,500}>")
_LIKELY = re.compile(r"年报|年度报告|统计表|附表|表格|情况表|政府信息公开")


def attachment_links(html: str, base: str) -> list[tuple[str, str]]:
    """(absolute URL, link text) of each linked document, at most :data:`MAX_ATTACHMENTS`, the ones whose name
    or link text looks like the report's first, otherwise in page order; each URL once."""
    found: dict[str, str] = {}
    lowered = html.lower()
    for match in _OPEN.finditer(html):
        href = _HREF.search(match.group(1))
        if not href:
            continue
        target = unescape(next(g for g in href.groups() if g is not None)).strip()
        url = urljoin(base, target)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.path.rpartition(".")[2].lower() not in SUFFIXES:
            continue
        close = lowered.find("</a", match.end(), match.end() + LINK_TEXT)
        text = html[match.end():close] if close >= 0 else ""
        found.setdefault(url.split("#")[0], " ".join(unescape(_TAGS.sub("", text)).split()))
    ranked = sorted(found.items(), key=lambda item: not _LIKELY.search(item[1] + item[0]))  # stable: page order kept
    return ranked[:MAX_ATTACHMENTS]
