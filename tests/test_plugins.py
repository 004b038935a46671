"""Plugins: the agency example works; every way a plugin can break fails closed, by name."""

import json
import re
import textwrap

import pytest

from gzcheck.cli import main
from gzcheck.errors import EXIT_FAIL, EXIT_INTERNAL, EXIT_PASS, EXIT_USAGE
from gzcheck.testing import example_report

AGENCY_PLUGIN = '''
from gzcheck import hookimpl, Rule

class NeedsAgency(Rule):
    """Agency name must be present."""
    code = "GZA-001"
    def check(self, report, ctx):
        if not report.get("agency"):
            yield ctx.finding(pointer="/agency", message="缺少机关名称")

@hookimpl
def gzcheck_rules():
    return [NeedsAgency]
'''


def plugin(tmp_path, source: str, name="agency_plugin.py") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return str(path)


@pytest.fixture
def report_path(tmp_path):
    report = example_report("report-2021.json")
    report["agency"] = None
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return str(path)


def rule_plugin(tmp_path, name: str, code: str) -> str:
    """A plugin registering one rule class ``name`` with ``code`` that finds nothing."""
    return plugin(tmp_path, f"""
        from gzcheck import Rule, hookimpl

        class {name}(Rule):
            code = {code!r}
            def check(self, report, ctx):
                return []

        @hookimpl
        def gzcheck_rules():
            return [{name}]
    """)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_minimal_agency_plugin_from_the_docs(capsys, tmp_path, report_path):
    path = plugin(tmp_path, AGENCY_PLUGIN)
    code, out, _ = run(capsys, "check", report_path, "--plugin", path, "--format", "json")
    assert code == EXIT_FAIL
    [finding] = json.loads(out)["reports"][0]["findings"]
    assert finding == {"code": "GZA-001", "rule": "needs-agency", "severity": "error", "message": "缺少机关名称", "pointer": "/agency", "line": 1,
                       "where": "机关名称（第1行）"}
    code, out, _ = run(capsys, "rules", "--plugin", path)
    assert "GZA-001" in out and f"plugin {path}" in out


def test_plugins_listed_in_the_config_are_loaded(capsys, tmp_path, report_path, monkeypatch):
    plugin(tmp_path, AGENCY_PLUGIN)
    (tmp_path / "gzcheck.yaml").write_text("plugins: [agency_plugin.py]\nseverity: {GZA-001: warning}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", report_path, "--format", "json")
    [finding] = json.loads(out)["reports"][0]["findings"]
    assert code == EXIT_PASS and finding["severity"] == "warning"
    code, _, _ = run(capsys, "check", report_path, "--fail-on", "warning")
    assert code == EXIT_FAIL


def test_a_plugin_that_fails_to_import(capsys, tmp_path, report_path):
    path = plugin(tmp_path, "import no_such_module_here\n", "broken.py")
    code, out, err = run(capsys, "check", report_path, "--plugin", path)
    assert code == EXIT_INTERNAL and "broken.py" in err and "ModuleNotFoundError" in err and out == ""


def test_a_crashing_rule_makes_the_verdict_error_not_pass(capsys, tmp_path, report_path):
    path = plugin(tmp_path, '''
        from gzcheck import hookimpl, Rule
        class Crashes(Rule):
            """Always crashes."""
            code = "GZA-002"
            def check(self, report, ctx):
                return 1 / 0
        @hookimpl
        def gzcheck_rules():
            return [Crashes]
    ''')
    code, out, _ = run(capsys, "check", report_path, "--plugin", path, "--format", "json")
    report = json.loads(out)["reports"][0]
    assert code == EXIT_INTERNAL and report["status"] == "error"
    [finding] = report["findings"]
    assert finding["code"] == "GZA-002" and "ZeroDivisionError" in finding["message"] and "出错" in finding["message"]


def test_a_duplicate_code_names_both_owners(capsys, tmp_path, report_path):
    path = rule_plugin(tmp_path, "Mine", "T3-001")  # clashes with the built-in pack
    code, _, err = run(capsys, "check", report_path, "--plugin", path)
    assert code == EXIT_INTERNAL and "T3-001" in err and "Table3Totals" in err and "Mine" in err


def test_a_badly_coded_rule_is_rejected(capsys, tmp_path, report_path):
    path = rule_plugin(tmp_path, "NoCode", "lowercase")
    code, _, err = run(capsys, "rules", "--plugin", path)
    assert code == EXIT_INTERNAL and "lowercase" in err


@pytest.mark.parametrize(("config", "needle"), [
    ("select: [T3-001, NOPE-001]\n", "NOPE-001"),
    ("ignore: [no-such-rule]\n", "no-such-rule"),
    ("severity: {XX-001: warning}\n", "XX-001"),
    ("options: {T3-001: {tolerance: 1}}\n", "tolerance"),
    ("plugins: [missing_plugin.py]\n", "missing_plugin.py"),
    ("selct: [T3-001]\n", "selct"),
    ("fail_on: sometimes\n", "sometimes"),
    ("select: [T3\n", "无法读取"),
])
def test_config_errors_are_usage_errors(capsys, tmp_path, report_path, config, needle):
    (tmp_path / "gzcheck.yaml").write_text(config, encoding="utf-8")
    code, _, err = run(capsys, "check", report_path, "--config", str(tmp_path / "gzcheck.yaml"))
    assert code == EXIT_USAGE and needle in err


