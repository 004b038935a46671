"""Table 四 (administrative review and litigation) out of page text."""

from __future__ import annotations

import re

from gzcheck.extraction.labels import fuzzy
from gzcheck.extraction.rows import (
    CJK_CHAR,
    LINE,
    SEVERAL,
    Reading,
    RowRead,
    as_int,
    note_blank_totals,
    printed_row,
    put_or_unknown,
    read_row,
    token_for,
)
from gzcheck.extraction.splitting import groups_of_five_hold
from gzcheck.model.template import template
from gzcheck.read.html_render import CELL
from gzcheck.read.page import Page

T4_HEADER = re.compile("|".join(fuzzy(w) for w in ("维持", "纠正", "其他结果", "审结", "总计", "起诉")))


def read_table4(reading: Reading, start: int, end: int) -> bool:
    page = reading.page
    tpl = template("2021")
    cells = tpl.table_cells("review_and_litigation")
    headers = list(T4_HEADER.finditer(page.folded, start, end))
    if len(headers) < 5:
        return False
    # the numbers follow the last header word; the table ends at the first line of prose after them (dates,
    # years and phone numbers there are not cells)
    values_start = headers[-1].end()
    end = _end_of_numbers(page, values_start, end)
    row = _read_row_t4(page, values_start, end, len(cells))
    if len(row.candidates) != 1 and not page.real_cells:
        # three small tables, each with its own header: all numbers after the first header word
        spread = read_row(page, headers[0].end(), end, len(cells), groups_of_five_hold, spread=True)
        if len(spread.candidates) == 1 and len(spread.tokens) == len(cells):
            row = spread
    ptrs = [c.pointer for c in cells]
    if len(row.candidates) != 1:
        shown = " ".join(t.raw or "空" for t in row.tokens) or "无数字"
        if len(row.candidates) > 1:
            row.printed = SEVERAL
        if row.printed:
            printed_row(reading, ptrs, row, shown, "表四", "table 4")
            return True
        reading.unreadable(ptrs, values_start, f"表四的数字无法可靠读取（{shown}），按未知处理，不作猜测",
                           f"table 4 cannot be read reliably ({shown}); its cells are unknown, not guessed", raw=shown)
        return True
    for i, (cell, ptr) in enumerate(zip(cells, ptrs, strict=True)):
        put_or_unknown(reading, ptr, as_int(row.candidates[0][i]), token_for(row, i, len(cells)), row.inferred,
                        cell.path[-1] == "total")
    note_blank_totals(reading, "review_and_litigation")
    return True


_PROSE_LINE = re.compile(r"[^\n]*[\u4e00-\u9fff][^\n]*[\u4e00-\u9fff][^\n]*")


def _end_of_numbers(page: Page, start: int, end: int) -> int:
    """Where table 四's numbers end: the first line with words (two or more Chinese characters) after a line
    that held a number."""
    seen_number = False
    for line in LINE.finditer(page.text, start, end):
        if seen_number and _PROSE_LINE.fullmatch(line.group()):
            return line.start()
        seen_number = seen_number or any(ch.isdigit() for ch in line.group())
    return end


def _read_row_t4(page: Page, start: int, end: int, count: int) -> RowRead:
    if page.rows_are_lines and CELL in page.text[start:end]:
        # skip to the first table row that holds a number, else to the first row of empty cells (printed blank)
        rows = [m for m in re.finditer(r"[^\n]+", page.text[start:end]) if CELL in m.group()]
        row = next((m for m in rows if re.search(r"\d", m.group())), None) or next(
            (m for m in rows if not CJK_CHAR.search(m.group())), None)
        if row is not None:
            start += row.start()
    return read_row(page, start, end, count, groups_of_five_hold)
