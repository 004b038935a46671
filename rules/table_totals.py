"""Sum checks of tables 三 and 四, naming the faulty cell rather than every broken sum."""

from __future__ import annotations

from gzcheck import Rule

from .grid import fill_blank_totals, localise

CERTAIN_READINGS = {  # why printed digits could not be placed, when it is certain the row is wrong
    "no-split-fits-row": "no way of placing its digits makes its total the sum of its parts",
    "every-split-breaks-columns": "every way of placing its digits breaks a column's sum",
}


def row_of(ptr: str) -> tuple[str, ...]:
    """The row of a table cell: table 三's pointer without its column; table 四 is one printed run."""
    parts = ptr.split("/")
    return tuple(parts[3:]) if parts[1] == "applications" else ()


class TotalsRule(Rule):
    """Shared check(): localise the faulty cell, else report each broken identity."""

    message = "{where}填报为 {actual}，应为 {expected}（{reasons}）"
    message_en = "{where} is printed as {actual} but should be {expected} ({reasons})"
    table = ""

    def check(self, report, ctx):
        view = ctx.table(self.table)
        if view is None:
            return
        grid, values, blanks = view.grid, list(view.values), view.blanks
        if not view.unknown and blanks.isdisjoint(grid.totals) and not any(grid.residuals(values)):
            return  # every cell read, no total left blank, every sum holds: the common case, in one call
        known = [ident for ident in grid.identities if view.known(ident)]  # an unread cell is never counted as 0
        yield from self._printed_contradictions(ctx, report, view)
        yield from self._certain_contradictions(ctx, view)
        for cell, ident in sorted(fill_blank_totals(known, values, blanks).items()):
            if values[cell]:  # a blank total over parts that are not all zero: the total is missing
                ptr = grid.pointers[cell]
                yield ctx.finding(
                    pointer=ptr, expected=values[cell], actual=None, related=sorted({grid.pointers[i] for i in ident.right + ident.left} - {ptr}),
                    message=f"{ctx.label(ptr)}是空白，按“{ident.zh}”应填 {values[cell]}",
                    message_en=f"{ctx.label(ptr, 'en')} is blank; by '{ident.en}' it should be {values[cell]}",
                    details={"kind": "blank-total", "identities": [ident.key]})
        memberships = [[i for i in mine if view.known(i)] for mine in grid.memberships] if view.unknown else grid.memberships
        fixes, failures = localise(known, values, memberships, None if view.unknown else grid.residuals)
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


    def _printed_contradictions(self, ctx, report, view):
        """A row whose digits are printed but fit no reading (extraction marks it ``printed``): certainly wrong,
        whatever the unread cells would be — said once per row, with the digits as printed."""
        provenance = report.get("provenance") or {}
        rows: dict[tuple, list[str]] = {}
        for ptr in view.grid.pointers:
            entry = provenance.get(ptr) or {}
            if view.is_unread(ptr) and entry.get("status") == "printed" and entry.get("reading") in CERTAIN_READINGS:
                rows.setdefault((entry.get("raw"), entry.get("line"), entry.get("page"), row_of(ptr)), []).append(ptr)
        for (raw, *_), cells in rows.items():
            anchor = next((p for p in cells if p.split("/")[2] == "total"), cells[0])
            note = (provenance.get(anchor) or {}).get("inferred") or f"印的「{raw}」无法与表内合计相符"
            reading = provenance[anchor]["reading"]
            yield ctx.finding(
                pointer=anchor, actual=raw, related=[p for p in cells if p != anchor],
                message=f"{note}；这一行一定有误（印出的数字不能由合计来改写），请对照原件核对",
                message_en=f"the row printed as '{raw}': {CERTAIN_READINGS[reading]}; it is certainly wrong (printed digits are "
                           f"checked by the sums, not rewritten by them): check it against the original",
                details={"kind": "printed-contradiction", "printed": raw, "reading": reading})

    def _certain_contradictions(self, ctx, view):
        """A sum through unread cells that no count could make hold: the printed parts already exceed the
        printed total (the unread cells all on one side). Only certain errors; everything else stays unverified."""
        grid, values = view.grid, view.values
        if not view.unknown:
            return
        for ident in grid.identities:
            if view.known(ident):
                continue
            open_left = any(c in view.unknown for c in ident.left)
            open_right = any(c in view.unknown for c in ident.right)
            if open_left and open_right:
                continue
            known_left = sum(values[c] for c in ident.left if c not in view.unknown)
            known_right = sum(values[c] for c in ident.right if c not in view.unknown)
            # unread cells are counts (>= 0): the side that holds them can only grow
            open_side, closed_side = (known_right, known_left) if open_right else (known_left, known_right)
            if open_side > closed_side:
                unread = sorted(grid.pointers[c] for c in ident.left + ident.right if c in view.unknown)
                yield ctx.finding(
                    pointer=ident.anchor, related=unread, expected=f">= {open_side}", actual=closed_side,
                    message=f"{ident.zh}，但即使未能读取的 {len(unread)} 格都按0计，含有它们的一边已是 {open_side}，"
                            f"另一边只有 {closed_side}，这一关系不可能成立；请逐项核对",
                    message_en=f"{ident.en}, but even with the {len(unread)} unread cell(s) at 0 their side is already {open_side} "
                               f"and the other side only {closed_side}: it cannot hold; check each cell",
                    details={"kind": "certain-contradiction", "identities": [ident.key], "unread": unread})


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
    why_en = 'Each column of table 3 must satisfy the balance printed in its header (1 + 2 = 3 + 4); (7) total is the sum of results (1) to (6) (each application counted once); the total column is natural persons plus the five organisation columns. Sums that do not add up mean the statistics or the form are wrong, and an inaccurate report is corrected or criticised (Art. 47). When one wrong cell breaks several sums, only that cell is reported, with its value.'
    basis = "国办公开办函〔2019〕60号、〔2021〕30号年报格式表三（勾稽关系注释、“只计这一情形”注释）；《政府信息公开条例》第五十条"


class Table4Totals(TotalsRule):
    """表四行政复议、行政诉讼各组的总计等于各结果之和"""

    code = "T4-001"
    name = "table4-totals"
    summary_en = "table 4: each group's total equals upheld + corrected + other + pending"
    table = "review_and_litigation"
    why = ("行政复议、未经复议直接起诉、复议后起诉三组中，每件案件或已有结果（维持、纠正、其他）或尚未审结，"
           "所以总计必须等于四项之和。只有一条关系时无法判断是哪一格错，本规则报告总计格并列出各项。")
    why_en = 'In administrative review, and in litigation with or without review, every case either has a result (upheld, corrected, other) or is pending, so each total must equal the four parts. With one sum the faulty cell cannot be told: the total is reported with its parts.'
    basis = "国办公开办函〔2019〕60号、〔2021〕30号年报格式表四；《政府信息公开条例》第五十条（三）"
