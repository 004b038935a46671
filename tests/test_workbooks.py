"""Excel workbooks of the report's tables (issue #30): read as the template lays them out, every cell right, the
faulty cell named by its sheet and cell, a formula's saved value checked as shown (and said when it is not
its sum, unknown when it was never saved), hidden sheets and rows not read, the sections said once to be
elsewhere, and a workbook checked with the report's text as one report (``--tables``)."""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from pathlib import Path

import pytest

from gzcheck.checker import Checker
from gzcheck.cli import main
from gzcheck.read.xlsx import read_xlsx

from .documents import docx_bytes, generate
from .test_scans import cells_read
from .workbooks import disguised_table4, text_only_docx, xlsx_bytes

pytest.importorskip("openpyxl", reason="openpyxl reads Excel workbooks")
pytest.importorskip("xlsxwriter", reason="XlsxWriter writes the test workbooks")

CHECKER = Checker()
TOTAL = "/applications/total/results/total"


def generated(count: int, seed: int):
    rng = random.Random(seed)
    for i in range(count):
        made = generate(rng)
        yield made, xlsx_bytes(made.report, random.Random(i))


def test_generated_workbooks_read_every_cell_right_and_name_the_faulty_one():
    faults = named = 0
    for made, data in generated(16, 30):
        result = CHECKER.check(data, name="tables.xlsx")
        report = result.report
        assert report["format_version"] == made.report["format_version"] and report["report_year"] == made.report["report_year"]
        right, unknown, wrong = cells_read(made.report, report)
        assert (unknown, wrong) == (0, 0), (right, unknown, wrong)
        errors = [f for f in result.findings if f.severity == "error"]
        if made.faulty:
            faults += 1
            hit = [f for f in errors if f.code.startswith("T3") and (f.pointer == made.faulty or made.faulty in f.related)]
            named += bool(hit)
            assert all(f.location and f.location.get("sheet") and f.location.get("ref") for f in hit if f.pointer == made.faulty)
        else:
            assert not errors, errors
        sections = [f for f in result.findings if f.code == "SEC-001"]
        assert len(sections) == 1 and sections[0].severity == "info"   # said once: the text is elsewhere
    assert faults and named == faults


def test_a_faulty_cell_is_named_by_its_sheet_and_cell(capsys, tmp_path):
    made = next(m for m, _ in generated(30, 7) if m.faulty and m.report["format_version"] == "2021")
    path = tmp_path / "表格.xlsx"
    path.write_bytes(xlsx_bytes(made.report, random.Random(1), one_sheet=False))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "工作表「表三」" in out and "单元格" in out and "/applications" not in out


def formula_total(saved) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    made = generate(random.Random(3), "2021")
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    data = xlsx_bytes(made.report, random.Random(5), one_sheet=True)
    book.close()
    # the (七)总计 row's total as a formula saved with ``saved`` (None: never calculated)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode()
        import re

        total = made.report["applications"]["total"]["results"]["total"]
        row = next(m for m in re.finditer(r'<row r="(\d+)"[^>]*>.*?</row>', sheet, re.S) if "（七）总计" in _strings(source, m.group(0)))
        cells = re.findall(r'<c r="([A-Z]+)\d+"[^>]*?(?:/>|>.*?</c>)', row.group(0), re.S)
        last = f"{cells[-1]}{row.group(1)}"
        value = "" if saved is None else f"<v>{saved}</v>"
        new_row = re.sub(rf'<c r="{last}"[^>]*?(?:/>|>.*?</c>)', f'<c r="{last}"><f>SUM(D{row.group(1)}:I{row.group(1)})</f>{value}</c>', row.group(0), flags=re.S)
        sheet = sheet.replace(row.group(0), new_row)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    assert total
    return out.getvalue()


def _strings(source: zipfile.ZipFile, row: str) -> str:
    """The row's text, its shared strings looked up."""
    import re

    shared = re.findall(r"<t[^>]*>(.*?)</t>", source.read("xl/sharedStrings.xml").decode(), re.S)
    return "".join(shared[int(i)] for i in re.findall(r'<c [^>]*t="s"[^>]*><v>(\d+)</v>', row)) + row


