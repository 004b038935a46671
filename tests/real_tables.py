"""Hand-transcribed table values of real reports (tests/data/real), as canonical reports."""

from __future__ import annotations

import json
from pathlib import Path

from gzcheck.model.template import template
from gzcheck.testing import example_report

from .strategies import get_at, set_at

DATA = Path(__file__).parent / "data" / "real"


def transcribed(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def all_transcribed() -> list[tuple[str, dict]]:
    """(corpus file name, expected values) for every hand-checked real report."""
    out = []
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out += [(name, data) for name in data["files"]]
    return out


def expected_cells(data: dict) -> dict[str, object]:
    """Pointer -> expected value for every cell of tables 三 and 四."""
    tpl = template(data["format_version"])
    columns = tpl.keys_at("applications")
    rows = [c.path[2:] for c in tpl.table_cells("applications") if c.path[1] == columns[0]]
    cells = {}
    for row, values in zip(rows, data["table3"], strict=True):
        for column, value in zip(columns, values, strict=True):
            cells["/" + "/".join(("applications", column) + row)] = value
    for cell, value in zip(tpl.table_cells("review_and_litigation"), data["table4"], strict=True):
        cells[cell.pointer] = value
    return cells


def compare(data: dict, report: dict, name: str) -> dict[str, list[str]]:
    """Cells read right, read wrong (a value that is not the page's), refused (left unread), and derived from
    the sums where the page shows an empty cell (a conversion that lost it)."""
    out: dict[str, list[str]] = {"right": [], "wrong": [], "refused": [], "derived": []}
    for ptr, want in expected_cells(data).items():
        try:
            got = get_at(report, ptr)
        except (KeyError, TypeError):
            got = None
        status = (report.get("provenance", {}).get(ptr) or {}).get("status")
        if status == "derived" and want is None:
            out["derived"].append(ptr)
        elif got == want and (got is not None or _blank_in_page(ptr, report)):
            out["right"].append(ptr)
        elif got is None:
            out["refused"].append(ptr)
        else:
            out["wrong"].append(ptr)
    return out


def _blank_in_page(ptr: str, report: dict) -> bool:
    """A null that the page itself printed blank (its provenance says so), not one we refused to read."""
    entry = report.get("provenance", {}).get(ptr)
    return entry is not None and "inferred" not in entry and "status" not in entry


def with_tables(name: str) -> dict:
    """A bundled example report carrying the transcribed tables 三 and 四 of a real one."""
    data = transcribed(name)
    version = data["format_version"]
    report = example_report(f"report-{version}.json")
    report["report_year"] = data["report_year"]
    tpl = template(version)
    columns = tpl.keys_at("applications")
    rows = [c.path[2:] for c in tpl.table_cells("applications") if c.path[1] == columns[0]]
    assert len(data["table3"]) == len(rows), f"{name}: {len(data['table3'])} rows, the template has {len(rows)}"
    for row, values in zip(rows, data["table3"], strict=False):
        for column, value in zip(columns, values, strict=True):
            set_at(report, "/" + "/".join(("applications", column) + row), value)
    for cell, value in zip(tpl.table_cells("review_and_litigation"), data["table4"], strict=True):
        set_at(report, cell.pointer, value)
    return report
