"""Sum checks of tables 三 and 四, naming the faulty cell rather than every broken sum."""

from __future__ import annotations

from functools import cache
from typing import Any

from gzcheck import Rule
from gzcheck.model.template import pointer, template, value_at

from gzcheck_rules.grid import Identity, fill_blank_totals, localise

TOTAL = "total"



class TableGrid:
    """The cells of one table in a fixed order, and the identities between them."""

    def __init__(self, paths: list[tuple[str, ...]], identities: list[Identity]):
        self.paths = paths
        self.pointers = [pointer(*p) for p in paths]
        self.identities = identities
        self.memberships = [[] for _ in paths]
        for ident in identities:
            for cell in set(ident.left + ident.right):
                self.memberships[cell].append(ident)

    def values(self, report: dict[str, Any]) -> tuple[list[Any], set[int]]:
        """Cell values (blank as 0) and the indexes of the blank cells."""
        out, blanks = [], set()
        for i, path in enumerate(self.paths):
            value = value_at(report, path)
            if value is None:
                blanks.add(i)
                value = 0
            out.append(value)
        return out, blanks


@cache
def table3_grid(version: str) -> TableGrid:
    tpl = template(version)
    columns = tpl.keys_at("applications")
    rows = [c.path[2:] for c in tpl.table_cells("applications") if c.path[1] == columns[0]]
    first_column = [c for c in tpl.table_cells("applications") if c.path[1] == columns[0]]
    labels = {c.path[2:]: c.labels_zh[-1] for c in first_column}
    labels_en = {c.path[2:]: c.labels_en[-1] for c in first_column}
    col_zh = {c.path[1]: c.labels_zh[1] for c in tpl.table_cells("applications")}
    col_en = {c.path[1]: c.labels_en[1] for c in tpl.table_cells("applications")}
    paths = [("applications", col) + row for col in columns for row in rows]
    index = {path: i for i, path in enumerate(paths)}
    cell = lambda col, row: index[("applications", col) + row]  # noqa: E731
    parts_columns = [c for c in columns if c != TOTAL]
    result_total = ("results", TOTAL)
    result_parts = [r for r in rows if r[0] == "results" and r != result_total]
    identities = []
    for row in rows:
        identities.append(Identity(
            f"row:{'/'.join(row)}", pointer("applications", TOTAL, *row),
            (cell(TOTAL, row),), tuple(cell(c, row) for c in parts_columns),
            f"「{labels[row]}」行的总计等于自然人与五类法人或其他组织之和",
            f"row '{labels_en[row]}': total equals natural persons plus the five organisation columns"))
    for col in columns:
        identities.append(Identity(
            f"results:{col}", pointer("applications", col, *result_total),
            (cell(col, result_total),), tuple(cell(col, r) for r in result_parts),
            f"「{col_zh[col]}」列的（七）总计等于（一）至（六）各项之和",
            f"column '{col_en[col]}': (7) total equals the sum of results (1) to (6)"))
        identities.append(Identity(
            f"balance:{col}", pointer("applications", col),
            (cell(col, result_total), cell(col, ("carried_forward_to_next_year",))),
            (cell(col, ("new_received",)), cell(col, ("carried_over_from_previous_year",))),
            f"「{col_zh[col]}」列的勾稽关系：一（本年新收）+ 二（上年结转）= 三（七）总计 + 四（结转下年度）",
            f"column '{col_en[col]}' balance: new (1) + carried over (2) = results total (3.7) + carried forward (4)"))
    return TableGrid(paths, identities)


@cache
def table4_grid() -> TableGrid:
    tpl = template("2021")  # table 四 is the same in both templates
    groups = tpl.keys_at("review_and_litigation")
    paths, identities = [], []
    for group in groups:
        leaves = tpl.keys_at("review_and_litigation", group)
        start = len(paths)
        paths += [("review_and_litigation", group, leaf) for leaf in leaves]
        total = start + leaves.index(TOTAL)
        label = next(c.labels_zh[1] for c in tpl.table_cells("review_and_litigation") if c.path[1] == group)
        identities.append(Identity(
            f"group:{group}", pointer("review_and_litigation", group, TOTAL), (total,),
            tuple(i for i in range(start, len(paths)) if i != total),
            f"「{label}」的总计等于结果维持、结果纠正、其他结果、尚未审结之和",
            f"'{group}': total equals upheld + corrected + other result + pending"))
    return TableGrid(paths, identities)


