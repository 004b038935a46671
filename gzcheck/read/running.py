"""Page numbers and running headers or footers: printed on every page, never part of the report's text, and
taken out so that a table split across pages reads as one (PDF and OFD pages alike)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, TypeVar

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$")

Line = TypeVar("Line")


def without_running_lines(pages: list[list[Line]], text: Callable[[Line], str]) -> list[list[Line]]:
    """Each page's lines without the page number and a header or footer printed on most pages, taken from the
    page's top and bottom edges."""
    edges = Counter(text(line).strip() for page in pages for line in (page[:1] + page[-1:]))
    running = {words for words, n in edges.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)}
    out = []
    for page in pages:
        keep = list(page)
        for edge in (0, -1):
            while keep and (PAGE_NUMBER.match(text(keep[edge])) or text(keep[edge]).strip() in running):
                keep.pop(edge)
        out.append(keep)
    return out
