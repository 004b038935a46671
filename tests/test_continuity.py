"""Year-over-year rules through the command line: --previous, and pairing by agency and year."""

import json

from gzcheck.cli import main
from gzcheck.errors import EXIT_USAGE
from gzcheck.extraction import extract_bytes

from .summaries import summary_rows
from .conftest import shared_path

PINGTAN = ["001-pingtan-2019-zone.txt", "002-pingtan-2020-zone.txt", "003-pingtan-2021-zone.txt"]


def run(capsys, *args):
    code = main(list(args))
    return code, json.loads(capsys.readouterr().out)["reports"]


def xyr(reports):
    return {r["input"].rsplit("/", 1)[-1]: [(f["code"], f["pointer"], f.get("expected"), f.get("actual"))
                                             for f in r["findings"] if f["code"] == "XYR-001"] for r in reports}


def test_pingtan_2019_to_2021_is_a_continuous_chain(capsys):
    paths = [str(shared_path("corpus", "reports", name)) for name in PINGTAN]
    _, reports = run(capsys, "check", *paths, "--select", "XYR", "--format", "json")
    assert xyr(reports) == {name: [] for name in PINGTAN}


def test_a_broken_chain_fails_and_is_paired_by_agency_and_year(capsys, tmp_path):
    paths = []
    for name in PINGTAN:
        report, _ = extract_bytes(shared_path("corpus", "reports", name).read_bytes(), name)
        if report["report_year"] == 2020:  # pretend 2020 left 2 natural-person applications for 2021
            report["applications"]["natural_person"]["carried_forward_to_next_year"] = 2
            report["applications"]["total"]["carried_forward_to_next_year"] = 2
        path = tmp_path / f"{report['report_year']}.json"
        path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    code, reports = run(capsys, "check", *reversed(paths), "--select", "XYR", "--format", "json", "--fail-on", "warning")
    assert code == 1
    assert xyr(reports) == {
        "2021.json": [("XYR-001", "/applications/natural_person/carried_over_from_previous_year", 2, 0),
                      ("XYR-001", "/applications/total/carried_over_from_previous_year", 2, 0)],
        "2020.json": [], "2019.json": []}
    code, reports = run(capsys, "check", paths[2], "--previous", paths[1], "--select", "XYR-001", "--format", "json")
    assert [f["code"] for f in reports[0]["findings"] if not f["code"].startswith("GZ-")] == ["XYR-001", "XYR-001"]


def test_batch_pairs_reports_by_agency_and_year(capsys, tmp_path):

    folder = tmp_path / "in"
    folder.mkdir()
    for name in PINGTAN:
        report, _ = extract_bytes(shared_path("corpus", "reports", name).read_bytes(), name)
        if report["report_year"] == 2020:
            report["applications"]["natural_person"]["carried_forward_to_next_year"] = 2
            report["applications"]["total"]["carried_forward_to_next_year"] = 2
        report["source"].pop("notes")  # the extraction's own notes are not what this test is about
        (folder / f"{report['report_year']}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    assert main(["batch", str(folder), "--jobs", "2", "--output", str(tmp_path / "out"), "--select", "XYR"]) == 0
    capsys.readouterr()
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig") as handle:
        rows = {row["year"]: row for row in summary_rows(handle)}
    assert rows["2021"]["top_codes"] == "XYR-001×2" and rows["2021"]["warnings"] == "2"
    assert rows["2020"]["top_codes"] == "" and rows["2019"]["top_codes"] == ""
    assert "XYR-001" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_previous_needs_exactly_one_report(capsys, tmp_path):
    assert main(["check", "a.json", "b.json", "--previous", "c.json"]) == EXIT_USAGE
    assert main(["check", "a.json", "--previous", str(tmp_path / "missing.json")]) == EXIT_USAGE


def test_batch_pairs_each_report_with_its_own_facts_when_an_agency_year_repeats(capsys, tmp_path):
    """Two files of one agency and year (a draft and the final, say): each is checked against last year with
    its own figures."""

    from gzcheck.testing import example_report

    folder = tmp_path / "in"
    folder.mkdir()
    last = example_report("report-2021.json")
    last["report_year"], last["published_date"] = 2022, "2023-01-20"
    (folder / "a-2022.json").write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    for name, extra in (("b-2023-right.json", 0), ("c-2023-wrong.json", 5)):
        report = example_report("report-2021.json")
        for column, values in report["applications"].items():
            values["carried_over_from_previous_year"] = last["applications"][column]["carried_forward_to_next_year"]
        report["applications"]["total"]["carried_over_from_previous_year"] += extra
        (folder / name).write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    main(["batch", str(folder), "--jobs", "2", "--output", str(tmp_path / "out"), "--select", "XYR-001"])
    capsys.readouterr()
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig") as handle:
        rows = {row["input"].rsplit("/", 1)[-1]: row["top_codes"] for row in summary_rows(handle)}
    assert rows == {"a-2022.json": "", "b-2023-right.json": "", "c-2023-wrong.json": "XYR-001×1"}
