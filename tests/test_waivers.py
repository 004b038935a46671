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
    assert err.startswith("gzcheck: 已检查 1/1 份") and err.count("\n") == 1 and "通过 1" in out  # progress only


def _spam_page(tmp_path, *injections: str):
    from .pages import render_text

    text = render_text(example_report("report-2021.json"), "rows")
    for injection in injections:
        text = text.replace("六、其他需要报告的事项", injection + "\n六、其他需要报告的事项", 1)
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_waiver_of_one_spam_span_waives_that_span_only(capsys, tmp_path):
    """SPAM-001 has no pointer: it is waived by its fingerprint, so a later injection on the page still fails."""
    page = _spam_page(tmp_path, "澳门赌场 网上赌场 百家乐 真人娱乐 老虎机")
    main(["check", str(page), "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    [print_] = [r["partialFingerprints"]["gzcheck/v1"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "SPAM-001"]
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(f"- {{code: SPAM-001, report: page.txt, fingerprint: {print_}, reason: 已删除待复查, reviewed_by: 王审核, "
                       f"reviewed_on: 2026-01-10, expires: 2099-12-31}}\n", encoding="utf-8")
    code, report, _ = check(capsys, page, waivers)
    assert code == 0 and [f["code"] for f in report["waived"]] == ["SPAM-001"]
    later = _spam_page(tmp_path, "澳门赌场 网上赌场 百家乐 真人娱乐 老虎机", "国产精品 成人影片 色综合 人妻 熟女 无码")
    code, report, _ = check(capsys, later, waivers)
    assert code == 1 and [f["code"] for f in report["findings"]] == ["SPAM-001"]


@pytest.mark.parametrize("entry, needle", [
    ("{code: SPAM-001, report: '*'}", "fingerprint"),
    ("{code: GZ-013, report: '*', pointer: /applications}", "GZ-013"),
])
def test_waivers_that_would_waive_future_findings_wholesale_are_refused(capsys, tmp_path, faulty, entry, needle):
    waivers = tmp_path / "waivers.yaml"
    fields = ", reason: r, reviewed_by: w, reviewed_on: 2026-01-10, expires: 2099-12-31}"
    waivers.write_text("- " + entry[:-1] + fields + "\n", encoding="utf-8")
    assert main(["check", str(faulty), "--waivers", str(waivers)]) == 2
    assert needle in capsys.readouterr().err
