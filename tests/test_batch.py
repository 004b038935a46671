"""gzcheck batch: one row per file, never stopped by a bad one, same output twice, a report a browser opens."""

from pathlib import Path
import json
import re
import shutil
import subprocess

import pytest

from gzcheck.cli import main
from gzcheck.testing import example_report

from .summaries import summary_rows
from .conftest import shared_path


def batch(capsys, *args):
    code = main(["batch", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(folder):
    with open(folder / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        return list(summary_rows(handle))


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    reports, seeds = shared_path("corpus", "reports"), shared_path("seeds")
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    for folder in (first, second):
        assert main(["batch", str(reports), str(seeds), "--jobs", "2", "--output", str(folder)]) in (1, 4)
    return reports, seeds, first, second


def test_one_row_per_file_and_pdfs_are_read(corpus_run):
    reports, seeds, first, _ = corpus_run
    files = sorted(str(p) for folder in (reports, seeds) for p in folder.iterdir() if p.is_file())
    table = rows(first)
    assert [r["input"] for r in table] == files
    pdfs = {Path(r["input"]).name: r["status"] for r in table if r["input"].endswith(".pdf")}
    assert pdfs == {"009-huaian-2024-city.pdf": "pass", "011-hongze-2023-district.pdf": "fail", "012-hongze-2024-district.pdf": "pass"}
    seed = next(r for r in table if r["input"].endswith("guangzhou-zwfw-2019-scraped.txt"))
    assert (seed["status"], seed["errors"], seed["agency"], seed["year"], seed["template"]) == ("fail", "3", "广州市政务服务数据管理局", "2019", "2019")
    assert seed["top_codes"] == "T3-001×2 SPAM-001×1"


def test_a_second_run_gives_the_same_files(corpus_run):
    _, _, first, second = corpus_run
    for name in ("summary.csv", "report.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_jobs_1_and_jobs_2_agree_and_bad_files_do_not_stop_the_batch(capsys, tmp_path):
    good = example_report("report-2021.json")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "in" / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        code, out, err = batch(capsys, str(tmp_path / "in"), "--jobs", jobs, "--output", str(tmp_path / jobs))
        assert code == 4 and err == "gzcheck: 已检查 3/3 份，每秒" + err.split("每秒", 1)[1] and "出错 2" in out  # the last progress line
        outputs.append((tmp_path / jobs / "summary.csv").read_text(encoding="utf-8-sig"))
    assert outputs[0] == outputs[1]
    assert [r["status"] for r in rows(tmp_path / "1")] == ["error", "error", "pass"]


def test_missing_inputs_are_a_usage_error(capsys, tmp_path):
    code, _, err = batch(capsys, str(tmp_path / "nothing-*.json"), "--output", str(tmp_path / "o"))
    assert code == 2 and "nothing-" in err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium here: .ci/run installs Debian's chromium for this test")
@pytest.mark.browser
def test_the_html_report_opens_sorts_and_renders_in_a_real_browser(corpus_run, tmp_path):
    _, _, first, _ = corpus_run
    page = (first / "report.html").resolve().as_uri()
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile1'}", "--dump-dom", page + "#sort=errors:desc"],
                         capture_output=True, text=True, timeout=120).stdout
    body = re.search(r"<body[^>]*>", dom).group()
    assert 'data-ready="1"' in body and "data-js-error" not in body
    table = dom[dom.index('id="reports"'):]
    errors = [int(n) for n in re.findall(r'<td class="(?:pass|fail|error)"[^>]*>[^<]*</td><td>(\d+)</td>', table)]
    assert errors == sorted(errors, reverse=True) and len(errors) == len(rows(first))
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}",
                    "--window-size=1280,1600", page], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium here: .ci/run installs Debian's chromium for this test")
@pytest.mark.browser
def test_the_html_report_filters_by_verdict_rule_and_text(corpus_run, tmp_path):
    _, _, first, _ = corpus_run
    page = (first / "report.html").resolve().as_uri()
    failing = sum(r["status"] == "fail" for r in rows(first))
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page + "#status=fail"],
                         capture_output=True, text=True, timeout=120).stdout
    body = re.search(r"<body[^>]*>", dom).group()
    assert 'data-ready="1"' in body and "data-js-error" not in body
    assert f'<span id="shown">{failing}</span>' in dom
    shown = re.findall(r'<tr data-status="(\w+)"(?![^>]*hidden)', dom)
    assert shown and set(shown) == {"fail"}
    assert "按机关（各年度并列）" in dom and "各年度不通过的报告" in dom  # agencies' years side by side, failures by year


def test_a_spool_gives_back_every_record_in_order_whatever_its_strings(tmp_path):
    from gzcheck.batch.spool import Spool

    records = [{"input": "r\udce9port.json", "findings": [{"message": "表三\u0000<b>&"}], "year": None},
               {"input": "b.json", "codes": {"T3-001": 2}, "pair_key": ["某县", 2021]}, {}]
    spool = Spool(tmp_path / "records.spool")
    with spool:
        pass
    assert list(spool) == []
    with spool:
        for record in records:
            spool.add(record)
    assert list(spool) == records
    assert list(spool) == records  # read again: the second pass of a batch


def test_the_audit_report_waits_beside_the_results_not_in_the_system_temporary_folder(tmp_path, monkeypatch):
    import tempfile

    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(3):
        (folder / f"r{i}.json").write_text(json.dumps(example_report("report-2021.json"), ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-temporary-folder"))  # a full or missing /tmp
    assert main(["batch", str(folder), "--jobs", "1", "--output", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8").count("<details") == 3


def test_files_of_one_agency_and_year_show_the_worst_verdict_and_say_they_are_duplicates(capsys, tmp_path):
    """A failing PDF and a passing text of the same report: the agency × year table shows 不通过, and that
    there are two files (it showed whichever came last)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    report = example_report("report-2021.json")
    (inputs / "a-text.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    report["applications"]["total"]["results"]["total"] += 1
    (inputs / "0-pdf.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    batch(capsys, str(inputs), "--jobs", "1", "--output", str(tmp_path / "out"))
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    agencies = page[page.index('id="agencies"'):]
    agencies = agencies[:agencies.index("</table>")]
    assert '<td class="fail">不通过<br><small' in agencies and "共 2 份，取最差" in agencies
    assert '<td class="pass">' not in agencies
