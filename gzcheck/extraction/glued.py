"""Table 二's glued digits, pinned by what else the report says.

Crawler text glues table 二's cells (规范性文件 693665 = 69|3|665?). Table 二 has no sums, so a run is split
only when other evidence leaves exactly one split: the narrative's own numbers (现行有效行政规范性文件665件,
制发…6件) or, with last year's report, 现行有效 continuity (last year's + 制发 − 废止). Otherwise the cells
stay unread.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from gzcheck.extraction.claims import find_claims
from gzcheck.extraction.splitting import no_sums, split_chunks
from gzcheck.model.template import split_pointer, template, value_at
from gzcheck.model.unknowns import STATUS_DERIVED, UNREAD, unread_pointers

ROWS = {"normative": {"2019": "normative_documents", "2021": "administrative_normative_documents"},
        "regulations": {"2019": "regulations", "2021": "regulations"}}
PREFIX = "/active_disclosure/art20_1/"


@cache
def _table2_pointers(version: str) -> frozenset[str]:
    return frozenset(c.pointer for c in template(version).table_cells("active_disclosure"))


def table2_claims(report: dict) -> list[tuple[str, Any, str]]:
    """(cell pointer, claim, section key) for every narrative number about table 二's documents."""
    version = report["format_version"]
    cells = _table2_pointers(version)
    out = []
    for key, section in (report.get("sections") or {}).items():
        if not section or not section.get("text"):
            continue
        for claim in find_claims(section["text"]):
            if not claim.quantity.startswith("t2:"):
                continue
            _, row, column = claim.quantity.split(":")
            ptr = f"{PREFIX}{ROWS[row][version]}/{column}"
            if ptr in cells:
                out.append((ptr, claim, key))
    return out


def glued_runs(report: dict) -> dict[str, tuple[list[str], list[str]]]:
    """Row pointer → (digit chunks as printed, the row's cell pointers) for unread table-二 rows of glued digits."""
    unread = unread_pointers(report)
    if not unread:
        return {}  # a glued row is one whose cells could not be read
    provenance = report.get("provenance") or {}
    by_row: dict[str, list[str]] = {}
    for cell in template(report["format_version"]).table_cells("active_disclosure"):
        if cell.pointer.startswith(PREFIX):  # the documents rows: counts only
            by_row.setdefault(cell.pointer.rsplit("/", 1)[0], []).append(cell.pointer)
    rows = {}
    for row, ptrs in by_row.items():
        if all(ptr in unread for ptr in ptrs):
            chunks = (provenance.get(ptrs[0]) or {}).get("raw", "").split()
            if chunks and all(chunk.isdigit() for chunk in chunks):
                rows[row] = (chunks, ptrs)
    return rows


def splits(chunks: list[str], count: int) -> list[tuple[int, ...]]:
    return split_chunks(chunks, count, no_sums) or []


def pin_table2(report: Any, previous: Any = None) -> Any:
    """The report with each glued table-二 row that the narrative (or last year's report) pins to exactly one
    split filled in, marked derived; the input is never changed."""
    if not isinstance(report, dict) or not unread_pointers(report):
        return report
    runs = glued_runs(report)
    if not runs:
        return report
    claims = table2_claims(report)
    found: dict[str, tuple[int, str]] = {}
    for row, (chunks, ptrs) in runs.items():
        candidates = splits(chunks, len(ptrs))
        said = [(ptrs.index(ptr), claim.value) for ptr, claim, _ in claims if ptr in ptrs]
        keep = [c for c in candidates if all(c[i] == v for i, v in said)]
        how = "正文中的数字" if said else ""
        before = _previous_in_force(previous, report, row)
        columns = [p.rsplit("/", 1)[1] for p in ptrs]
        if before is not None and columns == ["issued_count", "repealed_count", "in_force_count"]:
            keep = [c for c in keep if c[2] == before + c[0] - c[1]]
            how = (how + "和" if how else "") + "上一年度报告的现行有效件数"
        if how and len({tuple(c) for c in keep}) == 1:
            for ptr, value in zip(ptrs, keep[0], strict=True):
                found[ptr] = (value, how)
    if not found:
        return report
    out = dict(report)
    out["active_disclosure"] = copy.deepcopy(report["active_disclosure"])
    provenance = dict(report.get("provenance") or {})
    for ptr, (value, how) in found.items():
        *parents, last = split_pointer(ptr)
        value_at(out, parents)[last] = value
        entry = dict(provenance.get(ptr) or {})
        entry.update(status=STATUS_DERIVED, derived_from=f"粘连数字按{how}拆分")
        provenance[ptr] = entry
    out["provenance"] = dict(sorted(provenance.items()))
    out[UNREAD] = sorted(unread_pointers(report) - set(found))
    return out


def _previous_in_force(previous: Any, report: dict, row: str) -> int | None:
    if not isinstance(previous, dict) or previous.get("report_year") != report["report_year"] - 1:
        return None
    if previous.get("format_version") != "2021" or report["format_version"] != "2021":
        return None
    node: Any = previous
    for key in (row + "/in_force_count")[1:].split("/"):
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, int) and not isinstance(node, bool) else None


def unsplittable(report: dict) -> list[tuple[str, Any, str, str]]:
    """(cell, claim, section key, the glued run) where the narrative states a number that no split of the
    cell's glued row can give: a certain contradiction between the prose and the table."""
    runs = glued_runs(report)
    if not runs:
        return []
    out = []
    for ptr, claim, key in table2_claims(report):
        row = ptr.rsplit("/", 1)[0]
        if row in runs and ptr in runs[row][1]:
            chunks, ptrs = runs[row]
            if not any(c[ptrs.index(ptr)] == claim.value for c in splits(chunks, len(ptrs))):
                out.append((ptr, claim, key, "".join(chunks)))
    return out

