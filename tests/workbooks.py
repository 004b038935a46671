"""Reports' tables as agencies fill them in Excel (XlsxWriter, which saves a formula with its value as Excel
does): tables 二/三/四 laid out as the template prints them — merged headers, the vertical 三、本年度办理结果
label, group labels over their sub-rows — one sheet per table or all on one sheet under their headings,
blank and "/" cells, some numbers stored as text, and the 总计 column as SUM formulas saved with the value
the sheet shows (a faulty total is a formula typed over: its saved value is not its sum)."""

from __future__ import annotations

import io
import random

from gzcheck.model.template import template

from .documents import T3_COLUMNS, T4_LEAVES
from .pages import SECTION_HEADINGS
from .strategies import get_at

HEADINGS = {key: SECTION_HEADINGS[key] for key in ("active_disclosure", "applications", "review_and_litigation")}


def xlsx_bytes(report: dict, rng: random.Random, one_sheet: bool | None = None, hidden_draft: dict | None = None) -> bytes:
    """``hidden_draft``: another report whose table 三 is on a hidden sheet, and as a hidden row under table 三."""
    import xlsxwriter  # type: ignore[import-untyped]

    one_sheet = rng.random() < 0.5 if one_sheet is None else one_sheet
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet, row = None, 0
    for key, draw in (("active_disclosure", _table2), ("applications", _table3), ("review_and_litigation", _table4)):
        if sheet is None or not one_sheet:
            sheet, row = book.add_worksheet("年报表格" if one_sheet else f"表{'二三四'[list(HEADINGS).index(key)]}"), 0
            if key == "active_disclosure":   # the workbook's title, on its first sheet
                sheet.write(0, 0, f"{report['agency']}{report['report_year']}年政府信息公开工作年度报告（表格）")
                row = 2
        sheet.write(row, 0, HEADINGS[key])
        row = draw(sheet, report, rng, row + 1) + 1
        if hidden_draft is not None and key == "applications":
            total = hidden_draft["applications"]["total"]
            sheet.write_row(row - 1, 0, ["（七）总计", "", "", *[hidden_draft["applications"][c]["results"]["total"] for c in hidden_draft["applications"]]])
            sheet.set_row(row - 1, None, None, {"hidden": True})
            assert total
            row += 1
    if hidden_draft is not None:
        draft = book.add_worksheet("草稿")
        _table3(draft, hidden_draft, rng, 0)
        draft.hide()
    book.close()
    return out.getvalue()


def _put(sheet, row: int, col: int, value, rng: random.Random) -> None:
    if value is None:
        sheet.write_string(row, col, rng.choice(["", "/"]))
    elif isinstance(value, float):
        sheet.write_number(row, col, value)
    elif rng.random() < 0.2:
        sheet.write_string(row, col, str(value))   # a number stored as text
    else:
        sheet.write_number(row, col, value)


def _total(sheet, row: int, col: int, first: int, last: int, value, rng: random.Random) -> None:
    """A 总计 cell as a SUM of the cells before it, saved with ``value`` (what the sheet shows)."""
    from xlsxwriter.utility import xl_rowcol_to_cell  # type: ignore[import-untyped]

    if value is None or rng.random() < 0.3:
        _put(sheet, row, col, value, rng)
        return
    sheet.write_formula(row, col, f"=SUM({xl_rowcol_to_cell(row, first)}:{xl_rowcol_to_cell(row, last)})", None, value)


def _table2(sheet, report: dict, rng: random.Random, row: int) -> int:
    tpl = template(report["format_version"])
    for block in tpl.keys_at("active_disclosure"):
        rows = tpl.keys_at("active_disclosure", block)
        cells = [c for c in tpl.table_cells("active_disclosure") if c.path[1] == block]
        columns = [c.labels_zh[-1] for c in cells if c.path[2] == rows[0]]
        sheet.merge_range(row, 0, row, len(columns), cells[0].labels_zh[1])
        sheet.write(row + 1, 0, "信息内容")
        for j, name in enumerate(columns, start=1):
            sheet.write(row + 1, j, name)
        row += 2
        for key in rows:
            row_cells = [c for c in cells if c.path[2] == key]
            sheet.write(row, 0, row_cells[0].labels_zh[2])
            for j, cell in enumerate(row_cells, start=1):
                _put(sheet, row, j, get_at(report, cell.pointer), rng)
            row += 1
    return row


