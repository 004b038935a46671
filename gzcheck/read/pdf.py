"""PDF with a text layer to text the extractor reads, with the page and box of every piece.

PDFium (through pypdfium2, which ships it inside its wheel) lays each page's characters out in reading
order, one visual line per line with the gaps between cells as spaces — the layout the extractor already
reads, glued digits and wrapped labels included. Text a reader cannot see (invisible, transparent, white on
white, tiny, off the page: ``pdf_visible``) is not read, and is named where it holds report content. Page numbers (— 3 —, -4-, 第3页) and running headers or
footers repeated on every page are taken out, so a table split across pages reads as one. A scan (pages
with no text layer) is read with OCR (``scan``). Caps: pages, and characters per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gzcheck.errors import InputError
from gzcheck.read.hidden import hidden_notes, holds_report_content
from gzcheck.read.pdf_visible import hidden_characters
from gzcheck.read.running import without_running_lines

MEDIA_TYPE = "application/pdf"
MAX_PAGES = 300
MAX_CHARS_PER_PAGE = 200_000
MIN_TEXT_CHARS = 40     # fewer characters of text in the whole file than this: a scan


class ScannedPdf(InputError):
    """A PDF whose pages are pictures (no text layer): the scan reader reads it with OCR."""

    def __init__(self, pdf) -> None:
        from gzcheck.read.scan import ocr_missing

        missing = ocr_missing()
        super().__init__(missing.message, missing.message_en)
        self.pdf = pdf


@dataclass
class _Line:
    text: str
    page: int       # 0-based
    char: int       # index of its first character in the page's text page


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def read_pdf(data: bytes):
    """(text, locate, notes) where ``locate(start, end)`` gives ``{"page": n, "bbox": [x0, y0, x1, y1]}`` (PDF points,
    origin at the page's bottom left) for a stretch of the text."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError("PDF 文件已加密（需要密码），无法读取；请提供未加密的文件", "the PDF is encrypted (password protected)") from None
        raise InputError(f"PDF 文件已损坏，无法打开（{exc}）", f"the PDF is damaged and cannot be opened ({exc})") from None
    count = len(pdf)
    if count == 0:
        raise InputError("PDF 文件没有页面", "the PDF has no pages")
    if count > MAX_PAGES:
        raise InputError(f"PDF 有 {count} 页，超过 {MAX_PAGES} 页的上限，不像一份年度报告", f"the PDF has {count} pages (limit {MAX_PAGES})")
    textpages: list = []
    lines: list[list[_Line]] = []
    hidden: list[tuple[str, str, str, str, int | None]] = []
    for index in range(count):
        page = pdf[index]
        textpage = page.get_textpage()
        chars = textpage.count_chars()
        if chars > MAX_CHARS_PER_PAGE:
            raise InputError(f"PDF 第{index + 1}页的文字过多（{chars} 个字符），不予读取", f"page {index + 1} holds too many characters ({chars})")
        textpages.append(textpage)
        shown = textpage.get_text_range(0, chars) if chars else ""
        if chars:
            shown = _without_hidden(shown, hidden_characters(page, textpage, chars), index, hidden)
        lines.append(_join_wrapped_numbers(_page_lines(shown, index), textpage))
    if sum(len(line.text.strip()) for page in lines for line in page) < MIN_TEXT_CHARS and hidden:
        raise InputError("PDF 中的文字读者都看不到（不可见、白色、过小或在页面以外），没有可检查的内容",
                         "no reader can see the PDF's text (invisible, white, tiny or off the page): nothing to check")
    if sum(len(line.text.strip()) for page in lines for line in page) < MIN_TEXT_CHARS:
        raise ScannedPdf(pdf)
    kept = [line for page in without_running_lines(lines, lambda line: line.text) for line in page]
    text, starts, offset = [], [], 0
    for line in kept:
        starts.append(offset)
        text.append(line.text + "\n")
        offset += len(line.text) + 1
    notes = hidden_notes([p for p in hidden if holds_report_content(p[3], in_table=True)])
    return "".join(text), _Locator(kept, starts, textpages, pdf), notes


def _without_hidden(text: str, hidden: dict[int, str], page: int, passages: list) -> str:
    """The page's text with what a reader cannot see blanked out (offsets kept); each hidden stretch (hidden
    characters with only spacing between them, hidden the same way) is added to ``passages`` as
    (where zh, where en, how, text, None)."""
    if not hidden or max(hidden) >= len(text):
        return text
    chars = list(text)
    run: list[str] = []
    indexes = sorted(hidden)
    for n, index in enumerate(indexes):
        run.append(chars[index])
        if chars[index] not in "\r\n":
            chars[index] = " "
        following = indexes[n + 1] if n + 1 < len(indexes) else None
        if following is not None and hidden[following] == hidden[index] and not text[index + 1:following].strip():
            run.append(" " * (following > index + 1))
            continue
        passages.append((f"PDF 第{page + 1}页", f"page {page + 1} of the PDF", hidden[index], "".join(run), None))
        run = []
    return "".join(chars)


def _page_lines(raw: str, page: int) -> list[_Line]:
    """The page's text split into lines, each remembering where it starts in the page's characters."""
    out, position = [], 0
    for piece in re.split(r"(\r\n|\n|\r)", raw):
        if piece in ("\r\n", "\n", "\r"):
            position += len(piece)
            continue
        if piece.strip():
            out.append(_Line(piece.rstrip(), page, position))
        position += len(piece)
    return out


_NUMBERS_ONLY = re.compile(r"^[\d\s/.-]+$")
_NUMBER = re.compile(r"\d+")


def _join_wrapped_numbers(lines: list[_Line], textpage) -> list[_Line]:
    """A number too wide for its cell wraps: "16" on one line, "2" right under it. A line of numbers each
    standing under a number of the line above (same column, by their boxes) is the rest of those numbers."""
    out: list[_Line] = []
    for line in lines:
        above = out[-1] if out else None
        if above is not None and _NUMBERS_ONLY.match(line.text) and _NUMBERS_ONLY.match(above.text):
            joined = _continuation(above, line, textpage)
            if joined is not None:
                out[-1] = _Line(joined, above.page, above.char)
                continue
        out.append(line)
    return out


def _continuation(above: _Line, below: _Line, textpage) -> str | None:
    def spans(line):
        return [(m, _box(textpage, line.char + m.start(), line.char + m.end())) for m in _NUMBER.finditer(line.text)]

    top, bottom = spans(above), spans(below)
    if not top or not bottom or len(bottom) >= len(top) or any(box is None for _, box in top + bottom):
        return None
    height = max(box[3] - box[1] for _, box in top)
    text, placed = above.text, []
    for match, box in bottom:
        middle = (box[0] + box[2]) / 2
        over = [(m, b) for m, b in top if b[0] - 1 <= middle <= b[2] + 1 and 0 < b[1] - box[3] + height * 0.2 < 2 * height]
        if len(over) != 1:
            return None  # not right under one number: a row of its own
        placed.append((over[0][0].end(), match.group()))
    for end, digits in sorted(placed, reverse=True):
        text = text[:end] + digits + text[end:]
    return text


def _box(textpage, start: int, end: int):
    try:
        boxes = [textpage.get_charbox(i) for i in range(start, end)]
    except Exception:  # noqa: BLE001 - a character PDFium cannot place
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else None


class _Locator:
    """Where a stretch of the rendered text is on the page: computed only for what provenance asks about."""

    def __init__(self, lines, starts, textpages, pdf):
        self.lines, self.starts, self.textpages, self.pdf = lines, starts, textpages, pdf

    def __call__(self, start: int, end: int) -> dict:
        import bisect

        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        line = self.lines[i]
        first = line.char + (start - self.starts[i])
        last = line.char + min(end, self.starts[i] + len(line.text)) - self.starts[i]
        textpage = self.textpages[line.page]
        boxes = []
        for char in range(first, max(first + 1, last)):
            try:
                boxes.append(textpage.get_charbox(char))
            except Exception:  # noqa: BLE001 - a character PDFium cannot place: the page alone still helps
                continue
        out = {"page": line.page + 1}
        boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]]
        if boxes:
            out["bbox"] = [round(min(b[0] for b in boxes), 1), round(min(b[1] for b in boxes), 1),
                           round(max(b[2] for b in boxes), 1), round(max(b[3] for b in boxes), 1)]
        return out
