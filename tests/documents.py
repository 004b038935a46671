"""Reports rendered as Word documents laid out like the national template (python-docx): merged header
cells, the vertical 三、本年度办理结果 label, group labels spanning their sub-rows, blank and "/" cells, a
narrative paragraph, and in half of them one faulty table-三 cell. Shared by the tests, the accuracy
bench and tests/data/documents/make_fixtures.py (which also exports some to PDF with LibreOffice).
"""

from __future__ import annotations

import copy
import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from gzcheck.model.template import template

from .pages import SECTION_HEADINGS
from .strategies import consistent_report, get_at, set_at

T4_GROUPS = [("行政复议", ""), ("行政诉讼", "未经复议直接起诉"), ("", "复议后起诉")]
T4_LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


@dataclass
class Generated:
    report: dict                 # what the document prints (blank cells as None)
    faulty: str | None           # the pointer of the changed cell, if any
    original: int | None         # its value before the change
    narrative_wrong: bool        # the narrative states a number the table does not


def generate(rng: random.Random, version: str | None = None) -> Generated:
    version = version or rng.choice(("2019", "2021"))
    report = consistent_report(version, lambda lo, hi: rng.randint(lo, hi))
    report["agency"] = rng.choice(["示例市交通运输局", "示例县人民政府", "示例区教育局", "示例市人民政府办公室"])
    report["report_year"] = rng.choice((2019, 2020)) if version == "2019" else rng.randint(2021, 2025)
    report["published_date"] = f"{report['report_year'] + 1}-01-{rng.randint(10, 28)}"
    total = report["applications"]["total"]
    narrative_wrong = rng.random() < 0.3
    stated = total["new_received"] + (rng.randint(1, 9) if narrative_wrong else 0)
    report["sections"]["applications"]["text"] = (f"本年度共收到政府信息公开申请{stated}件，"
                                                  f"予以公开{total['results']['granted']}件。")
    faulty = original = None
    if rng.random() < 0.5:
        cells = [c.pointer for c in template(version).table_cells("applications")]
        faulty = rng.choice(cells)
        original = get_at(report, faulty)
        set_at(report, faulty, original + rng.randint(1, 20))
    for cell in template(version).table_cells("applications") + template(version).table_cells("review_and_litigation"):
        if cell.pointer != faulty and get_at(report, cell.pointer) == 0 and rng.random() < 0.15:
            set_at(report, cell.pointer, None)  # blank as printed ("" or "/")
    return Generated(report, faulty, original, narrative_wrong)


def write_docx(generated: Generated, path: Path, rng: random.Random, ruled: bool = False) -> None:
    """The report as a Word document; ``ruled``: its tables with ruling lines (as printed and scanned)."""
    from docx import Document

    report = generated.report
    doc = Document()
    style = "Table Grid" if ruled else None
    doc.add_paragraph(f"{report['agency']}{report['report_year']}年政府信息公开工作年度报告")
    doc.add_paragraph(f"发布日期：{report['published_date']}")
    for key, heading in SECTION_HEADINGS.items():
        doc.add_paragraph(heading)
        if key == "active_disclosure":
            _table2(doc, report, style)
        elif key == "applications":
            doc.add_paragraph(report["sections"][key]["text"])
            _table3(doc, report, rng, style)
        elif key == "review_and_litigation":
            _table4(doc, report, rng, style)
        else:
            for line in report["sections"][key]["text"].split("\n"):
                doc.add_paragraph(line)
    doc.save(str(path))


def _show(value, rng: random.Random) -> str:
    if value is None:
        return rng.choice(["", "/"])
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _table2(doc, report, style: str | None) -> None:
    tpl = template(report["format_version"])
    for block in tpl.keys_at("active_disclosure"):
        rows = tpl.keys_at("active_disclosure", block)
        cells = [c for c in tpl.table_cells("active_disclosure") if c.path[1] == block]
        columns = [c.labels_zh[-1] for c in cells if c.path[2] == rows[0]]
        table = doc.add_table(rows=2 + len(rows), cols=1 + len(columns), style=style)
        caption = table.cell(0, 0).merge(table.cell(0, len(columns)))
        caption.text = cells[0].labels_zh[1]
        table.cell(1, 0).text = "信息内容"
        for j, name in enumerate(columns, start=1):
            table.cell(1, j).text = name
        for i, row in enumerate(rows, start=2):
            row_cells = [c for c in cells if c.path[2] == row]
            table.cell(i, 0).text = row_cells[0].labels_zh[2]
            for j, cell in enumerate(row_cells, start=1):
                value = get_at(report, cell.pointer)
                table.cell(i, j).text = "" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))


