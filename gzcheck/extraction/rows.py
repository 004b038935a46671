"""One table row's values read from the page, and what extraction has read so far (values, provenance,
what went wrong). A row whose digits are printed but cannot be placed is ``printed``: evidence, never
replaced by the sums that should judge it."""

from __future__ import annotations

from decimal import Decimal

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from gzcheck.extraction.cells import UNSURE, Token, cell_tokens, text_tokens
from gzcheck.extraction.splitting import Sums, no_sums, split_chunks
from gzcheck.finding import Finding, Severity
from gzcheck.model.unknowns import STATUS_PRINTED
from gzcheck.read.html_render import CELL
from gzcheck.read.page import Page

EXTRACT_CODE = "GZ-010"     # what reading the page noticed
UNREADABLE_CODE = "GZ-011"
MAX_COMBINATIONS = 4096
LINE = re.compile(r"[^\n]+")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Reading:
    """What extraction has read so far: values by pointer, their provenance, and what went wrong."""

    page: Page
    values: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, dict] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    found: dict[str, bool] = field(default_factory=dict)   # which tables were found on the page
    unread: set[str] = field(default_factory=set)           # cells found but not readable: unknown, not blank
    blank_totals: list[str] = field(default_factory=list)   # total cells a text page shows empty (unknown)

    def put(self, ptr: str, value: Any, token: Token | None, inferred: str | None = None) -> None:
        self.values[ptr] = value
        if token is not None:
            entry = self.page.where(token.start, max(token.end, token.start + 1), token.raw + token.unit if token.raw else "（空白）")
            if inferred:
                entry["inferred"] = inferred
            self.provenance[ptr] = entry

    def unknown(self, ptr: str, at: int | None, raw: str = "") -> None:
        """A cell whose value nobody knows: null in the table, listed in ``unread``, never counted as 0."""
        self.values[ptr] = None
        self.unread.add(ptr)
        entry = self.page.where(at, at + 1) if at is not None else {}
        entry.update(raw=raw, status="unread") if raw else entry.update(status="unread")
        self.provenance[ptr] = entry

    def printed(self, pointers: list[str], at: int | None, raw: str, why: str, note: str = "") -> None:
        """Cells whose digits are printed (``raw``) but could not be placed: unknown, and never derived from
        the sums — those sums must judge the printed digits, not be used to write them."""
        for ptr in pointers:
            self.unknown(ptr, at, raw)
            self.provenance[ptr].update(status=STATUS_PRINTED, reading=why)
            if note:
                self.provenance[ptr]["inferred"] = note

    def unreadable(self, pointers: list[str], at: int | None, zh: str, en: str, raw: str = "") -> None:
        for ptr in pointers:
            self.unknown(ptr, at, raw)
        line = self.page.line_col(at)[0] if at is not None else None
        self.findings.append(Finding(
            code=UNREADABLE_CODE, rule="unreadable-cell", severity=Severity.WARNING, pointer=pointers[0] if pointers else None,
            related=tuple(pointers[1:]), line=line, message=zh, message_en=en))


@dataclass
class RowRead:
    candidates: list[tuple]          # possible value vectors (Decimal or None per cell)
    tokens: list[Token]              # where they were printed
    inferred: str | None = None      # how digits were split, when they had to be
    start: int = 0
    more_rows: bool = False          # the label is followed by whole rows more numbers than it has cells
    printed: str | None = None       # digits are printed but no reading places them: why (a provenance `reading`)


NO_FIT, BREAKS_COLUMNS, SEVERAL, OTHER_DIGITS = ("no-split-fits-row", "every-split-breaks-columns", "several-splits-fit",
                                                 "may-include-other-digits")
TABLE_NOT_PLACED = "table-not-placed"   # lines of numbers under the table's heading, not matched to its rows and columns


