"""Everyday use: standard input, folders, --exit-zero, files that are not reports, the Python API."""

import json
import subprocess
import sys

import gzcheck
from gzcheck.cli import main
from gzcheck.errors import EXIT_FAIL, EXIT_PASS, EXIT_UNREADABLE
from gzcheck.testing import example_report


def failing() -> dict:
    report = example_report("report-2021.json")
    report["applications"]["total"]["results"]["total"] += 7
    return report


def test_standard_input_with_a_name():
    run = subprocess.run([sys.executable, "-m", "gzcheck", "check", "-", "--stdin-filename", "draft.json", "--format", "json"],
                         input=json.dumps(failing()).encode(), capture_output=True, timeout=60)
    assert run.returncode == EXIT_FAIL
    assert json.loads(run.stdout)["reports"][0]["input"] == "draft.json"


def test_folders_are_walked_and_exclude_patterns_kept_out(tmp_path, capsys):
    (tmp_path / "reports" / "2023").mkdir(parents=True)
    (tmp_path / "reports" / "2023" / "bad.json").write_text(json.dumps(failing()), encoding="utf-8")
    (tmp_path / "reports" / "ok.json").write_text(json.dumps(example_report("report-2021.json")), encoding="utf-8")
    (tmp_path / "reports" / "draft-old.json").write_text(json.dumps(failing()), encoding="utf-8")
    (tmp_path / "gzcheck.yaml").write_text("exclude: ['draft-*']\n", encoding="utf-8")
    code = main(["check", str(tmp_path / "reports"), "--config", str(tmp_path / "gzcheck.yaml"), "--format", "json"])
    inputs = sorted(r["input"].rsplit("/", 1)[1] for r in json.loads(capsys.readouterr().out)["reports"])
    assert code == EXIT_FAIL and inputs == ["bad.json", "ok.json"]


def test_exit_zero_never_hides_errors(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(failing()), encoding="utf-8")
    assert main(["check", str(bad), "--exit-zero"]) == EXIT_PASS
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["check", str(broken), "--exit-zero"]) == EXIT_UNREADABLE


def test_a_hook_skips_what_is_not_a_report(tmp_path, capsys):
    (tmp_path / "gzcheck.yaml").write_text("fail_on: error\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# 年报仓库\n说明。\n", encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(example_report("report-2021.json")), encoding="utf-8")
    names = [str(tmp_path / n) for n in ("gzcheck.yaml", "README.md", "r.json")]
    assert main(["check", *names]) == EXIT_UNREADABLE
    capsys.readouterr()
    assert main(["check", *names, "--skip-non-reports"]) == EXIT_PASS
    assert capsys.readouterr().err.count("不是年报") == 2


def test_the_python_api(tmp_path):
    result = gzcheck.check(failing())
    assert result.status == "fail" and any(f.code == "T3-001" for f in result.findings)
    assert gzcheck.check(json.dumps(failing()).encode(), name="x.json", ignore=["T3"]).status == "pass"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(example_report("report-2021.json")), encoding="utf-8")
    assert gzcheck.check(path).status == "pass"
    assert gzcheck.check(b"{", name="broken.json").status == "error"
    page = "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文\n".encode()
    assert gzcheck.extract(page, name="page.txt")["report_year"] == 2023


def test_a_waivers_report_path_is_relative_to_the_waiver_file_from_any_folder(tmp_path, monkeypatch, capsys):
    (tmp_path / "reports").mkdir()
    (tmp_path / "config").mkdir()
    (tmp_path / "reports" / "x.json").write_text(json.dumps(failing()), encoding="utf-8")
    (tmp_path / "config" / "waivers.yaml").write_text(
        "- {code: T3-001, report: ../reports/x.json, pointer: /applications/total/results/total, reason: 已核实, "
        "reviewed_by: 王, reviewed_on: 2026-01-01, expires: 2099-01-01}\n", encoding="utf-8")
    for cwd, name in ((tmp_path, "reports/x.json"), (tmp_path / "reports", "x.json"), (tmp_path / "config", "../reports/x.json")):
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        assert main(["check", name, "--waivers", str(tmp_path / "config" / "waivers.yaml")]) == EXIT_PASS, cwd
        assert "没有匹配" not in capsys.readouterr().err