def test_a_total_typed_over_its_formula_is_checked_as_shown_and_said():
    made = generate(random.Random(3), "2021")
    right = made.report["applications"]["total"]["results"]["total"]
    result = CHECKER.check(formula_total(right + 7), name="t.xlsx")
    [wrong] = [f for f in result.findings if f.code == "T3-001" and f.pointer == TOTAL]
    assert (wrong.actual, wrong.expected) == (right + 7, right)
    said = [f for f in result.findings if f.code == "GZ-010" and "公式" in f.message]
    assert said and f"算得 {right}" in said[0].message and f"显示的是 {right + 7}" in said[0].message


def test_a_formula_never_saved_is_unknown_not_zero():
    result = CHECKER.check(formula_total(None), name="t.xlsx")
    assert TOTAL in (result.report.get("unread") or []) or (result.report["provenance"].get(TOTAL) or {}).get("status") == "derived"
    assert not [f for f in result.findings if f.severity == "error" and f.pointer == TOTAL]
    assert any(f.code == "GZ-010" and "没有保存计算结果" in f.message for f in result.findings)


def test_hidden_sheets_and_rows_are_not_read_and_are_named():
    rng = random.Random(11)
    made = next(m for m in (generate(rng, "2021") for _ in range(50)) if not m.faulty)
    # a hidden sheet and a hidden row with a different table 三 (a forgotten draft, or a hijacker's)
    other = json.loads(json.dumps(made.report))
    other["applications"]["total"]["results"]["total"] += 100
    result = CHECKER.check(xlsx_bytes(made.report, random.Random(2), one_sheet=False, hidden_draft=other), name="t.xlsx")
    assert not [f for f in result.findings if f.severity == "error"]
    said = " ".join(f.message for f in result.findings if f.code == "GZ-010")
    assert "隐藏的工作表「草稿」" in said and "工作表「表三」第" in said and "隐藏行" in said
    right, unknown, wrong = cells_read(made.report, result.report)
    assert (unknown, wrong) == (0, 0)


def test_white_text_and_hidden_columns_are_not_read_and_are_named():
    made = next(m for m in (generate(random.Random(k), "2021") for k in range(50)) if not m.faulty)
    result = CHECKER.check(disguised_table4(made.report, 999, [111, 222, 333, 444]), name="t.xlsx")
    table = result.report["review_and_litigation"]
    assert table == made.report["review_and_litigation"]            # what a reader sees, nothing more
    said = " ".join(f.message for f in result.findings if f.code == "GZ-010")
    assert "白色文字" in said and "隐藏列" in said and "「111 222 333 444」" in said, said
    assert "999" not in result.report["source"]["text"]


def test_a_workbook_bomb_or_entities_are_refused_clearly():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 120_000_000 + b"</a>")
    result = CHECKER.check(bomb.getvalue(), name="bomb.xlsx")
    assert result.status.value == "error" and "压缩炸弹" in result.findings[0].message
    entities = io.BytesIO()
    with zipfile.ZipFile(entities, "w") as z:
        z.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>')
    result = CHECKER.check(entities.getvalue(), name="x.xlsx")
    assert result.status.value == "error" and "实体" in result.findings[0].message


def test_the_report_text_and_its_tables_workbook_are_checked_as_one(tmp_path, capsys):
    made = next(m for m, _ in generated(30, 12) if m.faulty and not m.narrative_wrong)
    (tmp_path / "年报.docx").write_bytes(text_only_docx(made.report))
    (tmp_path / "表格.xlsx").write_bytes(xlsx_bytes(made.report, random.Random(4)))
    code = main(["check", str(tmp_path / "年报.docx"), "--tables", str(tmp_path / "表格.xlsx"), "--format", "json"])
    document = json.loads(capsys.readouterr().out)["reports"][0]
    codes = [f["code"] for f in document["findings"] if f["severity"] == "error"]
    assert code == 1 and "T3-001" in codes and "SEC-001" not in codes
    alone = CHECKER.check(tmp_path / "年报.docx")
    assert "SEC-001" not in [f.code for f in alone.findings]   # the text alone has every section


