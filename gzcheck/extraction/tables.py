"""Tables 二, 三 and 四 out of page text, with the provenance of every value."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from functools import cache
from decimal import Decimal
from typing import Any

from gzcheck.extraction.cells import Token, cell_tokens, text_tokens
from gzcheck.extraction.labels import find_label, fuzzy, label_regex, table3_groups, table3_rows, unnumbered_regex
from gzcheck.extraction.splitting import Sums, groups_of_five_hold, no_sums, row_total_holds, split_chunks
from gzcheck.finding import Finding, Severity
from gzcheck.read.html_render import CELL
from gzcheck.read.page import Page
from gzcheck.model.template import pointer, template
from gzcheck.model.unknowns import STATUS_PRINTED

EXTRACT_CODE = "GZ-010"     # what reading the page noticed
UNREADABLE_CODE = "GZ-011"
MAX_COMBINATIONS = 4096
T4_HEADER = re.compile("|".join(fuzzy(w) for w in ("维持", "纠正", "其他结果", "审结", "总计", "起诉")))
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
T2_CAPTION = re.compile(r"第\s*二\s*十\s*条\s*第")


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


def _read_row(page: Page, start: int, end: int, count: int, accept: Sums, *,
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
        return RowRead([], tokens, start=start, printed=OTHER_DIGITS if _has_digits(tokens) else None)
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
    return RowRead([], tokens, start=start, printed=OTHER_DIGITS if _has_digits(tokens) else None)


def _fits_with_lost_blanks(values: list[int], count: int, accept: Sums) -> bool:
    for blanks in itertools.combinations(range(count), count - len(values)):
        row, rest = [], iter(values)
        for i in range(count):
            row.append(0 if i in blanks else next(rest))
        if accept(tuple(row)):
            return True
    return False


def _has_digits(tokens: list[Token]) -> bool:
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


def _int(value) -> int | None:
    return None if value is None else int(value)


def _token_for(row: RowRead, index: int, count: int) -> Token | None:
    if not row.tokens:
        return None
    if row.inferred:  # digits were split: point at the glued run they came from
        return row.tokens[min(index * len(row.tokens) // count, len(row.tokens) - 1)]
    return row.tokens[index] if index < len(row.tokens) else None


# ---------------------------------------------------------------- table 三
def read_table3(reading: Reading, version: str, start: int, end: int) -> bool:
    page, folded = reading.page, reading.page.folded
    columns = template(version).keys_at("applications")
    rows = table3_rows(version)
    found: list[tuple[tuple[str, ...], int, int]] = []
    pos = start
    for path, label in rows:
        match = find_label(folded, label, pos, end)
        if match is None:
            found.append((path, -1, -1))
            continue
        found.append((path, match.start(), match.end()))
        pos = match.end()
    if sum(1 for _, s, _ in found if s >= 0) < len(rows) // 2:
        return False  # not a table 三 we can read
    # (六)其他处理 printed as one row in a 2021 report: read it under the group label
    reads: dict[tuple[str, ...], RowRead] = {}
    located = [(p, s, e) for p, s, e in found if s >= 0]
    groups = sorted(m.start() for label in table3_groups(version) for m in label_regex(label, 12).finditer(folded, start, end))
    twins: dict[tuple[str, ...], RowRead] = {}
    labels = dict(rows)
    for i, (path, _s, e) in enumerate(located):
        stop = located[i + 1][1] if i + 1 < len(located) else end
        stop = next((g for g in groups if e <= g < stop), stop)  # a group label ends the row before it
        twin = label_regex(labels[path]).search(folded, e, stop)  # the same label again before the next row
        reads[path] = _read_row(page, e, twin.start() if twin else stop, len(columns), row_total_holds)
        if twin:
            second = _read_row(page, twin.end(), stop, len(columns), row_total_holds)
            if _has_digits(reads[path].tokens) and _has_digits(second.tokens):
                twins[path] = second
            elif _has_digits(second.tokens):
                reads[path] = second  # the first was a heading that names the row, not the row
        if not reads[path].candidates and page.rows_are_lines:
            # the label may first appear in a heading above its table row: try its later occurrences
            label = dict(rows)[path]
            for later in unnumbered_regex(label).finditer(folded, e, stop):
                retry = _read_row(page, later.end(), stop, len(columns), row_total_holds)
                if retry.candidates:
                    reads[path] = retry
                    break
    _place_by_columns(page, reads, len(columns))
    _other_handling_as_one_row(reading, version, found, reads, end)
    doubted = _doubt_rows_after_lost_ones(reads, rows)
    choice = _resolve(reads, rows, columns)
    _reassemble(page, reads, choice, rows, start, end, len(columns), doubted)
    _loose_rows(reading, reads, choice, rows, start, end, len(columns), twins)
    _say_twins(reading, twins, reads, choice, labels)
    row_pointers = _row_pointers(version)
    for path, label in rows:
        ptrs = row_pointers[path]
        row = reads.get(path)
        if row is None:
            reading.unreadable(ptrs, None, f"表三找不到「{label}」这一行，按未知处理（不按0计算）",
                               f"table 3 row '{label}' was not found; its cells are unknown (not 0)")
            continue
        values = choice.get(path)
        if values is None:
            shown = " ".join(t.raw or "空" for t in row.tokens) or "无数字"
            if row.printed:
                _printed_row(reading, ptrs, row, shown, f"表三「{label}」行", f"table 3 row '{label}'")
                continue
            reading.unreadable(ptrs, row.start, f"表三「{label}」行的数字无法可靠读取（{shown}），按未知处理，不作猜测",
                               f"table 3 row '{label}' cannot be read reliably ({shown}); its cells are unknown, not guessed",
                               raw=shown)
            continue
        totals = range(len(columns)) if path == ("results", "total") else (len(columns) - 1,)
        for i, ptr in enumerate(ptrs):
            _put_or_unknown(reading, ptr, _int(values[i]), _token_for(row, i, len(columns)), row.inferred, i in totals)
    _note_blank_totals(reading, "applications")
    return True


def _say_twins(reading: Reading, twins: dict, reads: dict, choice: dict, labels: dict) -> None:
    """A row printed twice is never a silent choice: the first is read and checked, and the page is said to
    print the row twice — an error where the two differ (readers cannot know which is right)."""
    for path, second in twins.items():
        first_shown = " ".join(t.raw or "空" for t in reads[path].tokens)
        second_shown = " ".join(t.raw or "空" for t in second.tokens)
        same = second.candidates and choice.get(path) is not None and tuple(second.candidates[0]) == tuple(choice[path])
        label = labels[path]
        line = reading.page.line_col(second.start)[0]
        if same:
            zh = f"表三「{label}」行印了两次（数字相同：「{first_shown}」）；请删去重复的一行"
            en = f"table 3 row '{label}' is printed twice (same numbers: {first_shown}); remove the repeated row"
        else:
            zh = (f"表三「{label}」行印了两次，数字不同（「{first_shown}」与「{second_shown}」），读者无法知道哪一行是对的；"
                  f"已按第一行核对，须删去多余的一行")
            en = (f"table 3 row '{label}' is printed twice with different numbers ({first_shown} / {second_shown}); "
                  f"readers cannot know which is right; the first was checked; remove the other")
        reading.findings.append(Finding(code=EXTRACT_CODE, rule="extraction", severity=Severity.WARNING if same else Severity.ERROR,
                                        line=line, message=zh, message_en=en))


_PRINTED_WHY = {
    NO_FIT: ("数字无论怎样分到各格，总计都不等于各项之和", "no way of placing its digits makes its total the sum of its parts"),
    BREAKS_COLUMNS: ("数字的每一种分法都使某一列的合计不成立", "every way of placing its digits breaks a column's sum"),
    SEVERAL: ("数字有多种分法都与表内合计相符，无法确定是哪一种", "its digits can be placed several ways that fit every sum"),
    OTHER_DIGITS: ("印出的数字与格数对不上（可能混入了页码、脚注等其他数字，或有格子在转换中丢失）",
                   "its numbers do not match its cells (other digits such as a page number may be mixed in, or cells were lost)"),
}


def _printed_row(reading: Reading, ptrs: list[str], row: RowRead, shown: str, where: str, where_en: str) -> None:
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


def _put_or_unknown(reading: Reading, ptr: str, value, token: Token | None, inferred: str | None, is_total: bool) -> None:
    """A total cell that plain text shows empty is more likely lost in conversion than left blank: unknown."""
    if value is None and is_total and token is not None and not token.raw and not reading.page.real_cells:
        reading.unknown(ptr, token.start, "（空白）")
        reading.blank_totals.append(ptr)
    else:
        reading.put(ptr, value, token, inferred)


def _note_blank_totals(reading: Reading, table: str) -> None:
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


@cache
def _row_pointers(version: str) -> dict[tuple[str, ...], list[str]]:
    columns = template(version).keys_at("applications")
    return {path: [pointer("applications", col, *path) for col in columns] for path, _ in table3_rows(version)}


def _place_by_columns(page: Page, reads: dict, count: int) -> None:
    """In a PDF each number stands under its column: a row that prints fewer numbers than it has cells (a blank
    cell prints nothing) is read by where its numbers stand, against the columns the complete rows show —
    every number used once, in its own column, the others blank. Never a split of digits the layout keeps
    apart, and never a value that is not printed. A number under no column (or two under one) leaves the row
    as it was."""
    if page.locate is None:
        return
    centres = _column_centres(page, [r for r in reads.values() if len(r.candidates) == 1 and len(r.tokens) == count], count)
    if centres is None:
        return
    gap = min(b - a for a, b in itertools.pairwise(centres)) / 2
    for path, row in reads.items():
        if not 0 < len(row.tokens) < count or not all(t.value is not None for t in row.tokens):
            continue
        placed: list[Token | None] = [None] * count
        for token in row.tokens:
            x = _centre(page, token)
            if x is None:
                break
            column = _nearest(centres, x)
            if abs(centres[column] - x) > gap or placed[column] is not None:
                break
            placed[column] = token
        else:
            if all(a < b for a, b in itertools.pairwise(t.start for t in placed if t is not None)):
                cells = [t if t is not None else Token(None, "", row.start, row.start) for t in placed]
                reads[path] = RowRead([tuple(t.value for t in cells)], cells, start=row.start)


def _nearest(centres: list[float], x: float) -> int:
    return min(range(len(centres)), key=lambda c: abs(centres[c] - x))


def _centre(page: Page, token: Token) -> float | None:
    box = page.locate(token.start, token.end).get("bbox") if page.locate is not None else None
    return (box[0] + box[2]) / 2 if box else None


def _column_centres(page: Page, rows: list[RowRead], count: int) -> list[float] | None:
    """Where each column's numbers stand (the median of the complete rows'), if they stand in order."""
    xs: list[list[float]] = [[] for _ in range(count)]
    for row in rows:
        for i, token in enumerate(row.tokens):
            x = _centre(page, token)
            if x is not None:
                xs[i].append(x)
    if not all(xs):
        return None
    centres = [sorted(column)[len(column) // 2] for column in xs]
    return centres if all(a < b for a, b in itertools.pairwise(centres)) else None


def _other_handling_as_one_row(reading, version, found, reads, end) -> None:
    if version != "2021":
        return
    subrows = [p for p, s, _ in found if p[:2] == ("results", "other_handling")]
    if any(s >= 0 for p, s, _ in found if p in subrows):
        return
    folded = reading.page.folded
    total_start = next((s for p, s, _ in found if p == ("results", "total") and s >= 0), end)
    prev_end = max((e for p, s, e in found if s >= 0 and s < total_start and p[:2] != ("results", "other_handling")), default=0)
    match = label_regex("（六）其他处理").search(folded, prev_end, total_start)
    if match is None:
        return
    row = _read_row(reading.page, match.end(), total_start, 7, row_total_holds)
    if len(row.candidates) != 1:
        return
    zero = tuple(0 if v is not None else None for v in row.candidates[0])
    reads[("results", "other_handling", "no_correction_overdue")] = RowRead([zero], row.tokens, row.inferred, row.start)
    reads[("results", "other_handling", "fee_not_paid_overdue")] = RowRead([zero], row.tokens, row.inferred, row.start)
    note = "页面只印了一行（六）其他处理，数值记入“3.其他”"
    reads[("results", "other_handling", "other")] = RowRead(row.candidates, row.tokens, note, row.start)
    reading.findings.append(Finding(
        code=UNREADABLE_CODE, rule="unreadable-cell", severity=Severity.INFO, pointer="/applications/total/results/other_handling",
        line=reading.page.line_col(match.start())[0],
        message="表三（六）其他处理只印了一行；2021年格式应分三行，数值已记入“3.其他”",
        message_en="table 3 prints (6) other handling as one row; the 2021 template has three, the values went to '3. other'"))


def _doubt_rows_after_lost_ones(reads: dict, rows) -> dict:
    """A label followed by two rows' worth of numbers, after a row that lost its own: the first of those
    rows may be the lost one's (label-only lines, numbers further down). Such rows are taken out and
    returned (path -> what they read), for :func:`_reassemble` to try both ways."""
    lost_before, doubted = False, {}
    for path, _ in rows:
        row = reads.get(path)
        if row is None or not row.candidates:
            lost_before = True
        elif row.more_rows and lost_before:
            doubted[path] = row
            reads[path] = RowRead([], row.tokens, start=row.start)
    return doubted


_LINE = re.compile(r"[^\n]+")
MAX_ASSIGNMENTS = 5000


def _reassemble(page: Page, reads: dict, choice: dict, rows, start: int, end: int, width: int, doubted: dict) -> None:
    """Converters (PDF to text or markdown) print some value rows apart from their labels: label-only lines
    in one place, rows of numbers without a label elsewhere in the table, in the same order. Such rows are
    given to the unread rows in page order — every way of doing so is tried, and a doubted row both with
    and without the numbers right after its label — and kept only when the table's identities accept
    exactly one result; otherwise the rows stay unread. ``choice`` is updated."""
    missing = [path for path, _ in rows if path not in choice and not (path in reads and reads[path].printed)]
    if not missing:
        return
    used = {page.text.rfind("\n", 0, t.start) for path, r in reads.items() if path in choice for t in r.tokens}
    loose = _value_rows(page, start, end, width, used)
    if not loose or len(doubted) > 3:
        return
    accepted: dict[tuple, dict] = {}
    for keep in itertools.chain.from_iterable(itertools.combinations(doubted, k) for k in range(len(doubted) + 1)):
        kept = {path: doubted[path] for path in keep}
        own = {row.tokens[0].start for row in kept.values()}
        pool = [row for row in loose if row.tokens[0].start not in own]
        open_rows = [path for path in missing if path not in kept]
        for option in _in_order(open_rows, pool):
            if option is None:
                return  # too many ways to try
            chosen = {**kept, **option}
            trial = {**choice, **{path: row.candidates[0] for path, row in chosen.items()}}
            if _column_failures(trial, rows, width) == 0:
                accepted.setdefault(tuple(trial.get(path) for path in missing), chosen)
                if len(accepted) > 1:
                    return  # the identities cannot tell which row is which: leave them unread
    if len(accepted) == 1:
        note = "页面上这一行的数字与标签分开印出，按页面顺序对应，并经表内合计关系核对（唯一一致的对应方式）"
        for path, row in next(iter(accepted.values())).items():
            reads[path] = RowRead(row.candidates, row.tokens, row.inferred if path in doubted else note, row.start)
            choice[path] = row.candidates[0]


def _loose_rows(reading: Reading, reads: dict, choice: dict, rows, start: int, end: int, width: int,
                twins: dict) -> None:
    """Whole rows of numbers in the table that no label took: never dropped in silence. The rows whose label
    was not found (or whose numbers were not read) may be printed there, so they are not worked out from the
    sums; the loose numbers are named (GZ-011)."""
    page = reading.page
    read_rows = [r for path, r in reads.items() if path in choice] + list(twins.values())
    used = {page.text.rfind("\n", 0, t.start) for r in read_rows for t in r.tokens}
    taken = [*reads.values(), *twins.values()]
    loose = sorted(_value_rows(page, start, end, width, used) + _unmatched_rows(page, start, end, width, used, taken),
                   key=lambda row: row.start)
    if not loose:
        return
    lines = "、".join(str(page.line_col(row.tokens[0].start)[0]) for row in loose)
    for path, _label in rows:
        row = reads.get(path)
        if path not in choice and (row is None or not row.printed):
            reads[path] = RowRead([], row.tokens if row else loose[0].tokens, start=row.start if row else loose[0].start,
                                  printed=OTHER_DIGITS)
    reading.findings.append(Finding(
        code=UNREADABLE_CODE, rule="unreadable-cell", severity=Severity.WARNING, pointer="/applications",
        line=page.line_col(loose[0].tokens[0].start)[0],
        message=f"表三中第{lines}行印有整行数字，但没有对应的行标签，未读入；标签未找到的行因此不用合计推算",
        message_en=f"table 3 prints whole rows of numbers with no row label (line {lines}); they were not read, and the "
                   f"rows whose label was not found are not worked out from the sums"))


def _unmatched_rows(page: Page, start: int, end: int, width: int, used: set[int], rows: list[RowRead]) -> list[RowRead]:
    """Lines that look like a labelled table row — words, then a whole row of numbers that adds up — whose label
    matched none of the template's (mangled beyond recognition) and whose numbers no row took."""
    taken = {t.start for r in rows for t in r.tokens}
    out = []
    for line in _LINE.finditer(page.text, start, end):
        if line.start() - 1 in used or not _CJK_CHAR.search(line.group()):
            continue
        last_word = max(m.end() for m in _CJK_CHAR.finditer(line.group())) + line.start()
        tokens = [t for t in text_tokens(page.text, last_word, line.end()) if t.value is not None]
        if len(tokens) == width and not taken.intersection(t.start for t in tokens):
            row = _row_of(tokens)
            if row is not None:
                out.append(row)
    return out


