"""Numbers in the prose must agree with tables 三 and 四."""

from __future__ import annotations

from functools import cache

from gzcheck import Rule
from gzcheck.model.template import pointer, split_pointer, template, value_at

from gzcheck.extraction.claims import find_claims
from gzcheck.extraction.glued import table2_claims, unsplittable

SECTIONS = ("overall_situation", "applications", "review_and_litigation", "problems_and_improvements")
APPLICANTS_TOTAL = "total"

# quantity -> (label zh, label en, paths of table-三 rows under one applicant column) or table-四 cells
T3_QUANTITIES: dict[str, tuple[str, str, list[tuple[str, ...]]]] = {
    "new_received": ("本年新收申请", "new applications", [("new_received",)]),
    "carried_over": ("上年结转申请", "carried over from last year", [("carried_over_from_previous_year",)]),
    "carried_forward": ("结转下年度继续办理", "carried forward", [("carried_forward_to_next_year",)]),
    "granted": ("予以公开", "granted", [("results", "granted")]),
    "partially_granted": ("部分公开", "partially granted", [("results", "partially_granted")]),
    "granted_or_partial": ("予以公开和部分公开", "granted and partially granted", [("results", "granted"), ("results", "partially_granted")]),
    "not_held": ("本机关不掌握相关政府信息", "not held", [("results", "unable_to_provide", "not_held")]),
    "requires_new_creation": ("没有现成信息需要另行制作", "would need new creation", [("results", "unable_to_provide", "requires_new_creation")]),
    "unclear_after_correction": ("补正后申请内容仍不明确", "unclear after correction", [("results", "unable_to_provide", "unclear_after_correction")]),
}
T3_GROUPS: dict[str, tuple[str, str, tuple[str, ...]]] = {  # quantities that are a whole group of rows
    "withheld": ("不予公开", "withheld", ("results", "withheld")),
    "unable_to_provide": ("无法提供", "unable to provide", ("results", "unable_to_provide")),
    "not_processed": ("不予处理", "not processed", ("results", "not_processed")),
    "other_handling": ("其他处理", "other handling", ("results", "other_handling")),
    "results_total": ("办结（本年度办理结果总计）", "handled in total", ("results",)),
}
# the prose speaks of 行政诉讼 as one: both litigation groups together
T4_GROUPS = {"review": (("administrative_review",), "行政复议", "administrative review"),
             "litigation": (("litigation_without_review", "litigation_after_review"), "行政诉讼", "litigation")}



