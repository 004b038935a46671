"""A scraped page: its decoded source, the text we read, and the way back to the source.

``text`` is what the extractor reads (the page itself for plain text, the
rendered content for HTML); ``folded`` is ``text`` through the core's one fold
(:func:`gzcheck.normalize.same_length_fold`), *the same length*, so a match in
``folded`` is a match in ``text`` and, through ``origin``, a line and column in
``source``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from gzcheck.read.html_render import Origin

from gzcheck.normalize import same_length_fold

# Site chrome: it ends the report text (the sections stop there), and spam after it is "after the footer".
CHROME_END = re.compile(
    r"相\s*关\s*附\s*件|相\s*关\s*新\s*闻|相\s*关\s*链\s*接|附\s*件\s*下\s*载|扫\s*一\s*扫|打\s*印\s*本\s*页|关\s*闭\s*窗\s*口|"
    r"网\s*站\s*标\s*识\s*码|ICP\s*备|版\s*权\s*所\s*有|主\s*办\s*单\s*位|分\s*享\s*到|上\s*一\s*篇|下\s*一\s*篇|"
    r"【\s*打\s*印|关\s*注\s*[·•]", re.I)
_PIPE_ROW = re.compile(r"(?m)^[ \t]*\|[^\n]*\|[^\n]*\|[ \t]*$")
_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|body|head|meta|table|p|div|td|tr|span|br)\b", re.I)


def looks_like_html(head: str) -> bool:
    return len(_HTML_HINT.findall(head[:20000])) >= 2


@dataclass
class Page:
    source: str
    media_type: str                      # "text/html" or "text/plain"
    text: str = ""
    origin: Origin | None = None         # text index -> source index; None when text is source
    title_tag: str | None = None
    hidden: list[tuple[int, int, str]] = field(default_factory=list)  # HTML: (source start, end, how) of hidden elements
    line_starts: list[int] = field(default_factory=list)
    rows_are_lines: bool = False         # a table row never spans lines (HTML <tr>, markdown pipe rows)
    real_cells: bool = False             # cells come from the document's own table (HTML, Word): an empty one was printed empty
    spans: list[tuple[int, dict]] = field(default_factory=list)  # documents: text offset -> where (paragraph, table/row/col)
    locate: Callable[[int, int], dict] | None = None              # documents: where a stretch of text is (PDF page and box)

    @classmethod
    def from_source(cls, source: str, media_type: str | None = None) -> "Page":
        media_type = media_type or ("text/html" if looks_like_html(source) else "text/plain")
        starts = [0] + [m.end() for m in re.finditer("\n", source)]
        page = cls(source, media_type, line_starts=starts)
        if media_type == "text/html":
            from gzcheck.read.html_render import render_html

            page.text, page.origin, page.title_tag, page.hidden = render_html(source)
            page.rows_are_lines = page.real_cells = True
        else:
            page.text = source
            if "|" in source:  # pipe tables: the pipes are cell boundaries (same length, same offsets)
                from gzcheck.read.html_render import CELL

                page.text = source.replace("|", CELL)
                page.rows_are_lines = len(_PIPE_ROW.findall(source)) >= 5
        return page

    @classmethod
    def from_document(cls, text: str, media_type: str, *, spans=(), locate=None, title: str | None = None,
                      rows_are_lines: bool = False, real_cells: bool = False) -> "Page":
        """A Word or PDF document already rendered to text (``source`` is that text)."""
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        return cls(text, media_type, text=text, title_tag=title, line_starts=starts, rows_are_lines=rows_are_lines,
                   real_cells=real_cells, spans=list(spans), locate=locate)

    @property
    def is_html(self) -> bool:
        return self.media_type == "text/html"

    @cached_property
    def _span_starts(self) -> list[int]:
        return [start for start, _ in self.spans]

    @cached_property
    def folded(self) -> str:
        return same_length_fold(self.text)

    def source_offset(self, index: int) -> int:
        if self.origin is None:
            return index
        return self.origin.source(index)

    def text_range(self, start: int, end: int) -> tuple[int, int]:
        """The part of ``text`` that shows source[start:end]."""
        if self.origin is None:
            return start, end
        return self.origin.text_at(start), self.origin.text_at(end)

    def line_col(self, index: int) -> tuple[int, int]:
        """1-based line and column in ``source`` of ``text[index]``."""
        offset = self.source_offset(index)
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def where(self, start: int, end: int, raw: str | None = None) -> dict:
        """Provenance of text[start:end]: line and column in the source, the text as printed (``raw`` if the
        caller has it), and, in a document, the paragraph, cell or page. (Called once per table cell.)"""
        line, column = self.line_col(start)
        entry = {"line": line, "column": column, "raw": self.text[start:end].strip() if raw is None else raw}
        if self.spans:
            i = bisect.bisect_right(self._span_starts, start) - 1
            if i >= 0:
                entry.update(self.spans[i][1])
        if self.locate is not None:
            entry.update(self.locate(start, end))
        return entry
