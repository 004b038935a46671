"""Nothing outside the project decides a verdict: no cache is read, no private interpreter module is used, and a
run that would check nothing (no built-in rules found, or a selection that leaves no rule) is refused."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gzcheck.cli import main
from gzcheck.errors import EXIT_INTERNAL, EXIT_USAGE

from .conftest import shared_path

PACKAGE = Path(__file__).resolve().parents[1]
PRIVATE = re.compile(r"\b(?:_sre|_signal|sre_parse|sre_compile|sre_constants|re\._compiler|re\._parser|re\._constants|"
                     r"_ncallbacks|_run_exitfuncs)\b|from re import _")


def test_no_private_interpreter_module_in_the_package():
    for folder in ("gzcheck", "rules"):
        for path in (PACKAGE / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                assert not PRIVATE.search(line), f"{path}:{number}: {line.strip()}"


def _plant(cache: Path) -> None:
    """What a restored CI cache or a hostile user could leave in gzcheck's old cache folder."""
    folder = cache / "gzcheck"
    folder.mkdir(parents=True)
    for name in ("entry-points-gzcheck.json", "spam-lexicon.json", "claims-first-characters.json", "pyproject-answers.json",
                 "regex-claims.json", "regex-heading-ordinals.json"):
        (folder / name).write_text('{"x": []}', encoding="utf-8")
    (folder / "garbage.json").write_bytes(os.urandom(4096))
    os.mkfifo(folder / "fifo.json")
    os.symlink("/dev/zero", folder / "zero.json")


def _check(page: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gzcheck", "check", "--format", "json", str(page)], capture_output=True,
                          text=True, env=env, timeout=120)


def test_a_planted_cache_changes_nothing(tmp_path):
    page = shared_path("seeds", "guangzhou-zwfw-2019-scraped.txt")
    clean = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "clean"), "HOME": str(tmp_path / "home-clean")}
    planted = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "planted"), "HOME": str(tmp_path / "home-planted")}
    _plant(tmp_path / "planted")
    _plant(tmp_path / "home-planted" / ".cache")
    before, after = _check(page, clean), _check(page, planted)  # a FIFO would block a reader: the timeout says it did not
    assert before.returncode == after.returncode == 1
    assert before.stdout == after.stdout
    assert {f["code"] for f in json.loads(after.stdout)["reports"][0]["findings"]} == {"T3-001", "SPAM-001"}


def test_without_the_built_in_rules_nothing_passes(monkeypatch, capsys, tmp_path):
    """A vendored copy or a ``--target`` install without gzcheck's entry point: refused, never a run of no rules."""
    import importlib.metadata

    report = tmp_path / "r.json"
    report.write_text(json.dumps({"format_version": "2021"}), encoding="utf-8")
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kwargs: [])
    assert main(["check", str(report)]) == EXIT_INTERNAL
    assert "内置规则包" in capsys.readouterr().err


@pytest.mark.parametrize("flags", [["--select", "T3", "--ignore", "T3"], ["--select", "T4-001", "--ignore", "T4"]])
def test_a_selection_that_leaves_no_rule_is_refused(flags, capsys, tmp_path):
    report = tmp_path / "r.json"
    report.write_text("{}", encoding="utf-8")
    assert main(["check", str(report), *flags]) == EXIT_USAGE
    assert "没有任何规则可运行" in capsys.readouterr().err


def test_library_calls_leave_the_environment_and_each_other_alone(tmp_path):
    import gzcheck

    before = dict(os.environ)
    report = json.loads((PACKAGE / "gzcheck" / "examples" / "report-2021.json").read_text(encoding="utf-8"))
    plugin = tmp_path / "agency.py"
    plugin.write_text("from gzcheck import Rule, hookimpl\n\nclass Always(Rule):\n    '''Always.'''\n    code = 'TST-777'\n"
                      "    def check(self, report, ctx):\n        yield ctx.finding(message='x')\n\n"
                      "@hookimpl\ndef gzcheck_rules():\n    return [Always]\n", encoding="utf-8")
    assert gzcheck.check(report, no_plugins=True).status == "pass"
    assert [f.code for f in gzcheck.check(report, plugins=[str(plugin)]).findings] == ["TST-777"]
    assert gzcheck.check(report).status == "pass"  # the plugin of the call before is not kept
    assert dict(os.environ) == before
