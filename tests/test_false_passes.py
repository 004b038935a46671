"""The other ways a gate could be made to say 通过 (issue #27, 8): a result folder that hides reports, an
exclusion that leaves nothing, a unit counted twice in a roll-up, a count that rounds to a whole one, and a
plugin that ends the process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gzcheck.cli import main
from gzcheck.errors import EXIT_FAIL, EXIT_UNREADABLE, EXIT_USAGE
from gzcheck.testing import example_report


def write(path, report):
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return str(path)


def faulty() -> dict:
    report = example_report("report-2021.json")
    report["applications"]["total"]["results"]["total"] += 1
    return report


def test_a_planted_marker_hides_no_report(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    write(reports / "f.json", faulty())
    (reports / ".gzcheck-batch").write_text("", encoding="utf-8")
    assert main(["check", str(reports)]) == EXIT_FAIL
    assert "f.json" in capsys.readouterr().out


def test_a_batch_never_writes_over_a_folder_of_reports_and_its_results_are_said_when_skipped(tmp_path, capsys):
    reports, other = tmp_path / "reports", tmp_path / "other"
    reports.mkdir()
    other.mkdir()
    write(reports / "f.json", faulty())
    (reports / "report.html").write_text("<p>一份网页年报</p>", encoding="utf-8")
    write(other / "g.json", example_report("report-2021.json"))
    assert main(["batch", str(other), "--output", str(reports)]) == EXIT_USAGE
    assert (reports / "report.html").read_text(encoding="utf-8") == "<p>一份网页年报</p>"
    results = tmp_path / "results"
    assert main(["batch", str(other), "--output", str(results)]) == 0
    capsys.readouterr()
    assert main(["check", str(tmp_path)]) == EXIT_UNREADABLE   # report.html is no report; the results are left out
    out, err = capsys.readouterr()
    assert "f.json" in out and "g.json" in out and f"跳过 {results}" in err


def test_an_exclusion_that_leaves_nothing_is_not_a_pass(tmp_path, capsys, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "gzcheck.yaml").write_text('exclude: ["*.json"]\n', encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    write(reports / "f.json", faulty())
    monkeypatch.chdir(tmp_path)
    assert main(["check", "reports"]) == EXIT_UNREADABLE
    assert "exclude" in capsys.readouterr().err


def test_one_unit_listed_twice_is_counted_once(tmp_path, capsys):
    child = example_report("report-2021.json")
    summary = example_report("report-2021.json")
    for column in summary["applications"].values():
        column["new_received"] *= 2   # a summary that counts its one child twice
    (tmp_path / "d").mkdir()
    write(tmp_path / "a.json", child)
    os.symlink(tmp_path / "a.json", tmp_path / "link.json")
    names = [str(tmp_path / "a.json"), str(tmp_path / "a.json"), str(tmp_path / "d" / ".." / "a.json"),
             str(tmp_path / "link.json")]
    code = main(["rollup", write(tmp_path / "s.json", summary), *names, "--format", "json"])
    [report] = json.loads(capsys.readouterr().out)["reports"]
    assert code == EXIT_FAIL and any(f["code"] == "ROLL-001" for f in report["findings"])
    assert sum(f["code"] == "ROLL-002" and "只计入一次" in f["message"] for f in report["findings"]) == 3


def test_a_mapping_cannot_climb_out_of_its_folder(tmp_path, capsys):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "map.yaml").write_text("s.json: [../elsewhere/*.json]\n", encoding="utf-8")
    assert main(["rollup", "--mapping", str(tmp_path / "m" / "map.yaml")]) == EXIT_USAGE
    assert "不在该文件所在的文件夹内" in capsys.readouterr().err


def test_a_count_a_float_would_round_to_a_whole_one_is_not_that_count(tmp_path, capsys):
    report = example_report("report-2021.json")
    text = json.dumps(report, ensure_ascii=False).replace('"total": {"new_received": 27', '"total": {"new_received": 27.000000000000000000000000000001', 1)
    assert "27.000000000000000000000000000001" in text
    (tmp_path / "r.json").write_text(text, encoding="utf-8")
    assert main(["check", str(tmp_path / "r.json"), "--format", "json"]) == EXIT_FAIL
    findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    assert [f["pointer"] for f in findings if f["code"] == "GZ-002"] == ["/applications/total/new_received"]


@pytest.mark.parametrize("where", ["rule", "import"])
def test_a_plugin_that_ends_the_process_cannot_end_the_gate(tmp_path, where):
    code = ("import os\nfrom gzcheck import Rule, hookimpl\n\nclass Quit(Rule):\n    '''Quits.'''\n    code = 'TST-500'\n"
            "    def check(self, report, ctx):\n        os._exit(0)\n        yield\n\n@hookimpl\ndef gzcheck_rules():\n"
            "    return [Quit]\n")
    if where == "import":
        code = "import os\nos._exit(0)\n" + code
    (tmp_path / "quit.py").write_text(code, encoding="utf-8")
    report = write(tmp_path / "r.json", example_report("report-2021.json"))
    run = subprocess.run([sys.executable, "-m", "gzcheck", "check", report, "--plugin", str(tmp_path / "quit.py")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3, run.stdout + run.stderr
    assert "os._exit(0)" in run.stdout + run.stderr


def test_the_pre_commit_mode_skips_documents_not_reports_that_hide_their_headings(tmp_path, capsys):
    """--skip-non-reports: a failing report whose headings and labels hold zero-width characters is still a
    report (it fails); the project's README and a writing guide that lists the six headings are not (skipped)."""
    from .pages import SECTION_HEADINGS, render_text

    report = faulty()
    hidden = {key: heading[:2] + "\u200b" + heading[2:] for key, heading in SECTION_HEADINGS.items()}
    page = tmp_path / "page.txt"
    page.write_text(render_text(report, "rows", headings=hidden).replace("（七）总计", "（七）\u200b总计"), encoding="utf-8")
    guide = tmp_path / "guide.md"
    guide.write_text("# 政府信息公开工作年度报告编写指南\n\n年报分六个部分：\n\n" + "\n".join(f"- {h}" for h in SECTION_HEADINGS.values())
                     + "\n\n表三统计收到和处理申请的情况，表四统计行政复议、行政诉讼的情况。\n", encoding="utf-8")
    readme = Path(__file__).resolve().parents[1] / "README.md"
    assert main(["check", str(page), str(guide), str(readme), "--skip-non-reports"]) == EXIT_FAIL
    out, err = capsys.readouterr()
    assert "page.txt：不通过" in out and f"跳过 {guide}" in err and f"跳过 {readme}" in err
