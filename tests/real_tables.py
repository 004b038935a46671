"""Hand-transcribed table values of real reports (tests/data/real), as canonical reports."""

from __future__ import annotations

import json
from pathlib import Path

from gzcheck.template import template
from gzcheck.testing import example_report

from .strategies import set_at

DATA = Path(__file__).parent / "data" / "real"


def transcribed(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


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
    for row, values in zip(rows, data["table3"]):
        for column, value in zip(columns, values, strict=True):
            set_at(report, "/" + "/".join(("applications", column) + row), value)
    for cell, value in zip(tpl.table_cells("review_and_litigation"), data["table4"], strict=True):
        set_at(report, cell.pointer, value)
    return report