def _in_order(missing: list, pool: list):
    """Every way to give the rows of ``pool`` to rows of ``missing`` keeping page order (None: too many)."""
    if not missing or not pool:
        return
    if math.comb(max(len(missing), len(pool)), min(len(missing), len(pool))) > MAX_ASSIGNMENTS:
        yield None
        return
    if len(pool) <= len(missing):
        for picked in itertools.combinations(range(len(missing)), len(pool)):
            yield dict(zip((missing[i] for i in picked), pool, strict=True))
    else:
        for picked in itertools.combinations(range(len(pool)), len(missing)):
            yield dict(zip(missing, (pool[i] for i in picked), strict=True))


def _value_rows(page: Page, start: int, end: int, width: int, used: set[int]) -> list[RowRead]:
    """Rows of ``width`` numbers printed without a label: a line holding a whole row, or a run of lines
    holding one cell each (a stray number in between is not a row)."""
    out: list[RowRead | None] = []
    run: list[list[Token]] = []

    def close_run() -> None:
        tokens = [t for line in run for t in line]
        if tokens and len(tokens) % width == 0:
            out.extend(_row_of(tokens[i:i + width]) for i in range(0, len(tokens), width))
        run.clear()

    for line in _LINE.finditer(page.text, start, end):
        if line.start() - 1 in used or _CJK_CHAR.search(line.group()):
            close_run()
            continue
        tokens = [t for t in text_tokens(page.text, line.start(), line.end()) if t.value is not None]
        if len(tokens) == width:
            close_run()
            out.append(_row_of(tokens))
        elif tokens and all(t.is_digits for t in tokens):
            run.append(tokens)
        else:
            close_run()
    close_run()
    return [row for row in out if row is not None]


