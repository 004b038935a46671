"""Tables 二, 三 and 四: present, filled in, and blank cells called out."""

from __future__ import annotations

import datetime as dt

from gzcheck import Rule
from gzcheck.model.template import TABLE_KEYS, TABLE_NAMES



def printed_tables(report, ctx):
    """(table, its cells printed blank, how many cells) for each table the report has (unread cells are not blank)."""
    for table in TABLE_KEYS:
        if report.get(table) is not None:
            yield (table, *ctx.facts.blanks(table))


class TablesPresent(Rule):
    """表二、表三、表四都已填报，且不是只有表头没有数字"""

    code = "TBL-001"
    name = "tables-present"
    summary_en = "tables 2, 3 and 4 are present and hold numbers"
    why = ("三张统计表是年报格式的固定内容，分别对应条例第五十条（一）至（三）项。"
           "印了表头却一个数字都没填，与“全部为0”不同：读者无法判断是没有发生还是没有统计，应视为未填报。")
    why_en = 'The three tables are fixed parts of the template, for Art. 50(1)-(3). A table printed with labels but no number at all is not the same as all zeros: readers cannot tell nothing happened from nothing was counted.'
    basis = "《政府信息公开条例》第五十条；国办公开办函〔2019〕60号、〔2021〕30号年报格式表二至表四"

    def check(self, report, ctx):
        for table in TABLE_KEYS:
            if report.get(table) is None:
                name_zh, name_en = TABLE_NAMES[table]
                yield ctx.finding(pointer=f"/{table}", message=f"缺少{name_zh}", message_en=f"{name_en} is missing")
        for table, blanks, total in printed_tables(report, ctx):
            name_zh, name_en = TABLE_NAMES[table]
            if blanks and len(blanks) == total:  # a table that is there but unread is a reading gap, never this
                yield ctx.finding(pointer=f"/{table}", actual=None,
                                  message=f"{name_zh}只有表头，没有填写任何数字（没有数据，不等于全部为0）",
                                  message_en=f"{name_en} has labels but no numbers at all (no data, which is not the same as all zeros)")


class BlankCells(Rule):
    """表中空白的格子（按0计算，但应填写0）"""

    code = "TBL-002"
    name = "blank-cells"
    severity = "warning"
    summary_en = "blank table cells (counted as 0, but 0 should be written)"
    why = ("空白格无法区分“0”和“漏填”。计算合计时按0处理，但应在表中明确填写0；"
           "“/”“—”“无”“不适用”表示不适用，也记为空白。")
    why_en = 'A blank cell cannot be told apart from a forgotten one. Sums count it as 0, but 0 should be written; /, —, 无 and 不适用 also count as blank.'
    basis = "国办公开办函〔2019〕60号、〔2021〕30号年报格式（统计表各栏均应填写）"

    def check(self, report, ctx):
        for table, blanks, total in printed_tables(report, ctx):
            if not blanks or len(blanks) == total:
                continue  # a wholly blank table is TBL-001's "no data"
            name_zh, name_en = TABLE_NAMES[table]
            shown = "、".join(ctx.label(p).removeprefix(name_zh) for p in blanks[:3]) + ("等" if len(blanks) > 3 else "")
            yield ctx.finding(pointer=f"/{table}", related=blanks, actual=len(blanks),
                              message=f"{name_zh}有 {len(blanks)} 个空白格（{shown}），计算时按0处理，请填写0",
                              message_en=f"{name_en} has {len(blanks)} blank cells, counted as 0; write 0 in them")


class FormatMatchesYear(Rule):
    """格式版本与统计年度相符（2019—2020年度用2019年格式，2021年度起用2021年格式）"""

    code = "FMT-001"
    name = "format-matches-year"
    summary_en = "format_version matches report_year (2019-2020: 2019 template; 2021 on: 2021 template)"
    why = ("国办公开办函〔2019〕60号格式用于2019、2020年度报告；〔2021〕30号格式自2021年度报告起使用。"
           "2018年度及以前的报告适用旧条例，不在本工具的检查范围。")
    why_en = 'The 2019 template (国办公开办函〔2019〕60号) is for the 2019 and 2020 reports, the 2021 template (〔2021〕30号) from the 2021 report on. Reports for 2018 and before follow the old regulations and are out of scope; a year that has not come yet is a typo.'
    basis = "国办公开办函〔2019〕60号；国办公开办函〔2021〕30号"

    def check(self, report, ctx):
        year, version = report["report_year"], report["format_version"]
        if year < 2019:
            yield ctx.finding(pointer="/report_year", actual=year, expected=">= 2019",
                              message=f"{year}年度报告适用2019年以前的旧格式，不能按现行年报格式检查",
                              message_en=f"a {year} report follows the pre-2019 regime and cannot be checked against the current templates")
            return
        this_year = dt.date.today().year
        if year > this_year:
            yield ctx.finding(pointer="/report_year", actual=year, expected=f"<= {this_year}",
                              message=f"统计年度 {year} 还没有到（今年是 {this_year} 年），请核对年度",
                              message_en=f"report year {year} has not come yet (this is {this_year}); check the year")
            return
        expected = "2019" if year <= 2020 else "2021"
        if version != expected:
            yield ctx.finding(pointer="/format_version", expected=expected, actual=version,
                              message=f"{year}年度报告应使用 {expected} 年格式，但报告的表格按 {version} 年格式填写",
                              message_en=f"a {year} report must use the {expected} template, but its tables follow the {version} template")


class Table2Disclosed(Rule):
    """表二（2019年格式）本年新公开数量不超过对外公开总数量"""

    code = "T2-001"
    name = "table2-disclosed"
    severity = "warning"
    summary_en = "table 2 (2019 template): newly disclosed this year does not exceed the total disclosed"
    message = "{where}为 {actual}，超过了对外公开总数量 {total}"
    message_en = "{where} is {actual}, more than the total disclosed ({total})"
    why = "对外公开总数量包含本年新公开的文件，所以本年新公开数量不应大于对外公开总数量。"
    why_en = 'The total disclosed includes the documents newly disclosed this year, so the new ones cannot outnumber it.'
    basis = "国办公开办函〔2019〕60号年报格式表二第二十条第（一）项"

    def check(self, report, ctx):
        table = report.get("active_disclosure")
        if report["format_version"] != "2019" or table is None:
            return
        for row_key, row in table["art20_1"].items():
            new, total = row["new_disclosed_count"], row["total_disclosed_count"]
            if new is not None and total is not None and new > total:  # unread cells are null: never compared
                yield ctx.finding(pointer=f"/active_disclosure/art20_1/{row_key}/new_disclosed_count", actual=new, expected=f"<= {total}", total=total,
                                  related=[f"/active_disclosure/art20_1/{row_key}/total_disclosed_count"])
