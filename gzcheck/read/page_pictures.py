"""A saved web page whose tables are pictures (``<img>`` screenshots of a spreadsheet): each picture that is
a ``data:`` URI, or a file beside the page as a browser's "save page" writes it, is read with OCR and put in
the page in its place as the HTML table (or lines of text) it shows. Remote pictures are never fetched.

Only a page without a readable table 三 of its own is read this way (a logo or a banner costs nothing).
"""

from __future__ import annotations

import base64
import binascii
import re
from html import escape, unescape
from pathlib import Path

from gzcheck.errors import InputError
from gzcheck.read.html_render import CELL

MAX_PICTURES = 20
MAX_PICTURE_BYTES = 20 * 1024 * 1024
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>""", re.I)
_DATA = re.compile(r"data:image/[\w.+-]+;base64,(.*)", re.I | re.S)
_TABLE3 = re.compile(r"申请人情况|申請人情況|本年新收|本年度办理结果|本年度辦理結果")


def with_pictures_read(html: str, page_path: str | None) -> tuple[str, int] | None:
    """(the page with its pictures of text read in their place, how many were read), or None when there is
    nothing to read: no picture, a table 三 in the page's own text, or OCR not installed."""
    if "<img" not in html.lower() or _TABLE3.search(re.sub(r"<[^>]*>", "", html)):
        return None
    try:
        import rapidocr_onnxruntime  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return None
    from gzcheck.read.scan import image_pages, scan_blocks

    pieces, last, read = [], 0, 0
    for match in list(_IMG.finditer(html))[:MAX_PICTURES]:
        data = _picture(unescape(next(g for g in match.groups() if g is not None)), page_path)
        if data is None:
            continue
        try:
            blocks = scan_blocks(image_pages(data))
        except InputError:
            continue
        if not blocks:
            continue
        pieces += [html[last:match.start()], _as_html(blocks)]
        last = match.end()
        read += 1
    if not read:
        return None
    return "".join(pieces) + html[last:], read


def _picture(source: str, page_path: str | None) -> bytes | None:
    """The bytes of a picture: a data: URI, or a file beside the page (never above its folder, never fetched)."""
    data = _DATA.match(source.strip())
    if data:
        try:
            raw = base64.b64decode(data.group(1), validate=False)
        except (binascii.Error, ValueError):
            return None
        return raw if len(raw) <= MAX_PICTURE_BYTES else None
    if page_path is None or re.match(r"^[a-z][a-z0-9+.-]*:", source, re.I) or source.startswith(("/", "\\")):
        return None  # remote, absolute or another scheme: not ours to open
    folder = Path(page_path).resolve().parent
    path = (folder / source.split("?")[0].split("#")[0]).resolve()
    if folder not in path.parents or not path.is_file() or path.stat().st_size > MAX_PICTURE_BYTES:
        return None
    return path.read_bytes()


def _as_html(blocks) -> str:
    """What a picture shows, as the page's own HTML would print it."""
    out = []
    for kind, block in blocks:
        if kind == "lines":
            out += [f"<p>{escape(piece.text.strip())}</p>" for piece in block]
        else:
            rows = "".join("<tr>" + "".join(f"<td>{escape(cell.text.replace(CELL, ''))}</td>" for cell in row) + "</tr>"
                           for row in block)
            out.append(f"<table>{rows}</table>")
    return "".join(out)