def test_messages_say_blank_and_count_in_english(tmp_path, capsys):
    report = example_report("report-2021.json")
    report["applications"]["natural_person"]["results"]["total"] = None  # a blank total over non-zero parts
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    main(["check", str(path)])
    assert "实际为 空白" in capsys.readouterr().out
    main(["check", str(path), "--lang", "en"])
    out = capsys.readouterr().out
    assert "found blank" in out and "1 error," in out and "1 report:" in out


def test_no_plugins_leaves_installed_plugins_out(tmp_path, monkeypatch):
    from gzcheck.engine.plugins import PluginHost

    origins = {info.origin for info in PluginHost().load(no_plugins=True).rules().values()}
    assert origins == {"built-in"}


def test_test_cases_runs_an_agencys_cases_from_the_command_line(tmp_path, capsys):
    from pathlib import Path

    plugin = Path(__file__).resolve().parents[1] / "examples" / "agency_plugin"
    assert main(["test-cases", str(plugin / "cases"), "--plugin", str(plugin / "gza_rules.py")]) == EXIT_PASS
    assert "5 项通过，0 项失败" in capsys.readouterr().out
    wrong = tmp_path / "GZA-001.yaml"
    wrong.write_text("cases:\n  - name: expects a finding that never comes\n    expect:\n      - {pointer: /title}\n", encoding="utf-8")
    assert main(["test-cases", str(wrong), "--plugin", str(plugin / "gza_rules.py")]) == EXIT_FAIL
    assert "0 项通过，1 项失败" in capsys.readouterr().out


