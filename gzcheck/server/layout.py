"""What the upload page draws besides the findings: tables 三 and 四 exactly as the template prints them
(group rows, two-level headers, merged label cells), each value cell with its state, the section texts,
and the page text around each flagged span that lies outside the sections.

The page's script only lays these cells out; every label and merge is decided here, from the schema's
own labels, so the drawing cannot drift from the template.
"""

from __future__ import annotations

from typing import Any

from gzcheck.model.schema import report_schema
from gzcheck.model.template import FORMAT_VERSIONS, describe, template, value_at
from gzcheck.model.unknowns import unread_pointers
from gzcheck.result import Result

DEPTH = 3  # table 三's row labels and both tables' column headers have up to three levels
GROUPS = {  # header levels the schema's labels leave out
    "zh": {"applicants": "申请人情况", "organisations": "法人或其他组织", "litigation": "行政诉讼",
           "corner": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"},
    "en": {"applicants": "Applicants", "organisations": "Legal persons or other organisations",
           "litigation": "Administrative litigation", "corner": "(in each column: item 1 + item 2 = item 3 + item 4)"},
}
ORGANISATIONS = ("commercial_enterprise", "research_institution", "social_welfare_organization",
                 "legal_service_organization", "other_organization")
EXCERPT = 60  # characters shown each side of a flagged span of the page


def layout(result: Result, lang: str = "zh") -> dict[str, Any] | None:
    report = result.report
    if not isinstance(report, dict) or report.get("format_version") not in FORMAT_VERSIONS:
        return None
    lang = "en" if lang == "en" else "zh"
    out: dict[str, Any] = {"tables": [], "sections": [], "excerpts": _excerpts(result)}
    for table in ("applications", "review_and_litigation"):
        if isinstance(report.get(table), dict):
            out["tables"].append(table_grid(report, table, lang))
    headings = report_schema()["$defs"]["sections"]["properties"]
    for key, section in (report.get("sections") or {}).items():
        if isinstance(section, dict):
            title = headings.get(key, {}).get("title" if lang == "zh" else "description", key)
            out["sections"].append({"key": key, "heading": section.get("heading") or title, "text": section.get("text") or ""})
    return out


def table_grid(report: dict, table: str, lang: str) -> dict[str, Any]:
    """One table: its title, header rows and body rows of merged cells (``text``, ``rowspan``, ``colspan``) and
    value cells (``pointer``, ``value``, ``state``: printed, blank, unread or derived; ``name``: the cell in words)."""
    version = report["format_version"]
    cells = template(version).table_cells(table)
    unread, provenance = unread_pointers(report), report.get("provenance") or {}
    columns = list(dict.fromkeys(c.path[1] for c in cells))
    words = GROUPS[lang]
    node = report_schema()["properties"][table]
    grid: dict[str, Any] = {"key": table, "title": node["title"] if lang == "zh" else node["description"]}

    def value_cell(cell) -> dict[str, Any]:
        value = value_at(report, cell.path)
        entry = provenance.get(cell.pointer) if isinstance(provenance, dict) else None
        state = ("unread" if cell.pointer in unread else
                 "derived" if isinstance(entry, dict) and entry.get("status") == "derived" else
                 "blank" if value is None else "printed")
        return {"pointer": cell.pointer, "value": value, "state": state, "name": describe(cell.pointer, version, lang)}

    def labels(cell) -> tuple[str, ...]:
        return cell.labels_zh if lang == "zh" else cell.labels_en

    if table == "applications":
        first = [c for c in cells if c.path[1] == columns[0]]
        heads: list[tuple[str, ...]] = []
        for key in columns:
            label = labels(next(c for c in cells if c.path[1] == key))[1]
            heads.append((words["applicants"], words["organisations"], label) if key in ORGANISATIONS
                         else (words["applicants"], label))
        grid["corner"] = {"text": words["corner"], "rowspan": DEPTH, "colspan": DEPTH}
        grid["header"] = _header(heads)
        rows = [labels(c)[2:] for c in first]
        by_row: dict[tuple[str, ...], list[dict[str, Any]]] = {c.path[2:]: [] for c in first}
        for cell in cells:
            by_row[cell.path[2:]].append(value_cell(cell))
        grid["rows"] = [{"labels": starts, "cells": values} for starts, values in zip(_merged(rows), by_row.values(), strict=True)]
        return grid
    heads = []
    for cell in cells:
        group, item = labels(cell)[1], labels(cell)[-1]
        parts = cell.labels_zh[1].split("·")
        heads.append((words["litigation"], group.split("·")[-1], item) if len(parts) > 1 else (group, item))
    grid["corner"] = None
    grid["header"] = _header(heads)
    grid["rows"] = [{"labels": [], "cells": [value_cell(c) for c in cells]}]
    return grid


def _merged(paths: list[tuple[str, ...]]) -> list[list[dict[str, Any]]]:
    """Label paths, one per line (a row, or a column of a header) → the cells each line starts: a label shared
    by the lines after it is one cell spanning them, and a line's last label fills the levels it does not have."""
    out = []
    for i, path in enumerate(paths):
        starts = []
        for level, text in enumerate(path):
            prefix = path[:level + 1]
            if i and paths[i - 1][:level + 1] == prefix:
                continue  # drawn by the cell above (or to the left)
            run = 1
            while i + run < len(paths) and paths[i + run][:level + 1] == prefix:
                run += 1
            starts.append({"text": text, "rowspan": run, "colspan": DEPTH - level if level == len(path) - 1 else 1})
        out.append(starts)
    return out


def _header(columns: list[tuple[str, ...]]) -> list[list[dict[str, Any]]]:
    """Column label paths → the header's rows: :func:`_merged` turned on its side."""
    rows: list[list[dict[str, Any]]] = [[] for _ in range(DEPTH)]
    for starts, path in zip(_merged(columns), columns, strict=True):
        for start in starts:
            level = path.index(start["text"])
            rows[level].append({"text": start["text"], "colspan": start["rowspan"], "rowspan": start["colspan"]})
    return [row for row in rows if row]


def _excerpts(result: Result) -> dict[str, dict[str, str]]:
    """For each finding about a span of the page outside the sections (spam in a page's text), the span and a
    little text either side, keyed by the finding's place in the list."""
    source = result.report.get("source") if isinstance(result.report, dict) else None
    text = source.get("text") if isinstance(source, dict) else None
    if not isinstance(text, str):
        return {}
    out = {}
    for i, f in enumerate(result.findings):
        if f.start is None or f.end is None or (f.pointer or "").startswith("/sections/") or not 0 <= f.start < f.end <= len(text):
            continue
        end = min(f.end, f.start + 400)
        out[str(i)] = {"before": text[max(0, f.start - EXCERPT):f.start], "text": text[f.start:end] + ("…" if end < f.end else ""),
                       "after": text[f.end:f.end + EXCERPT]}
    return out
