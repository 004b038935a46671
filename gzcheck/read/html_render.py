"""Render HTML to plain text lines, remembering where each character came from.

Table cells are separated by CELL (U+E000) and table rows end with a newline,
so the table reader sees real cell boundaries (blank ``&nbsp;`` cells
included). Script, style and other non-content elements are skipped.

One regular expression walks the markup (tags, comments, text) and keeps each
piece's source offset, so rendering costs a fraction of the standard library's
``html.parser``; truncated or malformed markup still renders (a ``<`` that
starts no tag is text). Where text came from is kept as pieces (text start,
source start, length), not a list of one number per character.
"""

from __future__ import annotations

import bisect
import re
from html import unescape

CELL = "\ue000"  # a private-use character: not whitespace, never in real text
_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "button", "svg", "iframe", "textarea"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "nav", "hr", "blockquote", "pre", "dd", "dt", "dl", "form", "tbody", "thead", "caption"}
_SPACE_TRANSLATE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[!?][^>]*>?"
                    r"|<(/?)([A-Za-z][A-Za-z0-9:_-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|[^<]+|<", re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_CLOSING: dict[str, re.Pattern] = {}


def _closing(tag: str) -> re.Pattern:
    if tag not in _CLOSING:
        _CLOSING[tag] = re.compile(rf"</{tag}\s*>", re.I)
    return _CLOSING[tag]


class Origin:
    """Text offset → source offset, as pieces: a piece of text was copied from one place in the source."""

    def __init__(self, text_starts: list[int], source_starts: list[int], lengths: list[int], source_length: int):
        self.text_starts, self.source_starts, self.lengths = text_starts, source_starts, lengths
        self.last = max(0, source_length - 1)

    def source(self, index: int) -> int:
        i = bisect.bisect_right(self.text_starts, index) - 1
        if i < 0:
            return 0
        # inside a piece, offsets count from its start (approximate after an entity such as &nbsp;)
        return min(self.source_starts[i] + min(index - self.text_starts[i], max(0, self.lengths[i] - 1)), self.last)

    def text_at(self, source_offset: int) -> int:
        """The first text offset whose source offset is at or after ``source_offset``."""
        i = bisect.bisect_left(self.source_starts, source_offset)
        if i > 0 and source_offset < self.source_starts[i - 1] + self.lengths[i - 1]:
            return self.text_starts[i - 1] + source_offset - self.source_starts[i - 1]
        return self.text_starts[i] if i < len(self.text_starts) else (self.text_starts[-1] + self.lengths[-1] if self.text_starts else 0)


class _Renderer:
    def __init__(self):
        self.parts: list[str] = []
        self.text_starts: list[int] = []
        self.source_starts: list[int] = []
        self.lengths: list[int] = []
        self.length = 0
        self.cell_depth = 0
        self.table_depth = 0
        self.title: str | None = None

    def emit(self, text: str, at: int) -> None:
        if text:
            self.text_starts.append(self.length)
            self.source_starts.append(at)
            self.lengths.append(len(text))
            self.parts.append(text)
            self.length += len(text)

    def start(self, tag: str, at: int) -> None:
        if tag == "table":
            self.table_depth += 1
        if tag in ("td", "th"):
            self.cell_depth += 1
            self.emit(CELL, at)
        elif tag == "tr":
            self.emit("\n", at)
        elif tag in _BLOCK:
            self.emit(" " if self.cell_depth else "\n", at)

    def end(self, tag: str, at: int) -> None:
        if tag == "table":
            self.table_depth = max(0, self.table_depth - 1)
        if tag in ("td", "th"):
            self.cell_depth = max(0, self.cell_depth - 1)
        elif tag in ("tr", "table"):
            self.emit("\n", at)
        elif tag in _BLOCK and not self.cell_depth:
            self.emit("\n", at)

    def data(self, raw: str, at: int) -> None:
        text = unescape(raw) if "&" in raw else raw
        # inside a table, line breaks in the markup are not rows: only <tr> makes a row
        self.emit(text.translate(_SPACE_TRANSLATE) if self.cell_depth or self.table_depth else text.replace("\r", " "), at)


def render_html(source: str) -> tuple[str, Origin, str | None]:
    """Return (text, origin, title)."""
    out = _Renderer()
    pos, size = 0, len(source)
    while pos < size:
        match = _TOKEN.match(source, pos)
        closing, tag = match.group(1), match.group(2)
        if tag is None:
            piece = match.group()
            if not piece.startswith("<") or piece == "<":
                out.data(piece, pos)
            pos = match.end()
            continue
        tag = tag.lower()
        if closing:
            out.end(tag, pos)
            pos = match.end()
            continue
        attributes = match.group(3)
        if tag in ("br", "hr"):
            out.emit(" " if out.cell_depth else "\n", pos)
        elif tag == "title" or tag in _SKIP:
            # the element's content is not page text: jump past its end tag (or to the end of a truncated page)
            close = _closing(tag).search(source, match.end())
            content_end = close.start() if close else size
            if tag == "head" and out.title is None:
                inner = _TITLE.search(source, match.end(), content_end)
                out.title = unescape(inner.group(1)).strip() or None if inner else None
            if tag == "title" and out.title is None:
                title = unescape(source[match.end():content_end]).strip()
                out.title = title or None
            pos = close.end() if close else size
            continue
        elif not attributes.rstrip().endswith("/"):
            out.start(tag, pos)
        pos = match.end()
    text = "".join(out.parts)
    return text, Origin(out.text_starts, out.source_starts, out.lengths, size), out.title