@cache
def _rows(version: str, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Table-三 row paths under a group, without the group's own total row."""
    first = template(version).keys_at("applications")[0]
    rows = [c.path[2:] for c in template(version).table_cells("applications") if c.path[1] == first]
    return [r for r in rows if r[:len(prefix)] == prefix and r != ("results", "total")]


@cache
def _total_pointers(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    return [pointer("applications", APPLICANTS_TOTAL, *row) for row in rows]


def readings(view, rows: list[tuple[str, ...]], total_row: tuple[str, ...] | None = None) -> list:
    """Every way table 三 (``view``, read once for all rules) states a quantity: the 总计 column, the sum of the
    applicant columns, and, for the results total, its own printed cell. Blank cells count as 0; a reading
    whose cells are all blank, or that needs a cell nobody could read, is no reading."""
    return _readings(view, _reading_cells(view.grid, tuple(rows), total_row))


def _readings(view, readings_cells: list[frozenset[int]]) -> list:
    out = []
    get = view.values.__getitem__
    for cells in readings_cells:
        if view.unknown and not view.unknown.isdisjoint(cells):
            continue
        if not view.blanks.issuperset(cells):
            out.append(sum(map(get, cells)))
    return out


@cache
def _t3_quantity(grid, version: str, quantity: str) -> tuple[list, list, list[str], str, str]:
    """(the grid cells of each reading, those of last year's carried-over applications where the prose may count
    them in, the 总计 column's pointers, labels) of a table-三 quantity, worked out once per template."""
    if quantity in T3_QUANTITIES:
        label_zh, label_en, rows = T3_QUANTITIES[quantity]
        total_row = None
    else:
        label_zh, label_en, prefix = T3_GROUPS[quantity]
        rows, total_row = _rows(version, prefix), ("results", "total") if quantity == "results_total" else None
    carried = _reading_cells(grid, (("carried_over_from_previous_year",),), None) if quantity == "new_received" else []
    return _reading_cells(grid, tuple(rows), total_row), carried, _total_pointers(tuple(rows)), label_zh, label_en


@cache
def _reading_cells(grid, rows: tuple, total_row) -> list[frozenset[int]]:
    """The grid cells of each reading (see readings), worked out once per template (sets: the blank and unread
    cells are compared with them)."""
    columns = [path[1] for path in grid.paths if path[2:] == grid.paths[0][2:]]
    column_sets = [[APPLICANTS_TOTAL], [c for c in columns if c != APPLICANTS_TOTAL]]
    row_sets = [rows] + ([(total_row,)] if total_row else [])
    return [frozenset(grid.index[pointer(grid.table, col, *row)] for col in cols for row in row_set)
            for row_set in row_sets for cols in column_sets]


class NarrativeMatchesTables(Rule):
    """正文中的数字与表三、表四一致"""

    code = "TXT-001"
    name = "narrative-matches-tables"
    severity = "warning"
    summary_en = "numbers in the prose agree with tables 3 and 4"
    why = ("年报正文常概述申请数量和办理结果；与统计表矛盾的数字会误导公众，属于“内容不准确”（国办公开办函〔2021〕30号"
           "要求对此追责）。本规则只核对能确定对应到表中某一格的说法（如“予以公开及部分公开258件”对应（一）+（二）），"
           "并接受表中任一种一致的算法（总计列，或各申请人列之和）；百分比按四舍五入或截断的误差核对。")
    why_en = 'Numbers in the prose that contradict the tables mislead the public and make the report inaccurate, which the 2021 notice names for accountability. Only statements tied with certainty to a cell are checked, and any consistent reading of the table is accepted; percentages allow for rounding or truncation.'
    basis = "《政府信息公开条例》第五十条；国办公开办函〔2021〕30号（四）明确责任"

    def check(self, report, ctx):
        version = report["format_version"]
        known: dict[str, tuple | None] = {}  # what the table says of each quantity, worked out once per report
        for key in SECTIONS:
            section = report["sections"].get(key)
            if not section or not section.get("text"):
                continue
            for claim in find_claims(section["text"]):
                if claim.quantity not in known:
                    known[claim.quantity] = self._expected(report, version, claim.quantity, ctx)
                expected = known[claim.quantity]
                if expected is None:
                    continue
                accepted, preferred, related, label_zh, label_en = expected
                ptr = f"/sections/{key}"
                if claim.value not in accepted:
                    yield ctx.finding(
                        pointer=ptr, start=claim.start, end=claim.end, expected=preferred, actual=claim.value, related=related,
                        message=f"正文说{label_zh} {claim.value} 件，表中为 {preferred} 件",
                        message_en=f"the text says {label_en} {claim.value}, the table says {preferred}",
                        details={"offsets_in": f"{ptr}/text", "quantity": claim.quantity})
                if claim.percent is not None and claim.value in accepted:
                    finding = self._percent(version, claim, preferred, ptr, related, label_zh, label_en, ctx)
                    if finding:
                        yield finding
        if report.get("active_disclosure") is not None:
            yield from self._table2(report, ctx)

    def _table2(self, report, ctx):
        """Documents the prose counts (制发、废止、现行有效) against table 二: a printed cell must agree; a row of
        glued digits must have some split that agrees, or the prose and the table certainly differ."""
        version = report["format_version"]
        for ptr, claim, key in table2_claims(report):
            value = None if ctx.is_unread(ptr) else value_at(report, split_pointer(ptr))
            if value is None or value == claim.value:
                continue
            label = ctx.label(ptr)
            yield ctx.finding(pointer=f"/sections/{key}", start=claim.start, end=claim.end, expected=value, actual=claim.value,
                              related=[ptr], message=f"正文说{label.removeprefix('表二')} {claim.value} 件，表二中为 {value} 件",
                              message_en=f"the text says {claim.value} for {ctx.label(ptr, 'en')}, table 2 says {value}",
                              details={"offsets_in": f"/sections/{key}/text", "quantity": claim.quantity, "template": version})
        for ptr, claim, key, run in unsplittable(report):
            yield ctx.finding(pointer=f"/sections/{key}", start=claim.start, end=claim.end, actual=claim.value, related=[ptr],
                              message=f"正文说{ctx.label(ptr).removeprefix('表二')} {claim.value} 件，但表二这一行粘连的数字「{run}」"
                                      f"无论怎样拆分，这一格都不会是 {claim.value}",
                              message_en=f"the text says {claim.value} for {ctx.label(ptr, 'en')}, but no split of the glued digits "
                                         f"'{run}' of that row gives it",
                              details={"offsets_in": f"/sections/{key}/text", "quantity": claim.quantity, "glued": run})

    def _expected(self, report, version, quantity, ctx):
        """(acceptable values, preferred value, related pointers, labels) or None when the table cannot say."""
        unread = ctx.facts.unread
        if quantity in T3_QUANTITIES or quantity in T3_GROUPS:
            if report.get("applications") is None:
                return None
            view = ctx.table("applications")
            cells, carried_cells, related, label_zh, label_en = _t3_quantity(view.grid, version, quantity)
            values = _readings(view, cells)
            if not values:
                return None
            preferred = values[1] if len(values) > 1 else values[0]  # the applicant columns' sum survives a blank 总计
            accepted = set(values)
            if carried_cells:  # "受理 N 件" may include last year's carried-over applications
                accepted |= {a + b for a in values for b in _readings(view, carried_cells)}
            return accepted, preferred, related, label_zh, label_en
        group, _, leaf = quantity.partition("_")
        if group not in T4_GROUPS or report.get("review_and_litigation") is None:
            return None
        groups, group_zh, group_en = T4_GROUPS[group]
        cells = [report["review_and_litigation"][g][leaf] for g in groups]
        related = [pointer("review_and_litigation", g, leaf) for g in groups]
        if all(v is None for v in cells) or any(p in unread for p in related):
            return None
        value = sum(v or 0 for v in cells)
        leaf_cell = template(report["format_version"]).by_pointer(pointer("review_and_litigation", groups[0], leaf))
        leaf_zh, leaf_en = leaf_cell.labels_zh[-1], leaf_cell.labels_en[-1]
        return {value}, value, related, f"{group_zh}{'' if leaf == 'total' else leaf_zh}", f"{group_en} {leaf_en}"

    def _percent(self, version, claim, count, ptr, related, label_zh, label_en, ctx):
        view = ctx.table("applications")
        bases = readings(view, _rows(version, ("results",)), ("results", "total"))
        bases += readings(view, [("new_received",)])
        bases += readings(view, [("new_received",), ("carried_over_from_previous_year",)])
        shares = [100 * count / base for base in bases if base]
        if not shares:
            return None
        slack = 10 ** -claim.percent_decimals  # rounding or truncating to the printed decimals
        if any(abs(claim.percent - share) <= slack for share in shares):
            return None
        decimals = max(1, claim.percent_decimals)
        expected = round(shares[0], decimals)
        return ctx.finding(
            pointer=ptr, start=claim.percent_span[0], end=claim.percent_span[1], expected=expected, actual=claim.percent,
            related=related, message=f"正文说{label_zh}占 {claim.percent}%，按表中数字应为 {expected}%",
            message_en=f"the text says {label_en} is {claim.percent}%, the table gives {expected}%",
            details={"offsets_in": f"{ptr}/text", "quantity": claim.quantity + "_percent"})