def test_a_sheet_reads_as_rows_of_cells_with_merged_cells_once():
    made = generate(random.Random(1), "2021")
    book = read_xlsx(xlsx_bytes(made.report, random.Random(0), one_sheet=True))
    lines = book.text.split("\n")
    header = next(line for line in lines if "申请人情况" in line)
    assert header.count("申请人情况") == 1   # merged over seven columns, read once
    assert any(where.get("sheet") == "年报表格" and where.get("ref") for _, where in book.spans)


@pytest.mark.libreoffice
def test_an_old_xls_is_read_through_libreoffice(tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice converts .xls")
    made = next(m for m, _ in generated(30, 21) if m.faulty)
    (tmp_path / "t.xlsx").write_bytes(xlsx_bytes(made.report, random.Random(3)))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(tmp_path / "t.xlsx")], capture_output=True, timeout=180, check=False)
    if not (tmp_path / "t.xls").is_file():
        pytest.skip("this LibreOffice has no spreadsheet component (libreoffice-calc) to write or convert .xls")
    result = CHECKER.check(tmp_path / "t.xls")
    right, unknown, wrong = cells_read(made.report, result.report)
    assert (unknown, wrong) == (0, 0)
    assert any(f.code == "T3-001" and (f.pointer == made.faulty or made.faulty in f.related) for f in result.findings)
    assert any("LibreOffice" in f.message for f in result.findings)


def test_a_report_that_prints_other_numbers_than_its_workbook_is_told_so():
    made = next(m for m, _ in generated(30, 12) if m.faulty and not m.narrative_wrong)
    printed = json.loads(json.dumps(made.report))
    printed["applications"] = json.loads(json.dumps(made.report["applications"]))
    from .strategies import set_at

    set_at(printed, made.faulty, made.original)   # the report's own table is right; the workbook's is not
    result = CHECKER.check(docx_bytes(printed), name="年报.docx", tables=xlsx_bytes(made.report, random.Random(4)),
                           tables_name="表格.xlsx")
    [told] = [f for f in result.findings if f.code == "GZ-010" and "表格文件 表格.xlsx 不同" in f.message]
    assert told.severity == "warning" and "正文也印有表三" in told.message
    assert any(f.code == "T3-001" for f in result.findings)            # the workbook's numbers are what was checked
    assert not any("找不到统计年度" in f.message for f in result.findings)   # the workbook's guesses stay behind


def test_a_batch_checks_a_document_with_the_workbook_beside_it_of_the_same_name(tmp_path):
    made = [m for m, _ in generated(30, 12) if m.faulty and not m.narrative_wrong][:2]
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "年报.docx").write_bytes(text_only_docx(made[0].report))
    (folder / "年报附表.xlsx").write_bytes(xlsx_bytes(made[0].report, random.Random(4)))
    (folder / "另一份.xlsx").write_bytes(xlsx_bytes(made[1].report, random.Random(5)))

    def rows(*flags):
        out = tmp_path / ("out" + "".join(flags))
        main(["batch", str(folder), "--output", str(out), "--jobs", "1", *flags])
        return {Path(r["文件"]).name: r for r in csv.DictReader(open(out / "summary.csv", encoding="utf-8-sig"))}

    paired = rows()
    assert set(paired) == {"年报.docx", "另一份.xlsx"}
    assert paired["年报.docx"]["结论"] == "不通过" and "T3-001" in paired["年报.docx"]["主要问题"]
    together = CHECKER.check(folder / "年报.docx", tables=folder / "年报附表.xlsx")
    assert paired["年报.docx"]["错误"] == str(together.counts()["error"])
    alone = rows("--no-pair-tables")
    assert set(alone) == {"年报.docx", "年报附表.xlsx", "另一份.xlsx"} and "T3-001" not in alone["年报.docx"]["主要问题"]
