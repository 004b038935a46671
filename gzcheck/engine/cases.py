"""Rule cases: a name, a bundled example report patched, and the findings expected (none for a passing case).

The data side of :mod:`gzcheck.testing`, kept here so that rules and packs can carry their cases without
importing the harness that runs them."""

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


class CaseError(ValueError):
    """A case that patches or deletes a place the example report does not have."""


def _patched(base: str, patch: dict[str, Any], delete: list[str]) -> dict[str, Any]:
    report = example_report(base)
    for ptr in delete:
        parent, last = _parent(report, ptr, "delete")
        if last not in parent:
            raise CaseError(f"delete {ptr}: the example report {base} has no such key")
        del parent[last]
    for ptr, value in patch.items():
        parent, last = _parent(report, ptr, "patch")
        parent[last] = value
    return report


def _parent(report: dict, ptr: str, what: str) -> tuple[dict, str]:
    *parents, last = split_pointer(ptr)
    try:
        parent = value_at(report, parents)
    except (KeyError, TypeError):
        parent = None
    if not isinstance(parent, dict):
        raise CaseError(f"{what} {ptr}: the example report has no object at {'/' + '/'.join(parents)}")
    return parent, last


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
