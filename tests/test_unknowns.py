"""Unknown is not zero: unread cells are never counted as 0, what the sums determine is derived exactly,
what they do not is reported as unverified, and a real fault elsewhere is still named."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gzcheck.cli import main
from gzcheck.errors import EXIT_FAIL, EXIT_PASS
from gzcheck.model.identities import IDENTITY_TABLES, grid_for
from gzcheck.model.unknowns import derive
from gzcheck.testing import example_report

from .summaries import summary_rows
from .conftest import shared_path
from .strategies import consistent_reports, get_at, set_at, valid_reports
from .engines import engine

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLE_CODES = ("T3-001", "T4-001")


def cells_of(report):
    version = report["format_version"]
    return [ptr for table in IDENTITY_TABLES for ptr in grid_for(version, table).pointers]


def unread(report, pointers):
    """The report with ``pointers`` unread: null in the table and listed, as a reader writes them."""
    out = copy.deepcopy(report)
    for ptr in pointers:
        set_at(out, ptr, None)
    out["unread"] = sorted(pointers)
    return out


def errors(result, codes=TABLE_CODES):
    return [f for f in result.findings if f.code in codes and f.severity == "error"]


@SETTINGS
@given(consistent_reports(), st.data())
def test_unread_cells_never_accuse_a_consistent_report(report, data):
    chosen = data.draw(st.sets(st.sampled_from(cells_of(report)), min_size=1, max_size=40))
    damaged = unread(report, chosen)
    before = copy.deepcopy(damaged)
    result = engine().check(damaged)
    assert damaged == before, "the check changed its input"
    assert errors(result) == [], [f.message for f in errors(result)]
    for ptr in chosen:  # every value the sums determine is the original one
        value = get_at(result.report, ptr)
        assert value is None or value == get_at(report, ptr), ptr
    narrative = {(f.pointer, f.start) for f in engine().check(report).findings if f.code == "TXT-001"}
    assert {(f.pointer, f.start) for f in result.findings if f.code == "TXT-001"} <= narrative


@SETTINGS
@given(consistent_reports(), st.data())
def test_one_unread_cell_is_derived_exactly(report, data):
    ptr = data.draw(st.sampled_from(cells_of(report)))
    derived = derive(unread(report, [ptr]))
    assert get_at(derived, ptr) == get_at(report, ptr)
    assert derived["unread"] == [] and derived["provenance"][ptr]["status"] == "derived"
    result = engine().check(unread(report, [ptr]))
    assert result.unverified == 0 and "GZ-012" in {f.code for f in result.findings}


@SETTINGS
@given(consistent_reports(), st.data())
def test_a_faulty_cell_away_from_the_unread_ones_is_still_named(report, data):
    version = report["format_version"]
    grid = grid_for(version, "applications")
    faulty = data.draw(st.sampled_from(grid.pointers))
    near = {grid.pointers[c] for ident in grid.memberships[grid.index[faulty]] for c in ident.left + ident.right}
    far = [ptr for ptr in grid.pointers if ptr not in near]
    chosen = data.draw(st.sets(st.sampled_from(far), max_size=3))
    # an unread cell must not share an identity with the faulty one's identities' cells either
    chosen = {ptr for ptr in chosen
              if not any(faulty in {grid.pointers[c] for c in i.left + i.right} for i in grid.memberships[grid.index[ptr]])}
    original = get_at(report, faulty)
    set_at(report, faulty, data.draw(st.integers(0, 500).filter(lambda v: v != original)))
    found = errors(engine().check(unread(report, chosen)), ("T3-001",))
    assert [(f.pointer, f.expected) for f in found] == [(faulty, original)]


def test_sums_that_no_value_can_make_hold_are_certain_errors():
    report = example_report("report-2021.json")
    group = report["review_and_litigation"]["administrative_review"]
    group.update(total=1, upheld=5)  # the printed total is 1, a part already 5, another part unread
    result = engine().check(unread(report, ["/review_and_litigation/administrative_review/corrected"]))
    [error] = errors(result)
    assert error.details["kind"] == "certain-contradiction" and error.pointer == "/review_and_litigation/administrative_review/total"


def test_blanks_printed_are_reported_unread_ones_are_not():
    report = example_report("report-2021.json")
    set_at(report, "/applications/natural_person/results/granted", None)    # printed blank
    damaged = unread(report, ["/applications/research_institution/results/granted"])
    result = engine().check(damaged)
    [blank] = [f for f in result.findings if f.code == "TBL-002" and f.pointer == "/applications"]
    assert blank.related == ("/applications/natural_person/results/granted",)


def test_a_table_there_but_unread_is_not_no_data():
    report = example_report("report-2021.json")
    pointers = grid_for("2021", "review_and_litigation").pointers
    result = engine().check(unread(report, pointers))
    assert not [f for f in result.findings if f.code == "TBL-001"]
    assert result.unverified == 3 and "GZ-013" in {f.code for f in result.findings}


def test_unread_entries_must_name_empty_cells():
    report = example_report("report-2021.json")
    report["unread"] = ["/title", "/applications/total/new_received"]
    messages = [f.message for f in engine().check(report).findings if f.code == "GZ-002"]
    assert len(messages) == 2


def test_the_gate_can_fail_on_what_it_could_not_check(tmp_path, capsys):
    report = example_report("report-2021.json")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(unread(report, grid_for("2021", "review_and_litigation").pointers)), encoding="utf-8")
    assert main(["check", str(path)]) == EXIT_PASS
    assert "未核对 3 项" in capsys.readouterr().out
    assert main(["check", str(path), "--fail-on-unverified"]) == EXIT_FAIL
    (tmp_path / "gzcheck.yaml").write_text("fail_on_unverified: true\n", encoding="utf-8")
    assert main(["check", str(path), "--config", str(tmp_path / "gzcheck.yaml")]) == EXIT_FAIL


REAL_PAGES = [("seeds", "guangzhou-zwfw-2019-scraped.txt")] + [
    ("corpus", "reports", name) for name in ("001-pingtan-2019-zone.txt", "002-pingtan-2020-zone.txt", "003-pingtan-2021-zone.txt",
                                             "008-shanghai-2019-govoffice.html", "009-huaian-2024-city.pdf.pypdf.txt",
                                             "010-huaian-2024-city-section3-fragment.txt", "011-hongze-2023-district.pdf.pypdf.txt",
                                             "012-hongze-2024-district.pdf.pypdf.txt", "013-shuyang-2025-county-ocr.md",
                                             "014-shanghai-stcsm-2024-pdf2md.md", "016-shuyang-fgj-2023-county-dept.html")]


@pytest.mark.parametrize("parts", REAL_PAGES, ids=[p[-1] for p in REAL_PAGES])
def test_a_saved_extraction_is_checked_exactly_like_the_page(parts, tmp_path, capsys):
    page = shared_path(*parts)
    saved = tmp_path / "report.json"
    assert main(["extract", str(page), "-o", str(saved)]) == EXIT_PASS
    capsys.readouterr()
    outputs = []
    for path in (page, saved):
        main(["check", str(path), "--format", "json"])
        [report] = json.loads(capsys.readouterr().out)["reports"]
        outputs.append((report["status"], report["unverified"], report["findings"]))
    assert outputs[0] == outputs[1]


def test_batch_says_how_much_was_verified(tmp_path, capsys):

    folder = tmp_path / "in"
    folder.mkdir()
    report = example_report("report-2021.json")
    (folder / "full.json").write_text(json.dumps(report), encoding="utf-8")
    (folder / "partial.json").write_text(json.dumps(unread(report, grid_for("2021", "review_and_litigation").pointers)), encoding="utf-8")
    assert main(["batch", str(folder), "--jobs", "1", "--output", str(tmp_path / "out")]) == EXIT_PASS
    assert "1 份有未核对项" in capsys.readouterr().out
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig") as handle:
        rows = {row["input"].rsplit("/", 1)[1]: row["unverified"] for row in summary_rows(handle)}
    assert rows == {"full.json": "0", "partial.json": "3"}
    assert "未核对" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


@SETTINGS
@given(st.sampled_from(("2019", "2021")), st.sampled_from(IDENTITY_TABLES), st.data())
def test_the_compiled_table_functions_agree_with_the_identities(version, table, data):
    """A table is read and summed by code generated from the template: it must say exactly what walking the
    report's keys and summing each identity's cells says, blanks included."""
    from gzcheck.model.identities import residual
    from gzcheck.model.template import value_at

    grid = grid_for(version, table)
    values = data.draw(st.lists(st.one_of(st.none(), st.integers(0, 10**6)), min_size=len(grid.paths), max_size=len(grid.paths)))
    report = {}
    for path, value in zip(grid.paths, values, strict=True):
        node = report
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    assert grid.read(report) == [value_at(report, path) for path in grid.paths] == values
    counted = [v or 0 for v in values]
    assert list(grid.residuals(counted)) == [residual(ident, counted) for ident in grid.identities]


@pytest.mark.slow
@SETTINGS
@given(valid_reports())
def test_every_table_is_read_by_its_compiled_reader_as_by_its_keys(report):
    from gzcheck.model.template import table_reader, template, value_at

    for table in ("active_disclosure", "applications", "review_and_litigation"):
        if report.get(table) is not None:
            cells = template(report["format_version"]).table_cells(table)
            assert table_reader(report["format_version"], table)(report) == [value_at(report, c.path) for c in cells]


def _page_with_table3_unplaced() -> bytes:
    """Our 2021 example as a text page whose table 三 rows lost their labels (as OCR leaves a table printed
    without ruling lines): lines of numbers under the heading that no row label places."""
    from .pages import render_text

    report = example_report("report-2021.json")
    report["published_date"] = "2022-01-20"
    lines, out, inside = render_text(report, "rows").splitlines(), [], False
    for line in lines:
        if line.startswith("三、收到和处理"):
            inside = True
        elif line.startswith("四、政府信息公开行政复议"):
            inside = False
        numbers = [part for part in line.split("  ") if part.strip().isdigit()]
        if inside and len(numbers) >= 3:
            line = "  ".join(numbers)   # the label is gone: only its numbers are left
        out.append(line)
    return "\n".join(out).encode()


def test_a_table_printed_but_not_placed_is_unknown_not_missing():
    from gzcheck.checker import Checker

    result = Checker().check(_page_with_table3_unplaced(), name="page.txt")
    codes = {f.code for f in result.findings if f.severity == "error"}
    assert "TBL-001" not in codes and not codes & {"T3-001", "T3-002"}, result.findings
    said = [f for f in result.findings if f.code == "GZ-011" and f.pointer == "/applications"]
    assert said and "未能按表格读出" in said[0].message
    provenance = result.report["provenance"]["/applications/total/new_received"]
    assert provenance["status"] == "printed" and provenance["reading"] == "table-not-placed"
    assert result.unverified > 0 and result.report["applications"]["total"]["new_received"] is None


def test_a_table_really_missing_is_still_missing():
    from gzcheck.checker import Checker
    from .pages import render_text

    report = example_report("report-2021.json")
    report["published_date"] = "2022-01-20"
    text = render_text(report, "rows")
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开行政复议")
    page = text[:start] + "三、收到和处理政府信息公开申请情况\n本年度收到申请26件，上年结转3件，2021年办结26件。\n发布日期：2022-01-20\n" + text[end:]
    result = Checker().check(page.encode(), name="page.txt")
    assert any(f.code == "TBL-001" and f.pointer == "/applications" for f in result.findings)


def test_an_unsure_reading_the_sums_contradict_is_named_with_both_numbers():
    """OCR read 99 in a cell, unsure; the sums say 26. The cell stays unknown (never a guess either way), and a
    person is asked to look at it, with both numbers."""
    from gzcheck.checker import Checker

    report = example_report("report-2021.json")
    ptr = "/applications/total/results/total"
    right = get_at(report, ptr)
    set_at(report, ptr, None)
    report["unread"] = [ptr]
    report["provenance"] = {ptr: {"status": "unread", "raw": "?99", "candidates": [99]}}
    result = Checker().check(report)
    [said] = [f for f in result.findings if f.pointer == ptr and f.code == "GZ-013"]
    assert said.severity == "warning" and said.expected == right and "识别为 99" in said.message and f"应为 {right}" in said.message
    assert said.message.startswith("表三「（七）总计」行「总计」列") and result.status.value == "pass"
    report["provenance"][ptr]["candidates"] = [right]   # the reading the sums agree with: derived, nothing to look at
    assert not [f for f in Checker().check(report).findings if f.pointer == ptr and f.code == "GZ-013"]
