"""The public rule-test harness: YAML cases that patch an example report.

An agency writing its own rules reuses this exactly as the built-in pack does::

    from gzcheck.testing import load_cases, run_case
    for case in load_cases("cases/GZA-001.yaml"):
        assert run_case(MyRule, case) == []   # [] means the case holds
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from gzcheck.model.template import split_pointer, value_at

EXAMPLES_PACKAGE = "gzcheck.examples"


@dataclass
class Case:
    name: str
    base: str = "report-2021.json"
    patch: dict[str, Any] = field(default_factory=dict)
    delete: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    expect: list[dict[str, Any]] = field(default_factory=list)
    previous: dict[str, Any] | None = None   # last year's report: {base, patch, delete}, for year-over-year rules

    @property
    def kind(self) -> str:
        return "fail" if self.expect else "pass"

    def report(self) -> dict[str, Any]:
        return _patched(self.base, self.patch, self.delete)

    def previous_report(self) -> dict[str, Any] | None:
        if self.previous is None:
            return None
        return _patched(self.previous.get("base", self.base), self.previous.get("patch", {}), self.previous.get("delete", []))


def _patched(base: str, patch: dict[str, Any], delete: list[str]) -> dict[str, Any]:
    report = example_report(base)
    for ptr in delete:
        *parents, last = split_pointer(ptr)
        del value_at(report, parents)[last]
    for ptr, value in patch.items():
        *parents, last = split_pointer(ptr)
        value_at(report, parents)[last] = value
    return report


def example_report(name: str) -> dict[str, Any]:
    """A fresh copy of a bundled example report (``report-2019.json``, ``report-2021.json`` ...)."""
    return copy.deepcopy(_example(name))


_cache: dict[str, Any] = {}


def _example(name: str) -> Any:
    if name not in _cache:
        text = resources.files(EXAMPLES_PACKAGE).joinpath(name).read_text(encoding="utf-8")
        if name.endswith((".yaml", ".yml")):
            from gzcheck.read.yaml_safe import load_yaml

            _cache[name] = load_yaml(text)[0]
        else:
            _cache[name] = json.loads(text)
    return _cache[name]


def load_cases(path: str | Path) -> list[Case]:
    from gzcheck.read.yaml_safe import load_yaml

    data, _ = load_yaml(Path(path).read_text(encoding="utf-8"))
    return [Case(**entry) for entry in data["cases"]]


def run_case(rule_cls, case: Case) -> list[str]:
    """Run one rule on a case; return the mismatches (empty when the case holds)."""
    from gzcheck.engine.config import Config
    from gzcheck.engine.runner import Engine
    from gzcheck.engine.plugins import RuleInfo

    config = Config(options={rule_cls.code: case.options} if case.options else {})
    engine = Engine({rule_cls.code: RuleInfo(rule_cls, "test")}, config)
    result = engine.check(case.report(), input=case.name, previous=case.previous_report())
    got = [f.to_dict() for f in result.findings if f.code == rule_cls.code]
    problems = [f"{case.name}: crashed: {d['message']}" for d in got if "internal_error" in d.get("details", {})]
    if result.findings and not got and case.expect:
        problems.append(f"{case.name}: the report failed before the rule ran: {[f.message for f in result.findings]}")
    unmatched = list(got)
    for want in case.expect:
        hit = next((g for g in unmatched if all(g.get(k) == v for k, v in want.items())), None)
        if hit is None:
            problems.append(f"{case.name}: expected a finding {want}, got {got}")
        else:
            unmatched.remove(hit)
    for extra in unmatched:
        problems.append(f"{case.name}: unexpected finding {extra}")
    return problems
