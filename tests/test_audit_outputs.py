"""What an auditor sends on (issue #28, 4): audit.xlsx with a row per report and a row per finding, summary.csv
in the chosen language, and an audit report in that language whose links survive the folder being sent."""

import csv
import html
import json
import re
from pathlib import Path

import pytest

from gzcheck.cli import main
from gzcheck.testing import example_report

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl (the test extra) reads the workbook back")


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """Four reports of our own, two with a faulty cell, batched in Chinese and in English."""
    root = tmp_path_factory.mktemp("audit")
    inputs = root / "reports"
    inputs.mkdir()
    for i, name in enumerate(("report-2019.json", "report-2021.json") * 2):
        report = example_report(name)
        report["agency"] = f"示例县第{i}局"
        if i >= 2:
            report["applications"]["total"]["results"]["total"] += i
        (inputs / f"r{i}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    for lang in ("zh", "en"):
        assert main(["batch", str(inputs), "--jobs", "1", "--lang", lang, "--output", str(root / lang)]) == 1
    return inputs, root


def json_findings(capsys, inputs: Path) -> list[dict]:
    main(["check", str(inputs), "--format", "json"])
    return [dict(f, input=r["input"]) for r in json.loads(capsys.readouterr().out)["reports"] for f in r["findings"]]


def test_the_workbook_has_a_row_per_report_and_a_row_per_finding(capsys, audited):
    inputs, root = audited
    book = openpyxl.load_workbook(root / "zh" / "audit.xlsx")
    reports, findings = book["报告"], book["问题"]
    header = [c.value for c in reports[1]]
    assert header[:5] == ["机关", "年度", "格式", "文件", "结论"] and "办结率" in header and "公开率" in header
    assert reports.freeze_panes == "A2" and findings.freeze_panes == "A2" and reports.auto_filter.ref and findings.auto_filter.ref
    assert sorted(row[4] for row in reports.iter_rows(min_row=2, values_only=True)) == ["不通过", "不通过", "通过", "通过"]
    expected = json_findings(capsys, inputs)
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    columns = [c.value for c in findings[1]]
    got = sorted((Path(r[columns.index("文件")]).name, r[columns.index("规则")], r[columns.index("位置")]) for r in rows)
    assert got == sorted((Path(f["input"]).name, f["code"], f["where"]) for f in expected) and got
    wrong = next(r for r in rows if r[columns.index("规则")] == "T3-001")
    assert wrong[columns.index("位置")].startswith("表三「（七）总计」行「总计」列") and wrong[columns.index("级别")] == "错误"
    assert isinstance(wrong[columns.index("应为")], str) and wrong[columns.index("规则名称")]


def test_summary_csv_speaks_the_chosen_language(audited):
    _, root = audited
    with open(root / "zh" / "summary.csv", encoding="utf-8-sig") as handle:
        zh = list(csv.reader(handle))
    with open(root / "en" / "summary.csv", encoding="utf-8-sig") as handle:
        en = list(csv.reader(handle))
    assert zh[0][:5] == ["文件", "机关", "年度", "格式", "结论"] and {row[4] for row in zh[1:]} == {"通过", "不通过"}
    assert en[0][:5] == ["input", "agency", "year", "template", "status"] and {row[4] for row in en[1:]} == {"pass", "fail"}


def test_the_audit_report_in_english_has_no_chinese_of_its_own(audited):
    _, root = audited
    page = (root / "en" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    ours = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    ours = re.sub(r"示例县第\d局", "", ours)  # the agencies' names are the reports' own words
    assert not re.search(r"[\u4e00-\u9fff]", ours), re.search(r".{40}[\u4e00-\u9fff].{40}", ours).group()
    assert "completion rate" in page and "table 3, row '(7) Total', column 'Total'" in html.unescape(page)


def test_links_are_relative_so_the_folder_can_be_sent_on(audited):
    inputs, root = audited
    page = (root / "zh" / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#][^"]*)"', page)
    assert links and not any(link.startswith("file:") for link in links)
    assert all((root / "zh" / link).resolve().parent == inputs.resolve() for link in links)
    assert "办结率" in page and "表三「（七）总计」÷" in page  # each figure with its definition