def _table3(sheet, report: dict, rng: random.Random, row: int) -> int:
    tpl = template(report["format_version"])
    first = tpl.keys_at("applications")[0]
    rows = [c for c in tpl.table_cells("applications") if c.path[1] == first]
    columns = tpl.keys_at("applications")
    top = row
    sheet.merge_range(top, 0, top + 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    sheet.merge_range(top, 3, top, 9, "申请人情况")
    sheet.merge_range(top + 1, 3, top + 2, 3, "自然人")
    sheet.merge_range(top + 1, 4, top + 1, 8, "法人或其他组织")
    sheet.merge_range(top + 1, 9, top + 2, 9, "总计")
    for j, name in enumerate(T3_COLUMNS[1:6], start=4):
        sheet.write(top + 2, j, name)
    body = top + 3
    results = [body + i for i, c in enumerate(rows) if c.path[2] == "results"]
    sheet.merge_range(results[0], 0, results[-1], 0, "三、本年度办理结果")
    groups: dict[str, list[int]] = {}
    for i, cell in enumerate(rows):
        if len(cell.path) == 5:
            groups.setdefault(cell.labels_zh[-2], []).append(body + i)
    for label, at in groups.items():
        sheet.merge_range(at[0], 1, at[-1], 1, label)
    for i, cell in enumerate(rows):
        r = body + i
        if cell.path[2] != "results":
            sheet.merge_range(r, 0, r, 2, cell.labels_zh[-1])
        elif len(cell.path) == 5:
            sheet.write(r, 2, cell.labels_zh[-1])
        else:
            sheet.merge_range(r, 1, r, 2, cell.labels_zh[-1])
        for j, column in enumerate(columns, start=3):
            value = get_at(report, "/" + "/".join(("applications", column) + cell.path[2:]))
            if column == "total":
                _total(sheet, r, j, 3, j - 1, value, rng)
            else:
                _put(sheet, r, j, value, rng)
    return body + len(rows)


def disguised_table4(report: dict, white: int, hidden_column: list[int]) -> bytes:
    """A workbook of table 四 alone (one sheet, with its heading) whose 行政复议「总计」 is also printed as
    ``white`` in white text in the cell after the table, and a hidden column after it holds ``hidden_column``
    — numbers a reader of the sheet does not see."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("表四")
    sheet.write(0, 0, f"{report['agency']}{report['report_year']}年政府信息公开工作年度报告")
    sheet.write(2, 0, HEADINGS["review_and_litigation"])
    row = _table4(sheet, report, random.Random(0), 3, formulas=False)
    sheet.write_number(row - 1, 15, white, book.add_format({"font_color": "#FFFFFF"}))
    for i, value in enumerate(hidden_column):
        sheet.write_number(row - 4 + i, 16, value)
    sheet.set_column(16, 16, None, None, {"hidden": True})
    book.close()
    return out.getvalue()


def _table4(sheet, report: dict, rng: random.Random, row: int, formulas: bool = True) -> int:
    sheet.merge_range(row, 0, row + 1, 4, "行政复议")
    sheet.merge_range(row, 5, row, 14, "行政诉讼")
    sheet.merge_range(row + 1, 5, row + 1, 9, "未经复议直接起诉")
    sheet.merge_range(row + 1, 10, row + 1, 14, "复议后起诉")
    for j in range(15):
        sheet.write(row + 2, j, T4_LEAVES[j % 5])
    for j, cell in enumerate(template("2021").table_cells("review_and_litigation")):
        value = get_at(report, cell.pointer)
        if j % 5 == 4 and formulas:
            _total(sheet, row + 3, j, j - 4, j - 1, value, rng)
        else:
            _put(sheet, row + 3, j, value, rng)
    return row + 4


def text_only_docx(report: dict) -> bytes:
    """The report's text as a Word document whose tables are "in the attached workbook"."""
    from docx import Document

    doc = Document()
    doc.add_paragraph(f"{report['agency']}{report['report_year']}年政府信息公开工作年度报告")
    for key, heading in SECTION_HEADINGS.items():
        doc.add_paragraph(heading)
        text = report["sections"][key].get("text") or ""
        if key in HEADINGS:
            text = (text + "\n" if key == "applications" else "") + "具体情况详见附件表格。"
        for line in text.split("\n"):
            doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