def test_json_findings_carry_their_line_and_a_stable_fingerprint(tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(failing(), indent=2, ensure_ascii=False), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    main(["check", str(path), "--format", "sarif"])
    result = json.loads(capsys.readouterr().out)["runs"][0]["results"][0]
    line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert lines[line - 1].strip().startswith('"total"')
    moved = tmp_path / "moved.json"  # an unrelated edit moves every line: the fingerprint stays
    moved.write_text("\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    main(["check", str(moved), "--format", "sarif"])
    again = json.loads(capsys.readouterr().out)["runs"][0]["results"][0]
    assert again["partialFingerprints"] == result["partialFingerprints"]
    assert again["locations"][0]["physicalLocation"]["region"]["startLine"] == line + 2


def test_titles_wrapped_by_markdown_or_a_script_name_the_agency():
    for page, agency in (("# 示例县人民政府 2025 年 政府信息公开工作年度报告\n一、总体情况\n正文\n", "示例县人民政府"),
                         ('let menu = [{"name": "政府信息公开年报"}]\n"title": "示例市教育局2023年政府信息公开工作年度报告",\n一、总体情况\n正文\n',
                          "示例市教育局")):
        assert gzcheck.extract(page.encode(), name="page.txt")["agency"] == agency


def test_rules_registered_twice_name_both_and_outputs_stay_valid(tmp_path, capsys):
    import xml.etree.ElementTree as ET
    from pathlib import Path

    plugin = Path(__file__).resolve().parents[1] / "examples" / "agency_plugin" / "gza_rules.py"
    copy = tmp_path / "gza_copy.py"
    copy.write_text(plugin.read_text(encoding="utf-8"), encoding="utf-8")
    report = tmp_path / "r.json"
    report.write_text(json.dumps(example_report("report-2021.json")), encoding="utf-8")
    for fmt, parse in (("sarif", json.loads), ("json", json.loads), ("junit", lambda t: ET.fromstring(t.encode()))):
        assert main(["check", str(report), "--plugin", str(plugin), "--plugin", str(copy), "--format", fmt]) == 3
        out = capsys.readouterr()
        assert "重复" in out.err and str(plugin) in out.err and str(copy) in out.err
        parse(out.out)


def test_fix_writes_only_the_certain_corrections(tmp_path, capsys):
    original = example_report("report-2021.json")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(failing()), encoding="utf-8")
    out = tmp_path / "fixed.json"
    assert main(["fix", str(path), "-o", str(out)]) == EXIT_PASS
    fixed = json.loads(out.read_text(encoding="utf-8"))
    assert fixed["applications"]["total"]["results"]["total"] == original["applications"]["total"]["results"]["total"]
    assert "→" in capsys.readouterr().err
    ambiguous = example_report("report-2021.json")  # table 四: one sum, the total or a part may be wrong
    ambiguous["review_and_litigation"]["administrative_review"]["upheld"] += 3
    path.write_text(json.dumps(ambiguous), encoding="utf-8")
    assert main(["fix", str(path), "-o", str(out)]) == EXIT_FAIL
    assert json.loads(out.read_text(encoding="utf-8"))["review_and_litigation"] == ambiguous["review_and_litigation"]
    assert "没有可以确定的更正" in capsys.readouterr().err


def test_the_documented_pre_commit_hook_checks_only_reports(tmp_path):
    """The hook as pre-commit runs it: its entry on the staged files its `files:` pattern selects."""
    import re
    import shutil
    from pathlib import Path

    from gzcheck.read.yaml_safe import load_yaml

    root = Path(__file__).resolve().parents[1]
    [hook] = load_yaml((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    repo = tmp_path / "repo"
    (repo / "reports").mkdir(parents=True)
    (repo / "reports" / "2023.json").write_text(json.dumps(example_report("report-2021.json")), encoding="utf-8")
    shutil.copy(root / "tests" / "data" / "documents" / "generated-1.docx", repo / "reports" / "draft.docx")
    (repo / "gzcheck.yaml").write_text("fail_on: error\nwaivers: reports/waivers.yaml\n", encoding="utf-8")
    (repo / "reports" / "waivers.yaml").write_text("[]\n", encoding="utf-8")
    (repo / "README.md").write_text("# 本局年报\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    staged = subprocess.run(["git", "-C", str(repo), "diff", "--cached", "--name-only"], capture_output=True, text=True).stdout.split()
    selected = [f for f in staged if re.search(hook["files"], f)]
    assert "README.md" in selected and "reports/draft.docx" in selected
    run = subprocess.run([sys.executable, "-m", "gzcheck", *hook["entry"].split()[1:], *selected],
                         cwd=repo, capture_output=True, text=True, timeout=120)
    assert run.returncode == EXIT_PASS, run.stdout + run.stderr
    checked = re.findall(r"^(\S+)：", run.stdout, re.M)
    assert sorted(checked) == ["reports/2023.json", "reports/draft.docx"]
    assert run.stderr.count("不是年报") == 4  # README, the hook config, gzcheck.yaml, the waivers
    (repo / "reports" / "2023.json").write_text(json.dumps(failing()), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "gzcheck", *hook["entry"].split()[1:], *selected],
                         cwd=repo, capture_output=True, text=True, timeout=120)
    assert run.returncode == EXIT_FAIL


def test_the_documented_workflow_steps_run_as_written(tmp_path):
    """docs/ci.md's GitHub workflow, its gzcheck steps run in a temporary repository (no runner here)."""
    import re
    from pathlib import Path

    from gzcheck.read.yaml_safe import load_yaml

    docs = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text(encoding="utf-8")
    workflow = load_yaml(re.search(r"## GitHub Actions\n\n```yaml\n(.*?)```", docs, re.S).group(1))[0]
    steps = [s["run"] for s in workflow["jobs"]["gzcheck"]["steps"] if "run" in s and s["run"].startswith("gzcheck")]
    assert len(steps) == 3
    repo = tmp_path / "repo"
    (repo / "reports").mkdir(parents=True)
    (repo / "reports" / "a.json").write_text(json.dumps(example_report("report-2021.json")), encoding="utf-8")
    (repo / "reports" / "b.json").write_text(json.dumps(failing()), encoding="utf-8")
    (repo / "reports" / "waivers.yaml").write_text("[]\n", encoding="utf-8")
    codes = []
    for step in steps:
        run = subprocess.run(step.replace("gzcheck ", f"{sys.executable} -m gzcheck ", 1), shell=True, cwd=repo,
                             capture_output=True, text=True, timeout=120)
        codes.append(run.returncode)
        if "--format github" in step:
            assert "::error file=reports/b.json" in run.stdout
    assert codes == [EXIT_PASS, EXIT_PASS, EXIT_FAIL]  # annotations and SARIF never fail the job; the gate does
    sarif = json.loads((repo / "gzcheck.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"T3-001"}