def _row_of(tokens: list[Token]) -> RowRead | None:
    values = tuple(t.value for t in tokens)
    if not all(t.is_digits for t in tokens) or not row_total_holds(tuple(v or 0 for v in values)):
        return None
    return RowRead([values], tokens, start=tokens[0].start)


def _resolve(reads: dict, rows, columns) -> dict[tuple[str, ...], tuple]:
    """Pick one candidate per row; rows with several use the column identities. A row they cannot settle is
    marked ``printed``: every reading breaks a column's sum, or several fit them all."""
    chosen = {path: r.candidates[0] for path, r in reads.items() if len(r.candidates) == 1}
    open_rows = [path for path, r in reads.items() if len(r.candidates) > 1]
    if not open_rows:
        return chosen
    options = [reads[p].candidates for p in open_rows]
    if math.prod(len(option) for option in options) > MAX_COMBINATIONS:
        for path in open_rows:
            reads[path].printed = SEVERAL
        return chosen
    scored = []
    for combo in itertools.product(*options):
        trial = {**chosen, **dict(zip(open_rows, combo, strict=False))}
        scored.append((_column_failures(trial, rows, len(columns)), combo))
    scored.sort(key=lambda t: t[0])
    if len(scored) == 1 or scored[0][0] < scored[1][0]:
        chosen.update(zip(open_rows, scored[0][1], strict=False))
    else:
        for path in open_rows:
            reads[path].printed = BREAKS_COLUMNS if scored[0][0] > 0 else SEVERAL
    return chosen


