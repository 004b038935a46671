"""The check a request asks for, run in a worker process with a checker built once per set of options.

Exactly the command line's check and output writer, so a response body is byte for byte what
``gzcheck check --format json`` prints; the worker's main thread gives every check its time budget.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from gzcheck.errors import GzcheckError, InputError
from gzcheck.result import Result, Status
from gzcheck.settings import Settings


@dataclass
class Answer:
    status: int             # HTTP status
    body: str               # the --format json (or sarif) document, or an error document
    verdict: str | None     # pass, fail or error; None for a bad request
    layout: dict | None = None


def request_settings(settings: Settings, options: dict) -> Settings:
    """The server's settings with what one request chose (rules, fail level, language)."""
    return replace(settings, select=tuple(options.get("select") or settings.select),
                   ignore=(*settings.ignore, *options.get("ignore", ())), fail_on=options.get("fail_on") or settings.fail_on,
                   lang=options.get("lang", "zh"))


def answer(settings: Settings, data: bytes, name: str, options: dict, previous: tuple[bytes, str] | None = None) -> Answer:
    from gzcheck.checker import checker_for

    lang = options.get("lang", "zh")
    try:
        checker = checker_for(request_settings(settings, options))
    except GzcheckError as exc:
        return Answer(400, error_document(exc.text(lang)), None)
    last_year = None
    if previous is not None:
        try:
            last_year = checker.read_previous(*previous)
        except InputError as exc:
            return Answer(422, error_document(f"上一年度报告无法读取：{exc.text(lang)}" if lang != "en" else
                                              f"the previous year's report cannot be read: {exc.text(lang)}"), None)
    result = checker.check(data, name=name, previous=last_year)
    layout = tables_layout(result.report) if options.get("include_report") else None
    return document(checker.formats, checker.rules, checker.config.fail_on, result, options, layout)


def document(formats: dict, rules: dict, fail_on: str, result: Result, options: dict, layout: dict | None = None) -> Answer:
    """The answer carrying ``result`` as the command line writes it: 422 when the file could not be read."""
    out = io.StringIO()
    formats[options.get("format", "json")]([result], options.get("lang", "zh"), out, rules=rules, fail_on=fail_on)
    unreadable = result.status is Status.ERROR and not result.crashed and result.report is None
    return Answer(422 if unreadable else 200, out.getvalue(), result.status.value, layout)


def error_document(message: str) -> str:
    import json

    return json.dumps({"error": message}, ensure_ascii=False) + "\n"


def tables_layout(report: Any) -> dict | None:
    """Tables 三 and 四 as the upload page draws them: labels, and for each cell its pointer and value."""
    from gzcheck.model.template import FORMAT_VERSIONS, template, value_at
    from gzcheck.model.unknowns import unread_pointers

    if not isinstance(report, dict) or report.get("format_version") not in FORMAT_VERSIONS:
        return None
    version, unread = report["format_version"], unread_pointers(report)
    out: dict = {"unread": sorted(unread), "sections": {}}
    for key, section in (report.get("sections") or {}).items():
        if isinstance(section, dict):
            out["sections"][key] = {"heading": section.get("heading"), "text": section.get("text")}
    tpl = template(version)
    for table in ("applications", "review_and_litigation"):
        if report.get(table) is None:
            continue
        cells = tpl.table_cells(table)
        rows: dict = {}
        for cell in cells:
            row = cell.labels_zh[-1] if table == "applications" else cell.labels_zh[1]
            column = cell.labels_zh[1] if table == "applications" else cell.labels_zh[-1]
            rows.setdefault(row, []).append({"pointer": cell.pointer, "column": column, "value": value_at(report, cell.path)})
        out[table] = [{"label": label, "cells": row} for label, row in rows.items()]
    return out