def read_row(page: Page, start: int, end: int, count: int, accept: Sums, *,
              spread: bool = False) -> RowRead:
    """The values after a row label. ``spread``: numbers anywhere in the region, across rows and cells.

    A reading the layout fixes is taken whatever the sums say (a wrong sum is the report's fault, for the
    rules to report): one value per cell, or one digit per cell in a glued run. Where the digits admit
    several readings, the row's own sum keeps those it accepts; where they admit none (or there are more
    numbers than cells), the row is ``printed``: its digits are evidence, never replaced by the sums."""
    text = page.text
    if page.rows_are_lines and not spread:
        line_end = text.find("\n", start, end)
        end = end if line_end == -1 else line_end
    if CELL in text[start:end] and not spread:
        tokens = cell_tokens(text, start, end, count)
        values = tuple(t.value for t in tokens)
        if len(tokens) == count:
            blanks = sum(v is None for v in values)
            # pipes in plain text may have dropped blank cells: trust positions only if the row adds up
            if page.rows_are_lines or not blanks or accept(tuple(v or 0 for v in values)):
                return RowRead([values], tokens, start=start)
        return RowRead([], tokens, start=start, printed=OTHER_DIGITS if has_digits(tokens) else None)
    tokens = text_tokens(text, start, end)
    if len(tokens) >= count:
        values = tuple(t.value for t in tokens[:count])
        if len(tokens) == count or accept(tuple(v or 0 for v in values)):
            # numbers on the label's own line are its own; a label alone on its line, followed by two rows of
            # numbers, may be one of several labels whose numbers a converter printed further down
            alone = "\n" in text[start:tokens[0].start]
            return RowRead([values], tokens[:count], start=start, more_rows=alone and len(tokens) >= 2 * count)
        return RowRead([], tokens, start=start, printed=OTHER_DIGITS)
    if tokens and all(t.is_digits for t in tokens):
        chunks = [t.digits for t in tokens]
        shown = " ".join(chunks)
        if sum(map(len, chunks)) == count:  # one digit a cell: the only reading there is
            return RowRead([tuple(int(d) for d in "".join(chunks))], tokens, f"页面数字粘连（{shown}），每格一位数字", start=start)
        found = split_chunks(chunks, count, accept)  # None: too ambiguous to decide
        if found is None:
            return RowRead([], tokens, start=start, printed=SEVERAL)
        if not found:
            return RowRead([], tokens, start=start, printed=_why_no_fit(chunks, count, accept))
        return RowRead(found, tokens, f"页面数字粘连（{shown}），按表内合计关系拆分", start=start)
    return RowRead([], tokens, start=start, printed=OTHER_DIGITS if has_digits(tokens) else None)


def _fits_with_lost_blanks(values: list[int], count: int, accept: Sums) -> bool:
    for blanks in itertools.combinations(range(count), count - len(values)):
        row, rest = [], iter(values)
        for i in range(count):
            row.append(0 if i in blanks else next(rest))
        if accept(tuple(row)):
            return True
    return False


def has_digits(tokens: list[Token]) -> bool:
    return any(t.value is not None for t in tokens)


def _why_no_fit(chunks: list[str], count: int, accept: Sums) -> str:
    """No split of the digits satisfies the row's sum: certain — unless the numbers as printed fit the row
    with a blank cell or two lost in conversion, or the last run may be something else printed after the row
    (a page number, a footnote mark) and the digits before it read consistently."""
    if len(chunks) < count <= len(chunks) + 2 and _fits_with_lost_blanks([int(c) for c in chunks], count, accept):
        return OTHER_DIGITS
    if len(chunks) > 1 and sum(map(len, chunks[:-1])) >= count and split_chunks(chunks[:-1], count, accept):
        return OTHER_DIGITS
    if sum(map(len, chunks)) < count or split_chunks(chunks, count, no_sums) == []:
        return OTHER_DIGITS  # too few digits, or no way to make count numbers of them: not this row's alone
    return NO_FIT


def as_int(value) -> int | Decimal | None:
    """A count as printed: a whole number as an int; a fraction stays as it is (no count has one: see
    :func:`put_or_unknown`)."""
    if value is None or (isinstance(value, Decimal) and value != value.to_integral_value()):
        return value
    return int(value)


