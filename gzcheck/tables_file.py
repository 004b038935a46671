"""A report whose tables come in a separate file (an Excel workbook attached beside the Word or PDF text):
the two read as one report — the tables, their unread cells and where each was printed from the tables file,
everything else from the report."""

from __future__ import annotations

import copy
from pathlib import Path, PurePath

from gzcheck.errors import InputError
from gzcheck.inputs import Loaded

TABLES = ("active_disclosure", "applications", "review_and_litigation")
WORKBOOKS = (".xlsx", ".xls", ".et")
DOCUMENTS = (".docx", ".doc", ".wps", ".pdf", ".ofd", ".html", ".htm", ".txt")
TABLE_WORDS = ("", "附表", "表格", "统计表", "附件", "_tables", "-tables", " tables")   # 年报.docx + 年报附表.xlsx


def tables_beside(document: str | Path, present: set[str] | None = None) -> Path | None:
    """The workbook of a document's tables, found beside it by name: the same name (年报.docx, 年报.xlsx) or
    the name and a word for tables (年报附表.xlsx). ``present``: the file paths known to exist (a batch's)."""
    path = Path(document)
    if path.suffix.lower() not in DOCUMENTS:
        return None
    for word in TABLE_WORDS:
        for suffix in WORKBOOKS:
            candidate = path.with_name(path.stem + word + suffix)
            if (str(candidate) in present) if present is not None else candidate.is_file():
                return candidate
    return None


def paired_workbooks(paths: list[str]) -> set[str]:
    """The workbooks among ``paths`` that are a document's tables there (checked with it, not alone)."""
    present = set(paths)
    return {str(workbook) for path in paths if (workbook := tables_beside(path, present)) is not None}


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
    merged["unread"] = ([p for p in _list(report.get("unread")) if not p.startswith(in_tables)]
                        + [p for p in _list(sheet.get("unread")) if p.startswith(in_tables)])
    provenance = {p: v for p, v in _dict(report.get("provenance")).items() if not str(p).startswith(in_tables)}
    provenance.update({p: v for p, v in _dict(sheet.get("provenance")).items() if str(p).startswith(in_tables)})
    merged["provenance"] = provenance
    for key in ("format_version", "report_year"):
        if merged.get(key) is None and sheet.get(key) is not None:
            merged[key] = sheet[key]
    source = merged.get("source")
    if isinstance(source, dict) and isinstance(source.get("notes", []), list):
        file = PurePath(tables_name).name
        names = "、".join("表" + "二三四"[TABLES.index(key)] for key in taken)
        # what reading the workbook noticed (hidden sheets, formulas), not what its extraction guessed of the report
        read_notes = [n for n in _list_of_notes(sheet)
                      if isinstance(n, dict) and (n.get("pointer") is None or str(n.get("pointer")).startswith(in_tables))]
        source["notes"] = list(source.get("notes") or []) + read_notes + [{
            "code": "GZ-010", "severity": "info", "pointer": None,
            "message": f"{names}取自表格文件 {file}", "message_en": f"tables taken from {file}"}] + _disagreements(report, sheet, taken, file)
    return Loaded(merged, document.media_type, lines={}, findings=document.findings + tables.findings)


def _disagreements(report: dict, sheet: dict, taken: list[str], file: str) -> list[dict]:
    """A warning where the report prints a table too and its numbers are not the workbook's: the workbook's
    are checked, and the reader of the report sees others."""
    from gzcheck.model.template import describe, template, value_at

    version = sheet.get("format_version")
    notes = []
    for key in taken:
        if not isinstance(report.get(key), dict) or version not in ("2019", "2021"):
            continue
        differing = [cell for cell in template(version).table_cells(key)
                     if value_at(report, cell.path) is not None and value_at(report, cell.path) != value_at(sheet, cell.path)]
        if differing:
            first = differing[0]
            where, where_en = describe(first.pointer, version), describe(first.pointer, version, "en")
            notes.append({"code": "GZ-010", "severity": "warning", "pointer": first.pointer,
                          "message": f"报告正文也印有{where.split('「')[0]}，但有 {len(differing)} 个数字与表格文件 {file} 不同"
                                     f"（如{where}：正文为 {value_at(report, first.path)}，表格文件为 {value_at(sheet, first.path)}）；"
                                     "检查的是表格文件中的数字，请核对两处是否一致",
                          "message_en": f"the report prints this table too, with {len(differing)} number(s) other than in {file} "
                                        f"(e.g. {where_en}: {value_at(report, first.path)} in the report, {value_at(sheet, first.path)} "
                                        "in the tables file); the tables file was checked"})
    return notes


def _list(value) -> list[str]:
    """A report's list of pointers as given (a JSON report is read before it is validated)."""
    return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list_of_notes(report: dict) -> list:
    notes = _dict(report.get("source")).get("notes")
    return notes if isinstance(notes, list) else []