def _column_failures(values: dict, rows, width: int) -> int:
    """How many column identities of table 三 fail; identities that touch a blank cell are not counted."""
    parts = [p for p, _ in rows if p[0] == "results" and p != ("results", "total")]
    balance_left = [("new_received",), ("carried_over_from_previous_year",)]
    balance_right = [("results", "total"), ("carried_forward_to_next_year",)]

    def cells(paths, col):
        out = [values.get(p, (None,) * width)[col] for p in paths]
        return None if any(v is None for v in out) else sum(out)

    failures = 0
    for col in range(width):
        total, summed = cells([("results", "total")], col), cells(parts, col)
        left, right = cells(balance_left, col), cells(balance_right, col)
        failures += total is not None and summed is not None and total != summed
        failures += left is not None and right is not None and left != right
    return failures


# ---------------------------------------------------------------- table 四
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
        spread = _read_row(page, headers[0].end(), end, len(cells), groups_of_five_hold, spread=True)
        if len(spread.candidates) == 1 and len(spread.tokens) == len(cells):
            row = spread
    ptrs = [c.pointer for c in cells]
    if len(row.candidates) != 1:
        shown = " ".join(t.raw or "空" for t in row.tokens) or "无数字"
        if len(row.candidates) > 1:
            row.printed = SEVERAL
        if row.printed:
            _printed_row(reading, ptrs, row, shown, "表四", "table 4")
            return True
        reading.unreadable(ptrs, values_start, f"表四的数字无法可靠读取（{shown}），按未知处理，不作猜测",
                           f"table 4 cannot be read reliably ({shown}); its cells are unknown, not guessed", raw=shown)
        return True
    for i, (cell, ptr) in enumerate(zip(cells, ptrs, strict=True)):
        _put_or_unknown(reading, ptr, _int(row.candidates[0][i]), _token_for(row, i, len(cells)), row.inferred,
                        cell.path[-1] == "total")
    _note_blank_totals(reading, "review_and_litigation")
    return True