def token_for(row: RowRead, index: int, count: int) -> Token | None:
    if not row.tokens:
        return None
    if row.inferred:  # digits were split: point at the glued run they came from
        return row.tokens[min(index * len(row.tokens) // count, len(row.tokens) - 1)]
    return row.tokens[index] if index < len(row.tokens) else None


_PRINTED_WHY = {
    NO_FIT: ("数字无论怎样分到各格，总计都不等于各项之和", "no way of placing its digits makes its total the sum of its parts"),
    BREAKS_COLUMNS: ("数字的每一种分法都使某一列的合计不成立", "every way of placing its digits breaks a column's sum"),
    SEVERAL: ("数字有多种分法都与表内合计相符，无法确定是哪一种", "its digits can be placed several ways that fit every sum"),
    OTHER_DIGITS: ("印出的数字与格数对不上（可能混入了页码、脚注等其他数字，或有格子在转换中丢失）",
                   "its numbers do not match its cells (other digits such as a page number may be mixed in, or cells were lost)"),
}


def printed_row(reading: Reading, ptrs: list[str], row: RowRead, shown: str, where: str, where_en: str) -> None:
    """A row whose digits are printed but not placed: unknown and never derived. A certain contradiction is
    the rules' to report (T3-001/T4-001); an uncertain one is said here (GZ-011)."""
    why = row.printed or OTHER_DIGITS
    zh, en = _PRINTED_WHY[why]
    reading.printed(ptrs, row.tokens[0].start if row.tokens else row.start, shown, why, f"{where}印的「{shown}」{zh}")
    if why in (SEVERAL, OTHER_DIGITS):
        reading.findings.append(Finding(
            code=UNREADABLE_CODE, rule="unreadable-cell", severity=Severity.WARNING, pointer=ptrs[0], related=tuple(ptrs[1:]),
            line=reading.provenance[ptrs[0]].get("line"),
            message=f"{where}印的「{shown}」{zh}；这些格按未知处理，不用合计推算（印出的数字要由合计来核对，不能反过来由合计改写）",
            message_en=f"{where_en} prints '{shown}': {en}; its cells are unknown and not worked out from the sums (the "
                       f"sums must check printed digits, not rewrite them)"))


def put_or_unknown(reading: Reading, ptr: str, value, token: Token | None, inferred: str | None, is_total: bool) -> None:
    """A total cell that plain text shows empty is more likely lost in conversion than left blank: unknown. A
    cell its reader marked unsure (``?``, OCR) is unknown, with what was read there as its only candidates."""
    if isinstance(value, Decimal):  # "2.7" in a count cell: printed, but no count; never rounded, never derived
        raw = token.raw if token is not None else str(value)
        reading.unreadable([ptr], token.start if token is not None else None,
                           f"印的「{raw}」不是整数，不能作为件数；这一格按未知处理，不用合计推算",
                           f"'{raw}' is printed where a count belongs; the cell is unknown and not worked out from the sums", raw)
        reading.provenance[ptr].update(status=STATUS_PRINTED, reading=OTHER_DIGITS)
    elif value is None and token is not None and token.raw.startswith(UNSURE):
        reading.unknown(ptr, token.start, token.raw)
        reading.provenance[ptr]["candidates"] = [int(token.raw[1:])] if token.raw[1:] else []
    elif value is None and is_total and token is not None and not token.raw and not reading.page.real_cells:
        reading.unknown(ptr, token.start, "（空白）")
        reading.blank_totals.append(ptr)
    else:
        reading.put(ptr, value, token, inferred)


def note_blank_totals(reading: Reading, table: str) -> None:
    mine = [p for p in reading.blank_totals if p.startswith(f"/{table}/")]
    if not mine:
        return
    name = "表三" if table == "applications" else "表四"
    line = reading.provenance[mine[0]].get("line")
    reading.findings.append(Finding(
        code=UNREADABLE_CODE, rule="unreadable-cell", severity=Severity.WARNING, pointer=mine[0], related=tuple(mine[1:]), line=line,
        message=f"{name}有 {len(mine)} 个总计格在文本中是空白；文本（尤其是由 PDF 转换的）常丢失格子，按未知处理，不按0计算",
        message_en=f"{len(mine)} total cell(s) of table {3 if table == 'applications' else 4} are empty in this text; "
                   f"conversions often lose cells, so they are unknown, not 0"))
