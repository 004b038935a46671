"""A report whose tables come in a separate file (an Excel workbook attached beside the Word or PDF text):
the two read as one report — the tables, their unread cells and where each was printed from the tables file,
everything else from the report."""

from __future__ import annotations

import copy
from pathlib import PurePath

from gzcheck.errors import InputError
from gzcheck.inputs import Loaded

TABLES = ("active_disclosure", "applications", "review_and_litigation")


def with_tables(document: Loaded, tables: Loaded, tables_name: str) -> Loaded:
    report, sheet = document.report, tables.report
    if not isinstance(report, dict) or not isinstance(sheet, dict):
        raise InputError("报告或表格文件不是年报", "the report or the tables file is not a report")
    taken = [key for key in TABLES if isinstance(sheet.get(key), dict)]
    if not taken:
        raise InputError(f"表格文件 {PurePath(tables_name).name} 中没有找到表二、表三或表四",
                         f"no table 二, 三 or 四 was found in the tables file {PurePath(tables_name).name}")
    if report.get("format_version") and sheet.get("format_version") and report["format_version"] != sheet["format_version"]:
        raise InputError(f"表格文件按{sheet['format_version']}年版格式填写，报告正文是{report['format_version']}年版格式，不能合并检查",
                         f"the tables file follows the {sheet['format_version']} template, the report the {report['format_version']} one")
    merged = copy.deepcopy(report)
    in_tables = tuple(f"/{key}/" for key in taken)
    for key in taken:
        merged[key] = copy.deepcopy(sheet[key])
    merged["unread"] = ([p for p in report.get("unread") or [] if not p.startswith(in_tables)]
                        + [p for p in sheet.get("unread") or [] if p.startswith(in_tables)])
    provenance = {p: v for p, v in (report.get("provenance") or {}).items() if not p.startswith(in_tables)}
    provenance.update({p: v for p, v in (sheet.get("provenance") or {}).items() if p.startswith(in_tables)})
    merged["provenance"] = provenance
    for key in ("format_version", "report_year"):
        if merged.get(key) is None and sheet.get(key) is not None:
            merged[key] = sheet[key]
    source = merged.get("source")
    if isinstance(source, dict):
        names = "、".join("表" + "二三四"[TABLES.index(key)] for key in taken)
        sheet_notes = [n for n in ((sheet.get("source") or {}).get("notes") or []) if n.get("severity") != "info"]
        source["notes"] = list(source.get("notes") or []) + sheet_notes + [{
            "code": "GZ-010", "severity": "info", "pointer": None,
            "message": f"{names}取自表格文件 {PurePath(tables_name).name}", "message_en": f"tables taken from {PurePath(tables_name).name}"}]
    return Loaded(merged, document.media_type, lines={}, findings=document.findings + tables.findings)
