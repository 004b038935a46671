"""Table 三 out of page text, with the provenance of every value; tables 二 and 四 are read in their own
modules (``table2``, ``table4``), damaged table-三 layouts in ``table3_recovery``."""

from __future__ import annotations

from functools import cache

from gzcheck.extraction.labels import find_label, label_regex, table3_groups, table3_rows, unnumbered_regex
from gzcheck.extraction.rows import (
    EXTRACT_CODE,
    Reading,
    RowRead,
    as_int,
    has_digits,
    note_blank_totals,
    printed_row,
    put_or_unknown,
    read_row,
    token_for,
)
from gzcheck.extraction.splitting import row_total_holds
from gzcheck.extraction.table3_recovery import (
    doubt_rows_after_lost_ones,
    loose_rows,
    other_handling_as_one_row,
    place_by_columns,
    reassemble,
    resolve,
)
from gzcheck.finding import Finding, Severity
from gzcheck.model.template import pointer, template


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
        reads[path] = read_row(page, e, twin.start() if twin else stop, len(columns), row_total_holds)
        if twin:
            second = read_row(page, twin.end(), stop, len(columns), row_total_holds)
            if has_digits(reads[path].tokens) and has_digits(second.tokens):
                twins[path] = second
            elif has_digits(second.tokens):
                reads[path] = second  # the first was a heading that names the row, not the row
        if not reads[path].candidates and page.rows_are_lines:
            # the label may first appear in a heading above its table row: try its later occurrences
            label = dict(rows)[path]
            for later in unnumbered_regex(label).finditer(folded, e, stop):
                retry = read_row(page, later.end(), stop, len(columns), row_total_holds)
                if retry.candidates:
                    reads[path] = retry
                    break
    place_by_columns(page, reads, len(columns))
    other_handling_as_one_row(reading, version, found, reads, end)
    doubted = doubt_rows_after_lost_ones(reads, rows)
    choice = resolve(reads, rows, columns)
    reassemble(page, reads, choice, rows, start, end, len(columns), doubted)
    loose_rows(reading, reads, choice, rows, start, end, len(columns), twins)
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
                printed_row(reading, ptrs, row, shown, f"表三「{label}」行", f"table 3 row '{label}'")
                continue
            reading.unreadable(ptrs, row.start, f"表三「{label}」行的数字无法可靠读取（{shown}），按未知处理，不作猜测",
                               f"table 3 row '{label}' cannot be read reliably ({shown}); its cells are unknown, not guessed",
                               raw=shown)
            continue
        totals = range(len(columns)) if path == ("results", "total") else (len(columns) - 1,)
        for i, ptr in enumerate(ptrs):
            put_or_unknown(reading, ptr, as_int(values[i]), token_for(row, i, len(columns)), row.inferred, i in totals)
    note_blank_totals(reading, "applications")
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


@cache
def _row_pointers(version: str) -> dict[tuple[str, ...], list[str]]:
    columns = template(version).keys_at("applications")
    return {path: [pointer("applications", col, *path) for col in columns] for path, _ in table3_rows(version)}
