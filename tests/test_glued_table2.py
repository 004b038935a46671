"""Table 二's glued digits: split only when the narrative or last year's report leaves exactly one split;
a narrative number that no split can give is a certain contradiction (TXT-001)."""

import copy

import pytest

from gzcheck.extraction.glued import pin_table2
from gzcheck.testing import example_report
from .engines import engine

ROW = "/active_disclosure/art20_1/administrative_normative_documents"


def glued(run="693665", narrative=""):
    """A 2021 report whose 行政规范性文件 row was printed as one glued run, as crawler text does."""
    report = example_report("report-2021.json")
    row = report["active_disclosure"]["art20_1"]["administrative_normative_documents"]
    for key in row:
        row[key] = None
    report["unread"] = sorted(f"{ROW}/{key}" for key in row)
    report["provenance"] = {f"{ROW}/{key}": {"line": 10, "raw": run, "status": "unread"} for key in row}
    report["sections"]["overall_situation"]["text"] += narrative
    return report


def row_of(report):
    return report["active_disclosure"]["art20_1"]["administrative_normative_documents"]


@pytest.mark.parametrize(("narrative", "expected"), [
    ("本年度制发行政规范性文件69件，现行有效行政规范性文件665件。", {"issued_count": 69, "repealed_count": 3, "in_force_count": 665}),
    ("现行有效行政规范性文件3665件。", {"issued_count": 6, "repealed_count": 9, "in_force_count": 3665}),
])
def test_the_narrative_pins_one_split(narrative, expected):
    report = glued(narrative=narrative)
    before = copy.deepcopy(report)
    pinned = pin_table2(report)
    assert report == before
    assert row_of(pinned) == expected and pinned["unread"] == []
    assert all(pinned["provenance"][f"{ROW}/{k}"]["status"] == "derived" for k in expected)


def test_several_splits_left_stay_unread():
    report = glued(narrative="现行有效行政规范性文件665件。")  # 6|93|665 and 69|3|665 both fit
    assert pin_table2(report) is report


def test_last_years_report_pins_by_continuity():
    report = glued()
    previous = example_report("report-2021.json")
    previous["report_year"] = report["report_year"] - 1
    row_of(previous)["in_force_count"] = 599   # 599 + 69 - 3 = 665: only 69|3|665 continues it
    assert row_of(pin_table2(report, previous)) == {"issued_count": 69, "repealed_count": 3, "in_force_count": 665}
    result = engine().check(report, previous=previous)
    assert "GZ-012" in {f.code for f in result.findings}


def test_a_number_no_split_gives_is_a_contradiction():
    report = glued(narrative="现行有效行政规范性文件700件。")
    [finding] = [f for f in engine().check(report).findings if f.code == "TXT-001"]
    assert finding.actual == 700 and finding.details["glued"] == "693665" and finding.related == (f"{ROW}/in_force_count",)


def test_printed_table2_cells_are_compared_with_the_narrative():
    report = example_report("report-2021.json")
    row_of(report)["in_force_count"] = 120
    report["sections"]["overall_situation"]["text"] += "现行有效行政规范性文件118件。"
    [finding] = [f for f in engine().check(report).findings if f.code == "TXT-001"]
    assert (finding.expected, finding.actual) == (120, 118)
