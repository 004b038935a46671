"""The agency plugin in examples/ loads through --plugin and its cases pass with the public harness."""

import importlib.util
import json

import pytest

from gzcheck.cli import main
from gzcheck.testing import example_report, load_cases, run_case

from .conftest import ROOT

FOLDER = ROOT / "examples" / "agency_plugin"


def _module():
    spec = importlib.util.spec_from_file_location("gza_rules", FOLDER / "gza_rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RULES = _module().gzcheck_rules()
CASES = [(rule, case) for rule in RULES for case in load_cases(FOLDER / "cases" / f"{rule.code}.yaml")]


@pytest.mark.parametrize(("rule", "case"), CASES, ids=[f"{r.code}: {c.name}" for r, c in CASES])
def test_example_plugin_cases(rule, case):
    assert run_case(rule, case) == []


def test_example_plugin_through_the_command_line(capsys, tmp_path):
    report = example_report("report-2021.json")
    report["agency"] = None
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    code = main(["check", str(path), "--plugin", str(FOLDER / "gza_rules.py"), "--select", "GZA", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    assert code == 1 and {f["code"] for f in findings} == {"GZA-001", "GZA-002"}
