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
from itertools import accumulate
import re
from html import unescape

from gzcheck.normalize import replace_each

CELL = "\ue000"  # a private-use character: not whitespace, never in real text
_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "button", "svg", "iframe", "textarea"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "nav", "hr", "blockquote", "pre", "dd", "dt", "dl", "form", "tbody", "thead", "caption"}
_SPACES_IN_TABLE = {"\n": " ", "\r": " ", "\t": " "}
_CR = {"\r": " "}
_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")  # as html.unescape finds them
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
        # inside a piece, offsets count from its start (an entity is a piece of its own)
        return min(self.source_starts[i] + min(index - self.text_starts[i], max(0, self.lengths[i] - 1)), self.last)

    def text_at(self, source_offset: int) -> int:
        """The first text offset whose source offset is at or after ``source_offset``."""
        i = bisect.bisect_left(self.source_starts, source_offset)
        if i > 0 and source_offset < self.source_starts[i - 1] + self.lengths[i - 1]:
            return self.text_starts[i - 1] + source_offset - self.source_starts[i - 1]
        return self.text_starts[i] if i < len(self.text_starts) else (self.text_starts[-1] + self.lengths[-1] if self.text_starts else 0)


# what a tag does to the text: open or close a cell, a row, a table, a block
_CELL, _ROW, _TABLE, _BLOCK_TAG, _BREAK = 1, 2, 3, 4, 5
_ACTION = {**{t: _BLOCK_TAG for t in _BLOCK}, "td": _CELL, "th": _CELL, "tr": _ROW, "table": _TABLE, "br": _BREAK, "hr": _BREAK}
# Outside quotes a tag ends at the next "<": a "<" that opens no tag is text, and a page of "<a b<a b…" is read
# in linear time instead of each "<" scanning to the end of the page.
_TAG = re.compile(r"<(?:!--.*?(?:-->|\Z)|!\[CDATA\[.*?(?:\]\]>|\Z)|[!?][^>]*>?"
                  r"|(/?)([A-Za-z][A-Za-z0-9:_-]*)([^<>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"']*)*)>)", re.S)


def render_html(source: str) -> tuple[str, Origin, str | None]:
    """Return (text, origin, title).

    One pass over the tags; the text between two tags is one piece. (Written as one function with local
    lists: it is the hot loop of reading a page.)"""
    parts: list[str] = []
    source_starts: list[int] = []
    cell_depth = table_depth = 0
    title: str | None = None
    size = len(source)
    last = 0  # where the text not yet rendered starts
    emit_text, emit_at = parts.append, source_starts.append

    def emit(text: str, at: int) -> None:
        emit_text(text)
        emit_at(at)

    def emit_raw(raw: str, at: int) -> None:
        """Text as written between tags, entities decoded; text after an entity is a piece of its own, so its
        offsets stay exact."""
        spaces = _SPACES_IN_TABLE if cell_depth or table_depth else _CR  # in a table only <tr> makes a row
        if "&" not in raw:
            if "\r" in raw or ((cell_depth or table_depth) and ("\n" in raw or "\t" in raw)):  # inline: the hot path
                raw = replace_each(raw, spaces)
            emit_text(raw)
            emit_at(at)
            return
        done, run = 0, None  # run: where the entities written one after another begin
        for entity in _ENTITY.finditer(raw):
            if entity.start() > done:
                if run is not None:
                    emit(replace_each(unescape(raw[run:done]), spaces), at + run)
                    run = None
                emit(replace_each(raw[done:entity.start()], spaces), at + done)
            if run is None:
                run = entity.start()
            done = entity.end()
        if run is not None:
            emit(replace_each(unescape(raw[run:done]), spaces), at + run)
        if done < len(raw):
            emit(replace_each(raw[done:], spaces), at + done)

    for match in _TAG.finditer(source):
        at = match.start()
        if at < last:
            continue  # inside an element whose content is not page text
        if at > last:
            emit_raw(source[last:at], last)
        last = match.end()
        closing, tag, attributes = match.groups()
        if tag is None:
            continue  # a comment, doctype or CDATA
        tag = tag.lower()
        action = _ACTION.get(tag)
        if closing:  # an end tag
            if action == _TABLE:
                table_depth = max(0, table_depth - 1)
            if action == _CELL:
                cell_depth = max(0, cell_depth - 1)
            elif action in (_ROW, _TABLE) or (action in (_BLOCK_TAG, _BREAK) and not cell_depth):
                emit_text("\n")
                emit_at(at)
            continue
        if action is None:
            if tag == "title" or tag in _SKIP:
                # the element's content is not page text: jump past its end tag (or to the end of a truncated page)
                close = _closing(tag).search(source, last)
                content_end = close.start() if close else size
                if tag == "head" and title is None:
                    inner = _TITLE.search(source, last, content_end)
                    title = unescape(inner.group(1)).strip() or None if inner else None
                if tag == "title" and title is None:
                    title = unescape(source[last:content_end]).strip() or None
                last = close.end() if close else size
            continue
        if action == _BREAK:
            emit_text(" " if cell_depth else "\n")
        elif attributes.rstrip().endswith("/"):
            continue  # <p/>, <td/>: opens nothing
        elif action == _TABLE:
            table_depth += 1
            emit_text(" " if cell_depth else "\n")
        elif action == _CELL:
            cell_depth += 1
            emit_text(CELL)
        elif action == _ROW:
            emit_text("\n")
        else:
            emit_text(" " if cell_depth else "\n")
        emit_at(at)
    if last < size:
        emit_raw(source[last:], last)
    lengths = list(map(len, parts))
    text_starts = list(accumulate(lengths, initial=0))[:-1]
    return "".join(parts), Origin(text_starts, source_starts, lengths, size), title
