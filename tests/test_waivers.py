"""Waivers: a reviewed finding stops failing the gate until its waiver expires; stale waivers are reported."""

import json

import pytest

from gzcheck.cli import main
from gzcheck.testing import example_report

WAIVER = """
- code: T3-001
  report: "{report}"
  pointer: /applications/total/results/total
  reason: 总计列转载时漏填，已通知网站更正
  reviewed_by: 王审核
  reviewed_on: 2026-01-10
  expires: "{expires}"
"""


@pytest.fixture
def faulty(tmp_path):
    report = example_report("report-2021.json")
    report["applications"]["total"]["results"]["total"] = 0
    path = tmp_path / "2023.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


def check(capsys, path, waivers, *extra):
    code = main(["check", str(path), "--waivers", str(waivers), "--format", "json", *extra])
    out, err = capsys.readouterr()
    return code, json.loads(out)["reports"][0], err


def test_a_live_waiver_lets_the_report_pass_and_keeps_the_finding_visible(capsys, tmp_path, faulty):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVER.format(report="2023.json", expires="2099-12-31"), encoding="utf-8")
    code, report, err = check(capsys, faulty, waivers)
    assert code == 0 and report["status"] == "pass" and report["findings"] == []
    assert [f["pointer"] for f in report["waived"]] == ["/applications/total/results/total"] and err == ""


def test_an_expired_waiver_fails(capsys, tmp_path, faulty):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVER.format(report="*.json", expires="2020-01-01"), encoding="utf-8")
    code, report, _ = check(capsys, faulty, waivers)
    assert code == 1 and {f["code"] for f in report["findings"]} == {"T3-001", "GZ-020"}
    assert "已于 2020-01-01 过期" in next(f["message"] for f in report["findings"] if f["code"] == "GZ-020")


def test_an_unused_waiver_is_reported(capsys, tmp_path):
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(example_report("report-2021.json"), ensure_ascii=False), encoding="utf-8")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVER.format(report="clean.json", expires="2099-12-31"), encoding="utf-8")
    code, report, err = check(capsys, clean, waivers)
    assert code == 0 and "豁免第 1 条" in err and "没有匹配到任何问题" in err


@pytest.mark.parametrize("text", ["- code: T3-001\n  report: x.json\n", "- {code: T3-001, report: x, reason: r, reviewed_by: a, "
                                  "reviewed_on: 2026-01-01, expires: someday}\n", "waivers: 3\n"])
def test_bad_waiver_files_are_usage_errors(capsys, tmp_path, faulty, text):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(text, encoding="utf-8")
    assert main(["check", str(faulty), "--waivers", str(waivers)]) == 2


def test_waivers_in_a_batch(capsys, tmp_path, faulty):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVER.format(report="2023.json", expires="2099-12-31"), encoding="utf-8")
    code = main(["batch", str(faulty), "--waivers", str(waivers), "--output", str(tmp_path / "out"), "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == "" and "通过 1" in out
