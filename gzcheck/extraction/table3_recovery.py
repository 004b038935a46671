"""Table 三 rows a converter broke: numbers placed by their columns (PDF), a (六) printed as one row, rows
lost or printed apart from their labels, and whole rows of numbers no label took (never dropped in silence)."""

from __future__ import annotations

import itertools
import math

from gzcheck.extraction.cells import Token, text_tokens
from gzcheck.extraction.labels import label_regex
from gzcheck.extraction.rows import (
    BREAKS_COLUMNS,
    CJK_CHAR,
    LINE,
    MAX_COMBINATIONS,
    OTHER_DIGITS,
    SEVERAL,
    UNREADABLE_CODE,
    Reading,
    RowRead,
    read_row,
)
from gzcheck.extraction.splitting import row_total_holds
from gzcheck.finding import Finding, Severity
from gzcheck.read.page import Page

MAX_ASSIGNMENTS = 5000


def place_by_columns(page: Page, reads: dict, count: int) -> None:
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


def other_handling_as_one_row(reading, version, found, reads, end) -> None:
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
    row = read_row(reading.page, match.end(), total_start, 7, row_total_holds)
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


def doubt_rows_after_lost_ones(reads: dict, rows) -> dict:
    """A label followed by two rows' worth of numbers, after a row that lost its own: the first of those
    rows may be the lost one's (label-only lines, numbers further down). Such rows are taken out and
    returned (path -> what they read), for :func:`reassemble` to try both ways."""
    lost_before, doubted = False, {}
    for path, _ in rows:
        row = reads.get(path)
        if row is None or not row.candidates:
            lost_before = True
        elif row.more_rows and lost_before:
            doubted[path] = row
            reads[path] = RowRead([], row.tokens, start=row.start)
    return doubted


def reassemble(page: Page, reads: dict, choice: dict, rows, start: int, end: int, width: int, doubted: dict) -> None:
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


def loose_rows(reading: Reading, reads: dict, choice: dict, rows, start: int, end: int, width: int,
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
    for line in LINE.finditer(page.text, start, end):
        if line.start() - 1 in used or not CJK_CHAR.search(line.group()):
            continue
        last_word = max(m.end() for m in CJK_CHAR.finditer(line.group())) + line.start()
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

    for line in LINE.finditer(page.text, start, end):
        if line.start() - 1 in used or CJK_CHAR.search(line.group()):
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


def resolve(reads: dict, rows, columns) -> dict[tuple[str, ...], tuple]:
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