def test_pyproject_config_is_found_upward_to_the_repository_root_and_said(capsys, tmp_path, report_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.gzcheck]\nignore = ["T3"]\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    seedish = example_report("report-2021.json")
    seedish["applications"]["total"]["results"]["total"] = 0
    (sub / "s.json").write_text(json.dumps(seedish), encoding="utf-8")
    code, _, err = run(capsys, "check", "s.json")
    assert code == EXIT_PASS and f"使用配置文件 {tmp_path / 'pyproject.toml'}" in err
    assert run(capsys, "check", "s.json", "--config", str(tmp_path / "nope.yaml"))[0] == EXIT_USAGE


@pytest.mark.parametrize("repository", [True, False])
def test_a_config_above_the_project_is_never_loaded(capsys, tmp_path, monkeypatch, repository):
    """A hidden .gzcheck.yml in a shared folder above the project (a world-writable /tmp) would ignore rules and
    run plugin code: it is not read — above the repository root, or, outside a repository, above the folder."""
    (tmp_path / ".gzcheck.yml").write_text("ignore: [T3]\nplugins: [evil.py]\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    if repository:
        (project / ".git").mkdir()
    monkeypatch.chdir(project / "reports" if repository else project)
    faulty = example_report("report-2021.json")
    faulty["applications"]["total"]["results"]["total"] += 1
    (project / "f.json").write_text(json.dumps(faulty), encoding="utf-8")
    code, _, err = run(capsys, "check", str(project / "f.json"))
    assert code == 1 and "使用配置文件" not in err


def test_a_pyproject_that_only_names_gzcheck_is_not_a_config_and_one_that_configures_it_is(tmp_path):
    from gzcheck.engine import config

    project = tmp_path / "project"
    project.mkdir()
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[project]\nname = "agency-reports"\ndependencies = ["gzcheck"]\n', encoding="utf-8")
    assert config.find_config(project) is None
    pyproject.write_text('[project]\nname = "agency-reports"\ndependencies = ["gzcheck"]\n[tool.gzcheck]\nignore = ["T3"]\n',
                         encoding="utf-8")
    assert config.find_config(project) == pyproject


def test_a_project_folder_whose_name_is_not_utf8_still_finds_its_config(tmp_path, monkeypatch):
    from gzcheck.engine import config

    project = tmp_path / "\udce9t\udcc3"  # bytes a GBK-era folder name leaves undecodable
    try:
        project.mkdir()
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses such names")
    (project / "pyproject.toml").write_text('[tool.gzcheck]\nignore = ["T3"]\n', encoding="utf-8")
    assert config.find_config(project) == project / "pyproject.toml"
    assert config.find_config(project) == project / "pyproject.toml"


def test_debug_shows_the_traceback_in_the_log(tmp_path, report_path):
    import subprocess
    import sys

    path = plugin(tmp_path, "raise RuntimeError('boom')\n", "boom.py")
    proc = subprocess.run([sys.executable, "-m", "gzcheck", "check", report_path, "--plugin", path, "--debug"],
                          capture_output=True, text=True)
    assert proc.returncode == EXIT_INTERNAL and "RuntimeError: boom" in proc.stderr and "Traceback" in proc.stderr


def test_a_plugin_that_forgot_hookimpl_is_an_error_naming_it_never_a_silent_pass(capsys, tmp_path, report_path):
    path = plugin(tmp_path, """
        from gzcheck import Rule

        class NeedsAgency(Rule):
            code = "GZA-001"
            def check(self, report, ctx):
                return []

        def gzcheck_rules():
            return [NeedsAgency]
    """)
    code, _, err = run(capsys, "check", report_path, "--plugin", path)
    assert code == EXIT_INTERNAL and "agency_plugin.py" in err and "gzcheck_rules 上少了 @hookimpl" in err
    code, _, err = run(capsys, "check", report_path, "--plugin", path, "--lang", "en")
    assert code == EXIT_INTERNAL and "is @hookimpl missing on gzcheck_rules?" in err


def test_a_broken_rule_is_said_in_one_language(capsys, tmp_path, report_path):
    path = rule_plugin(tmp_path, "Bad", "XQ01")
    _, _, err = run(capsys, "check", report_path, "--plugin", path)
    assert "插件" in err and "编号 'XQ01' 不合格式" in err and not re.search(r"\b(plugin|rule class|invalid)\b", err)
    _, _, err = run(capsys, "check", report_path, "--plugin", path, "--lang", "en")
    assert "has an invalid code 'XQ01'" in err and not re.search(r"[\u4e00-\u9fff]", err)
