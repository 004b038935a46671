"""Table 二 (proactive disclosure) out of page text."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from gzcheck.extraction.labels import fuzzy
from gzcheck.extraction.rows import Reading, read_row, token_for
from gzcheck.extraction.splitting import no_sums
from gzcheck.model.template import template

T2_CAPTION = re.compile(r"第\s*二\s*十\s*条\s*第")


def read_table2(reading: Reading, version: str, start: int, end: int) -> bool:
    page, folded = reading.page, reading.page.folded
    tpl = template(version)
    blocks = tpl.keys_at("active_disclosure")
    rows = []
    for block in blocks:
        for row_key in tpl.keys_at("active_disclosure", block):
            kinds = [c for c in tpl.table_cells("active_disclosure") if c.path[1:3] == (block, row_key)]
            rows.append((block, row_key, kinds))
    located = []
    pos = start
    for block, row_key, cells in rows:
        label = cells[0].labels_zh[2]
        # a converter may print the table's blocks out of order: look before the last row found as well
        match = _find_t2_label(folded, label, pos, end) or _find_t2_label(folded, label, start, pos)
        located.append((block, row_key, cells, match))
        if match:
            pos = match.end()
    if not any(m for *_, m in located):
        return False
    starts = [m.start() for *_, m in located if m]
    for _block, _row_key, cells, match in located:
        ptrs = [c.pointer for c in cells]
        label = cells[0].labels_zh[2]
        if match is None:
            reading.unreadable(ptrs, None, f"表二找不到「{label}」这一行，按未知处理", f"table 2 row '{label}' was not found; its cells are unknown")
            continue
        later = [s for s in starts if s > match.start()]
        stop = min([end] + later[:1])
        caption = T2_CAPTION.search(folded, match.end(), stop)
        stop = caption.start() if caption else stop
        row = read_row(page, match.end(), stop, len(cells), no_sums)
        if len(row.candidates) != 1:
            shown = " ".join(t.raw for t in row.tokens) or "无数字"
            reading.unreadable(ptrs, match.start(), f"表二「{label}」行的数字无法可靠读取（{shown}），按未知处理，不作猜测",
                               f"table 2 row '{label}' cannot be read reliably ({shown}); its cells are unknown, not guessed", raw=shown)
            continue
        for j, cell in enumerate(cells):
            token = token_for(row, j, len(cells))
            value = _typed(row.candidates[0][j], token.unit if token else "", cell.kind, cell.path[-1])
            reading.put(cell.pointer, value, token, row.inferred)
    return True


@cache
def _fuzzy_regex(label: str) -> re.Pattern:
    return re.compile(fuzzy(label))


def _find_t2_label(folded: str, label: str, pos: int, end: int):
    match = _fuzzy_regex(label).search(folded, pos, end)
    if match and label == "规范性文件" and folded[max(0, match.start() - 2):match.start()] == "行政":
        return None  # the 2021 row label, not this template's
    if match is None and label.startswith("行政") and len(label) > 4:
        # some reports print the 2019 wording (规范性文件) in a 2021 table
        match = _fuzzy_regex(label[2:]).search(folded, pos, end)
    return match


def _typed(value, unit: str, kind: str, key: str):
    if value is None:
        return None
    value = Decimal(value)
    if kind != "amount":
        return int(value) if value == value.to_integral_value() else float(value)
    if key == "fee_amount_10k_yuan":  # the template's unit is 万元
        value = value / 10000 if unit == "元" else value
    elif unit in ("万元", "萬元"):
        value = value * 10000
    return int(value) if value == value.to_integral_value() else float(value)