def _table3(doc, report, rng: random.Random, style: str | None) -> None:
    tpl = template(report["format_version"])
    first = tpl.keys_at("applications")[0]
    rows = [c for c in tpl.table_cells("applications") if c.path[1] == first]
    columns = tpl.keys_at("applications")
    table = doc.add_table(rows=3 + len(rows), cols=3 + 7, style=style)
    corner = table.cell(0, 0).merge(table.cell(2, 2))
    corner.text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    table.cell(0, 3).merge(table.cell(0, 9)).text = "申请人情况"
    table.cell(1, 3).merge(table.cell(2, 3)).text = "自然人"
    table.cell(1, 4).merge(table.cell(1, 8)).text = "法人或其他组织"
    table.cell(1, 9).merge(table.cell(2, 9)).text = "总计"
    for j, name in enumerate(T3_COLUMNS[1:6], start=4):
        table.cell(2, j).text = name
    results = [i for i, c in enumerate(rows, start=3) if c.path[2] == "results"]
    table.cell(results[0], 0).merge(table.cell(results[-1], 0)).text = "三、本年度办理结果"
    groups: dict[str, list[int]] = {}
    for i, cell in enumerate(rows, start=3):
        if len(cell.path) == 5:  # a sub-row of a group: (三)不予公开 → 1.属于国家秘密
            groups.setdefault(cell.labels_zh[-2], []).append(i)
    for label, at in groups.items():
        table.cell(at[0], 1).merge(table.cell(at[-1], 1)).text = label
    for i, cell in enumerate(rows, start=3):
        if cell.path[2] != "results":
            table.cell(i, 0).merge(table.cell(i, 2)).text = cell.labels_zh[-1]
        elif len(cell.path) == 5:
            table.cell(i, 2).text = cell.labels_zh[-1]
        else:
            table.cell(i, 1).merge(table.cell(i, 2)).text = cell.labels_zh[-1]
        for j, column in enumerate(columns, start=3):
            ptr = "/" + "/".join(("applications", column) + cell.path[2:])
            table.cell(i, j).text = _show(get_at(report, ptr), rng)


def _table4(doc, report, rng: random.Random, style: str | None) -> None:
    table = doc.add_table(rows=4, cols=15, style=style)
    table.cell(0, 0).merge(table.cell(1, 4)).text = "行政复议"
    table.cell(0, 5).merge(table.cell(0, 14)).text = "行政诉讼"
    table.cell(1, 5).merge(table.cell(1, 9)).text = "未经复议直接起诉"
    table.cell(1, 10).merge(table.cell(1, 14)).text = "复议后起诉"
    for j in range(15):
        table.cell(2, j).text = T4_LEAVES[j % 5]
    for j, cell in enumerate(template("2021").table_cells("review_and_litigation")):
        table.cell(3, j).text = _show(get_at(report, cell.pointer), rng)


def expected_cells(generated: Generated) -> dict[str, object]:
    report = copy.deepcopy(generated.report)
    version = report["format_version"]
    return {c.pointer: get_at(report, c.pointer) for c in template(version).table_cells("applications")
            + template(version).table_cells("review_and_litigation")}


_GRANTED_ROW = re.compile(r"<w:tr>(?:(?!</w:tr>).)*予以公开(?:(?!</w:tr>).)*</w:tr>", re.S)


def docx_bytes(report: dict, ruled: bool = False) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.docx"
        write_docx(Generated(report, None, None, False), path, random.Random(1), ruled)
        return path.read_bytes()


def replace_part(docx: bytes, name: str, change) -> bytes:
    """A copy of a .docx with ``change(text) -> text`` applied to one XML part."""
    source, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data.decode("utf-8")).encode("utf-8") if info.filename == name else data)
    return out.getvalue()


def faulty_with_hidden_copy(run_properties: str) -> bytes:
    """The 2021 example as .docx with its （一）予以公开 row wrong by 5 (自然人), and before that row a copy of
    the correct one whose runs carry ``run_properties`` (w:rPr content: white, 1 pt …) — the way a draft can
    hide a right row from readers and show them a wrong one."""
    from gzcheck.testing import example_report

    report = example_report("report-2021.json")
    right = _GRANTED_ROW.search(zipfile.ZipFile(io.BytesIO(docx_bytes(report))).read("word/document.xml").decode()).group()
    report["applications"]["natural_person"]["results"]["granted"] += 5
    hidden = right.replace("<w:r>", f"<w:r><w:rPr>{run_properties}</w:rPr>")
    return replace_part(docx_bytes(report), "word/document.xml",
                        lambda xml: _GRANTED_ROW.sub(lambda m: hidden + m.group(), xml, count=1))
