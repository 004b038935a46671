"""Extraction from real pages (read in place from ../shared) and from pages the tests write."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzcheck.cli import main
from gzcheck.engine.reading import notes_of
from gzcheck.extraction import extract_bytes
from gzcheck.inputs import BUILTIN_READERS, read_data
from gzcheck.errors import InputError

from .conftest import shared_path
from .real_tables import all_transcribed, compare
from .engines import engine

SEED = ("seeds", "guangzhou-zwfw-2019-scraped.txt")
REAL = all_transcribed()


def extract_file(*parts):
    path = shared_path(*parts)
    report = read_data(BUILTIN_READERS, path.read_bytes(), str(path)).report  # pages, Word and PDF alike
    return report, notes_of(report)


def test_the_seed_page_reproduces_every_expected_value():
    report, _ = extract_file(*SEED)
    expected = json.loads(shared_path("seeds", "guangzhou-zwfw-2019.expected.json").read_text(encoding="utf-8"))
    for key in ("format_version", "report_year", "agency", "published_date",
                "active_disclosure", "applications", "review_and_litigation"):
        assert report[key] == expected[key], key


def test_the_seed_page_structure_and_provenance():
    report, findings = extract_file(*SEED)
    assert findings == []
    assert report["source"]["script"] == "traditional" and report["source"]["encoding"] == "utf-8"
    assert report["title"] == "廣州市政務服務數據管理局2019年政府信息公開工作年度報告"
    assert report["agency_kind"] == "department"
    assert [k for k, v in report["sections"].items() if v] == list(report["sections"])
    assert report["sections"]["review_and_litigation"]["heading"] == "四、政府信息公開行政復議、行政訴訟情況"
    assert "國产亚洲" not in report["sections"]["other_matters"]["text"] and "相關附件" not in report["sections"]["other_matters"]["text"]
    lines = report["source"]["text"].splitlines()
    for ptr in ("/applications/total/results/total", "/review_and_litigation/administrative_review/total",
                "/active_disclosure/art20_9/government_centralized_procurement/procurement_total_amount"):
        entry = report["provenance"][ptr]
        assert lines[entry["line"] - 1][entry["column"] - 1:].startswith(entry["raw"]), ptr
    assert report["provenance"]["/active_disclosure/art20_9/government_centralized_procurement/procurement_total_amount"]["raw"] == "15262.36萬元"


@pytest.mark.parametrize(("name", "data"), REAL, ids=[name for name, _ in REAL])
def test_real_reports_table3_and_table4_cells(name, data):
    report, _ = extract_file("corpus", "reports", name)
    assert report["format_version"] == data["format_version"] and report["report_year"] == data["report_year"]
    result = compare(data, report, name)
    assert result["wrong"] == [], f"{name}: values that are not the page's"
    refused_tables = data.get("refused", {}).get(name, [])
    allowed = [p for p in result["refused"] if "table4" in refused_tables and p.startswith("/review_and_litigation")]
    assert result["refused"] == allowed, f"{name}: cells left unread"


def test_printed_digits_no_reading_fits_are_reported_with_the_page_line():
    """Hongze 2023 (text of its PDF): table 四 glued as 1010000000050000, whose totals are wrong (the PDF itself
    reports them): no split fits, so the cells stay unread — never derived — and T4-001 says why, where."""
    report, _ = extract_file("corpus", "reports", "011-hongze-2023-district.pdf.pypdf.txt")
    entry = report["provenance"]["/review_and_litigation/administrative_review/upheld"]
    assert entry["status"] == "printed" and entry["reading"] == "no-split-fits-row" and entry["raw"] == "1010000000050000"
    assert entry["line"] == 114 and "/review_and_litigation/administrative_review/upheld" in report["unread"]
    result = engine().check(report)
    [certain] = [f for f in result.findings if f.details.get("kind") == "printed-contradiction"]
    assert certain.code == "T4-001" and certain.actual == "1010000000050000" and certain.line == 114


def test_glued_digits_are_split_by_the_row_sums_and_say_so():
    report, _ = extract_file("corpus", "reports", "001-pingtan-2019-zone.txt")
    entry = report["provenance"]["/applications/natural_person/new_received"]
    assert report["applications"]["natural_person"]["new_received"] == 23
    assert "粘连" in entry["inferred"] and entry["raw"] in ("230", "000023")


def test_check_on_a_page_prints_page_lines(capsys):
    path = shared_path(*SEED)
    code = main(["check", str(path), "--format", "json", "--select", "T3"])
    out = json.loads(capsys.readouterr().out)["reports"][0]
    assert code == 1
    assert {(f["pointer"], f["line"]) for f in out["findings"]} == {
        ("/applications/total/results/total", 507), ("/applications/total/carried_forward_to_next_year", 523)}


@pytest.mark.parametrize(("text", "needle"), [
    ("这是一段与年报无关的文字。", "does not look like an annual report"),
    ("泰州市2017年政府信息公开工作年度报告\n一、概述\n2017年，全市主动公开政府信息……", "pre-2019"),
])
def test_pages_that_are_not_checkable_reports(text, needle):
    with pytest.raises(InputError, match=needle):
        extract_bytes(text.encode("utf-8"))


def _generated(layout="html", script="simplified", encoding="utf-8", blanks=False, seed=3):
    import random

    from .pages import page_bytes, random_report

    report = random_report(random.Random(seed), "2021", blanks)
    return report, page_bytes(report, layout, script, encoding)


def test_truncated_html_keeps_what_it_could_read():
    report, data = _generated()
    text = data.decode("utf-8")
    cut = text[: text.index("四、政府信息公开行政复议") + 40]  # stops inside table 四's markup
    extracted, _ = extract_bytes(cut.encode("utf-8"))
    assert extracted["applications"] == report["applications"]
    assert extracted["sections"]["problems_and_improvements"] is None


def test_a_page_with_sections_but_no_tables(capsys, tmp_path):
    page = "示例县审计局2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息20条。\n二、主动公开政府信息情况\n见网站。\n" \
           "三、收到和处理政府信息公开申请情况\n本年度未收到申请。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n" \
           "五、存在的主要问题及改进情况\n解读形式单一。\n六、其他需要报告的事项\n未收取信息处理费。\n"
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    code = main(["check", str(path), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    assert code == 1
    assert {(f["code"], f["pointer"]) for f in findings if f["severity"] == "error"} == {
        ("TBL-001", "/active_disclosure"), ("TBL-001", "/applications"), ("TBL-001", "/review_and_litigation")}


def test_an_empty_template_is_no_data_not_zeros(capsys, tmp_path):
    report, _ = _generated()
    from gzcheck.model.template import template

    from .pages import page_bytes
    from .strategies import set_at

    for cell in template("2021").cells:
        set_at(report, cell.pointer, None)
    path = tmp_path / "empty.html"
    path.write_bytes(page_bytes(report, "html", "simplified", "utf-8"))
    main(["check", str(path), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    no_data = {f["pointer"] for f in findings if f["code"] == "TBL-001"}
    assert no_data == {"/active_disclosure", "/applications", "/review_and_litigation"}
    assert not [f for f in findings if f["code"] in ("T3-001", "T4-001", "TBL-002")]


@pytest.mark.parametrize(("script", "encoding"), [("simplified", "gb18030"), ("traditional", "big5")])
def test_legacy_encoded_pages_are_checked_end_to_end(capsys, tmp_path, script, encoding):
    report, data = _generated("cells", script, encoding)
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    main(["check", str(path), "--format", "json", "--select", "T3-001"])
    out = json.loads(capsys.readouterr().out)["reports"][0]
    assert out["status"] in ("pass", "fail") and out["format_version"] == "2021"


def test_mojibake_is_reported():
    _, data = _generated("rows")
    garbled = data.decode("utf-8").replace("总体情况", "总体情况锟斤拷锟斤拷").encode("utf-8")
    _, findings = extract_bytes(garbled)
    assert any(f.code == "GZ-010" and "乱码" in f.message for f in findings)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\u3000\xa00123456789０１２３", max_size=12), st.integers(0, 50))
def test_a_plain_count_cell_reads_as_the_general_reading_does(piece, at):
    """cell_tokens reads a cell of digits without the general pattern; it must read what cell_token reads."""
    from gzcheck.extraction.cells import CELL, cell_token, cell_tokens

    text = "x" * at + CELL + piece + CELL
    expected = cell_token(piece, at + 1)
    assert cell_tokens(text, 0, len(text), 1) == ([expected] if expected is not None else [])
