"""Render HTML to plain text lines, remembering where each character came from.

Table cells are separated by CELL (U+E000) and table rows end with a newline,
so the table reader sees real cell boundaries (blank ``&nbsp;`` cells
included). Script, style and other non-content elements are skipped. The
stdlib parser is lenient: truncated or malformed markup still renders.
"""

from __future__ import annotations

from html.parser import HTMLParser

CELL = "\ue000"  # a private-use character: not whitespace, never in real text
_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "button", "svg", "iframe"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "nav", "hr", "blockquote", "pre", "dd", "dt", "dl", "form", "tbody", "thead", "caption"}
_SPACE_TRANSLATE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


class _Renderer(HTMLParser):
    def __init__(self, line_starts: list[int]):
        super().__init__(convert_charrefs=True)
        self.line_starts = line_starts
        self.parts: list[str] = []
        self.origins: list[tuple[int, int]] = []  # (stream start, source offset) per part
        self.length = 0
        self.skip_depth = 0
        self.cell_depth = 0
        self.table_depth = 0
        self.title: str | None = None
        self._in_title = False

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str) -> None:
        if not text:
            return
        self.origins.append((self.length, self._offset()))
        self.parts.append(text)
        self.length += len(text)

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "table":
            self.table_depth += 1
        if tag in ("td", "th"):
            self.cell_depth += 1
            self._emit(CELL)
        elif tag == "tr":
            self._emit("\n")
        elif tag in _BLOCK:
            self._emit(" " if self.cell_depth else "\n")

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr") and not self.skip_depth:
            self._emit(" " if self.cell_depth else "\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "table":
            self.table_depth = max(0, self.table_depth - 1)
        if tag in ("td", "th"):
            self.cell_depth = max(0, self.cell_depth - 1)
        elif tag in ("tr", "table"):
            self._emit("\n")
        elif tag in _BLOCK and not self.cell_depth:
            self._emit("\n")

    def handle_data(self, data):
        if self._in_title and self.title is None:
            self.title = data.strip() or None
        if self.skip_depth:
            return
        # inside a table, line breaks in the markup are not rows: only <tr> makes a row
        self._emit(data.translate(_SPACE_TRANSLATE) if self.cell_depth or self.table_depth else data.replace("\r", " "))


def render_html(source: str, line_starts: list[int]) -> tuple[str, list[int], str | None]:
    """Return (text, origin, title): ``origin[i]`` is the source offset of ``text[i]``."""
    renderer = _Renderer(line_starts)
    renderer.feed(source)
    renderer.close()
    text = "".join(renderer.parts)
    origin: list[int] = []
    last = max(0, len(source) - 1)
    bounds = renderer.origins + [(len(text), len(source))]
    for (start, src), (end, _) in zip(bounds, bounds[1:], strict=False):
        # offsets inside a piece count from its start (approximate after an entity such as &nbsp;)
        first = min(src, last)
        stop = min(src + end - start, last + 1)
        origin.extend(range(first, stop))
        origin.extend([last] * (end - start - max(0, stop - first)))
    return text, origin, renderer.title
