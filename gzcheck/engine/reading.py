"""What the engine says about the reading itself: the extractor's notes, the unread cells it was told
about, the cells the sums determined, and the identities nobody could check."""

from __future__ import annotations

from typing import Any

from gzcheck.finding import Finding, SEVERITY_RANK, Severity
from gzcheck.model.identities import IDENTITY_TABLES
from gzcheck.model.template import TABLE_NAMES, describe
from gzcheck.model.unknowns import STATUS_DERIVED, UNREAD, ReportFacts, ocr_candidates, readings_against_sums, unread_pointers

DERIVED_CODE = "GZ-012"
UNVERIFIED_CODE = "GZ-013"
SHOWN = 4


NOTE_RULES = {"GZ-011": "unreadable-cell", "FMT-001": "format-matches-year"}


def notes_of(report: Any) -> list[Finding]:
    """Findings the extractor kept in ``source.notes`` (so a saved extraction is checked like the page)."""
    source = report.get("source") if isinstance(report, dict) else None
    notes = source.get("notes") if isinstance(source, dict) else None
    out = []
    for note in notes or ():
        if isinstance(note, dict) and note.get("severity") in SEVERITY_RANK:
            out.append(Finding(code=note["code"], rule=NOTE_RULES.get(note["code"], "extraction"),
                               severity=note["severity"], message=note["message"], message_en=note.get("message_en"),
                               pointer=note.get("pointer"), related=tuple(note.get("related") or ()), line=note.get("line")))
    return out


def unread_findings(report: dict) -> list[Finding]:
    """An ``unread`` entry must name a table cell that holds no value (else the report contradicts itself)."""
    from gzcheck.model.template import template

    unread = unread_pointers(report)
    if not unread:
        return []
    cells = {c.pointer for c in template(report["format_version"]).cells}
    out = []
    for ptr in sorted(unread):
        if ptr not in cells:
            zh, en = f"unread 中的「{ptr}」不是表格中的一格", f"'{ptr}' in unread is not a table cell"
        elif _value(report, ptr) is not None:
            zh, en = f"{describe(ptr, report['format_version'])}标为未能读取，却填有数值", f"{ptr} is marked unread but holds a value"
        else:
            continue
        out.append(Finding(code="GZ-002", rule="schema", severity=Severity.ERROR, pointer=f"/{UNREAD}", message=zh, message_en=en))
    return out


def _value(report: dict, ptr: str):
    node: Any = report
    for key in ptr[1:].split("/"):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def reading_findings(facts: ReportFacts, report: dict, unverified_fails: bool = False) -> tuple[list[Finding], int]:
    """(findings, number of unverified identities): derived cells (info) and unverified identities, per table."""
    version = report["format_version"]
    raw = report.get("provenance")
    provenance: dict = raw if isinstance(raw, dict) else {}
    if not provenance and not facts.unread:
        return [], 0  # every cell read, none derived: a canonical report as agencies write them
    findings, unverified_count = [], 0
    derived = sorted(p for p, e in provenance.items() if isinstance(e, dict) and e.get("status") == STATUS_DERIVED)
    for table in ("active_disclosure", *IDENTITY_TABLES):
        zh_name, en_name = TABLE_NAMES[table]
        mine = [p for p in derived if p.startswith(f"/{table}/")]
        if mine:
            shown = "；".join(f"{describe(p, version).removeprefix(zh_name)} = {_value(report, p)}" for p in mine[:SHOWN])
            how, how_en = (("按表内合计关系推算", "derived from the table's sums") if table in IDENTITY_TABLES else
                           ("把粘连的数字按正文或上一年度报告唯一确定的方式拆分", "split as the prose or last year's report pins them"))
            findings.append(Finding(
                code=DERIVED_CODE, rule="derived-cells", severity=Severity.INFO, pointer=f"/{table}", related=tuple(mine),
                line=_line(provenance, mine[0]),
                message=f"{zh_name}有 {len(mine)} 格未能从页面直接读取，已{how}：{shown}{'等' if len(mine) > SHOWN else ''}",
                message_en=f"{en_name}: {len(mine)} cell(s) could not be read directly and were {how_en}"))
    for table, identities in facts.unverified().items():
        view = facts.table(table)
        if view is None:  # never: only tables with a view have identities
            continue
        zh_name, en_name = TABLE_NAMES[table]
        cells = sorted(view.grid.pointers[c] for c in view.unknown)
        unverified_count += len(identities)
        names = "；".join(i.zh for i in identities[:SHOWN]) + ("等" if len(identities) > SHOWN else "")
        findings.append(Finding(
            code=UNVERIFIED_CODE, rule="unverified-identities", severity=Severity.ERROR if unverified_fails else Severity.WARNING,
            pointer=f"/{table}", related=tuple(cells), line=_line(provenance, cells[0]) if cells else None,
            message=f"{zh_name}有 {len(identities)} 项勾稽关系因 {len(cells)} 格未能读取而未核对（{names}）；请对照原件核对这些格",
            message_en=f"{en_name}: {len(identities)} identities were not checked because {len(cells)} cell(s) could not be read; "
                       f"check them against the original",
            details={"identities": [i.key for i in identities], "cells": cells}))
        findings += _readings_against_sums(view, report, provenance, version, unverified_fails)
    return findings, unverified_count


def _readings_against_sums(view, report: dict, provenance: dict, version: str, fails: bool) -> list[Finding]:
    """A cell OCR read unsure, left unknown because the sums say another value: both numbers, for a person to
    look at the original (the print may be wrong, or the reading)."""
    out = []
    for cell, ident, value in readings_against_sums(view, ocr_candidates(report, view.grid.pointers)):
        ptr = view.grid.pointers[cell]
        read = "或".join(str(v) for v in sorted(provenance[ptr]["candidates"]))
        out.append(Finding(
            code=UNVERIFIED_CODE, rule="unverified-identities", severity=Severity.ERROR if fails else Severity.WARNING,
            pointer=ptr, line=_line(provenance, ptr),
            message=f"{describe(ptr, version)}识别为 {read}，但没有把握；按{ident.zh}，这一格应为 {value}。"
                    "两者不符，可能是原件印错，也可能是识别错，请对照原件核对这一格",
            message_en=f"{describe(ptr, version, 'en')} was read as {read}, unsure; by the identity ({ident.en}) it would be {value}. "
                       "They differ: the print or the reading is wrong; check this cell against the original",
            expected=value, details={"readings": sorted(provenance[ptr]["candidates"]), "identity": ident.key}))
    return out


def _line(provenance: dict, ptr: str) -> int | None:
    entry = provenance.get(ptr)
    return entry.get("line") if isinstance(entry, dict) else None