_PROSE_LINE = re.compile(r"[^\n]*[\u4e00-\u9fff][^\n]*[\u4e00-\u9fff][^\n]*")


def _end_of_numbers(page: Page, start: int, end: int) -> int:
    """Where table 四's numbers end: the first line with words (two or more Chinese characters) after a line
    that held a number."""
    seen_number = False
    for line in _LINE.finditer(page.text, start, end):
        if seen_number and _PROSE_LINE.fullmatch(line.group()):
            return line.start()
        seen_number = seen_number or any(ch.isdigit() for ch in line.group())
    return end


def _read_row_t4(page: Page, start: int, end: int, count: int) -> RowRead:
    if page.rows_are_lines and CELL in page.text[start:end]:
        # skip to the first table row that holds a number, else to the first row of empty cells (printed blank)
        rows = [m for m in re.finditer(r"[^\n]+", page.text[start:end]) if CELL in m.group()]
        row = next((m for m in rows if re.search(r"\d", m.group())), None) or next(
            (m for m in rows if not _CJK_CHAR.search(m.group())), None)
        if row is not None:
            start += row.start()
    return _read_row(page, start, end, count, groups_of_five_hold)


# ---------------------------------------------------------------- table 二
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
        row = _read_row(page, match.end(), stop, len(cells), no_sums)
        if len(row.candidates) != 1:
            shown = " ".join(t.raw for t in row.tokens) or "无数字"
            reading.unreadable(ptrs, match.start(), f"表二「{label}」行的数字无法可靠读取（{shown}），按未知处理，不作猜测",
                               f"table 2 row '{label}' cannot be read reliably ({shown}); its cells are unknown, not guessed", raw=shown)
            continue
        for j, cell in enumerate(cells):
            token = _token_for(row, j, len(cells))
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
