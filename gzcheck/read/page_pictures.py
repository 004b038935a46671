"""A saved web page whose tables are pictures (``<img>`` screenshots of a spreadsheet): each picture that is
a ``data:`` URI, or a file beside the page as a browser's "save page" writes it, is read with OCR and put in
the page in its place as the HTML table (or lines of text) it shows. Remote pictures are never fetched.

Only a page without a readable table 三 of its own is read this way (a logo or a banner costs nothing).
"""

from __future__ import annotations

import base64
import binascii
import importlib.util
import re
from itertools import islice
from html import escape, unescape
from pathlib import Path

from gzcheck.errors import InputError
from gzcheck.read.html_render import CELL

MAX_PICTURES = 20
MAX_PICTURE_BYTES = 20 * 1024 * 1024
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>""", re.I)
_DATA = re.compile(r"data:image/[\w.+-]+;base64,(.*)", re.I | re.S)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_TABLE3 = re.compile(r"申请人情况|申請人情況|本年新收|本年度办理结果|本年度辦理結果")


def with_pictures_read(html: str, page_path: str | None) -> tuple[str, int] | None:
    """(the page with its pictures of text read in their place, how many were read), or None when there is
    nothing to read: no picture we may open, a table 三 in the page's own text, or OCR not installed.

    A picture's own attributes go to what replaces it, so one the page hides (a style, a class, ``hidden``)
    stays hidden; one inside a hidden element is hidden with it."""
    if "<img" not in html and "<IMG" not in html or _TABLE3.search(html):
        return None  # (the labels are in the page's own text: no picture needs reading; cheap on every page)
    pictures = []
    for match in islice(_IMG.finditer(html), MAX_PICTURES):   # a page of a million <img> costs twenty
        data = _picture(unescape(next(g for g in match.groups() if g is not None)), page_path)
        if data is not None:
            pictures.append((match, data))
    if not pictures or importlib.util.find_spec("rapidocr_onnxruntime") is None:
        return None
    from gzcheck.read.scan import image_pages, scan_blocks

    pieces, last, read = [], 0, 0
    for match, data in pictures:
        try:
            blocks = scan_blocks(image_pages(data))
        except InputError:
            continue
        if not blocks:
            continue
        attributes = _SRC.sub("", match.group()[4:].rstrip("/> \t\n"))
        pieces += [html[last:match.start()], f"<div{attributes}>{_as_html(blocks)}</div>"]
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