class TotalsRule(Rule):
    """Shared check(): localise the faulty cell, else report each broken identity."""

    message = "{where}填报为 {actual}，应为 {expected}（{reasons}）"
    message_en = "{where} is printed as {actual} but should be {expected} ({reasons})"
    table = ""

    def grid(self, version: str) -> TableGrid:
        raise NotImplementedError

    def check(self, report, ctx):
        if report.get(self.table) is None:
            return
        grid = self.grid(report["format_version"])
        values, blanks = grid.values(report)
        for cell, ident in sorted(fill_blank_totals(grid.identities, values, blanks).items()):
            if values[cell]:  # a blank total over parts that are not all zero: the total is missing
                ptr = grid.pointers[cell]
                yield ctx.finding(
                    pointer=ptr, expected=values[cell], actual=None, related=sorted({grid.pointers[i] for i in ident.right + ident.left} - {ptr}),
                    message=f"{ctx.label(ptr)}是空白，按“{ident.zh}”应填 {values[cell]}",
                    message_en=f"{ctx.label(ptr, 'en')} is blank; by '{ident.en}' it should be {values[cell]}",
                    details={"kind": "blank-total", "identities": [ident.key]})
        fixes, failures = localise(grid.identities, values, grid.memberships)
        for fix in fixes:
            ptr = grid.pointers[fix.cell]
            related = sorted({i.anchor for i in fix.identities} - {ptr})
            yield ctx.finding(
                pointer=ptr, expected=fix.corrected, actual=fix.printed, related=related,
                reasons="；".join(i.zh for i in fix.identities),
                details={"kind": "correction", "identities": [i.key for i in fix.identities]},
                message_en=self.message_en.format(where=ctx.label(ptr, "en"), actual=fix.printed, expected=fix.corrected,
                                                  reasons="; ".join(i.en for i in fix.identities)))
        for failure in failures:
            ident = failure.identity
            cells = sorted({grid.pointers[i] for i in ident.left + ident.right} - {ident.anchor})
            yield ctx.finding(
                pointer=ident.anchor, expected=failure.right, actual=failure.left, related=cells,
                message=f"{ident.zh}，但按表中数字，应为 {failure.right}，实际为 {failure.left}；无法确定是哪一格填错，请逐项核对",
                message_en=f"{ident.en}, but the parts sum to {failure.right} while {failure.left} is printed; "
                           f"the faulty cell cannot be determined, check each one",
                details={"kind": "broken-sum", "identities": [ident.key]})


class Table3Totals(TotalsRule):
    """表三各项合计与勾稽关系成立（总计列、（七）总计、一+二=三+四）"""

    code = "T3-001"
    name = "table3-totals"
    summary_en = "table 3 sums and the official balance hold (total column, (7) total, 1+2 = 3+4)"
    table = "applications"
    why = ("表三每一列须满足表头注明的勾稽关系（第一项加第二项之和，等于第三项加第四项之和）；"
           "（七）总计是（一）至（六）之和（“部分公开”栏注明每件申请只计一种情形）；总计列是自然人与五类法人或其他组织之和。"
           "数字不平说明统计或填报有误，年报“内容不准确”会被督促整改或通报批评（条例第四十七条）。"
           "当一格填错导致多条关系同时不成立时，本规则只报告那一格及其应填数值。")
    basis = "国办公开办函〔2019〕60号、〔2021〕30号年报格式表三（勾稽关系注释、“只计这一情形”注释）；《政府信息公开条例》第五十条"

    def grid(self, version):
        return table3_grid(version)


class Table4Totals(TotalsRule):
    """表四行政复议、行政诉讼各组的总计等于各结果之和"""

    code = "T4-001"
    name = "table4-totals"
    summary_en = "table 4: each group's total equals upheld + corrected + other + pending"
    table = "review_and_litigation"
    why = ("行政复议、未经复议直接起诉、复议后起诉三组中，每件案件或已有结果（维持、纠正、其他）或尚未审结，"
           "所以总计必须等于四项之和。只有一条关系时无法判断是哪一格错，本规则报告总计格并列出各项。")
    basis = "国办公开办函〔2019〕60号、〔2021〕30号年报格式表四；《政府信息公开条例》第五十条（三）"

    def grid(self, version):
        return table4_grid()
