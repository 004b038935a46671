"""The check a request asks for, run in a worker process with the engine built once at start-up.

Exactly the command line's engine call and output writer, so a response body is byte for byte what
``gzcheck check --format json`` prints; the worker's main thread gives every check its time budget.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass

from gzcheck.errors import GzcheckError, InputError

_rules = _config = _readers = _formats = None


def init(settings) -> None:
    """Build the engine once per worker (plugins loaded, config read)."""
    global _rules, _config, _readers, _formats
    from gzcheck.app import build_engine

    engine, _, host = build_engine(settings)
    _rules, _config, _readers, _formats = host.rules(), engine.config, engine.readers, host.formats()


@dataclass
class Answer:
    status: int             # HTTP status
    body: str               # the --format json (or sarif) document, or an error document
    verdict: str | None     # pass, fail or error; None for a bad request
    layout: dict | None = None


def check(data: bytes, name: str, options: dict, previous: tuple[bytes, str] | None = None) -> Answer:
    from gzcheck.engine.guard import time_budget
    from gzcheck.engine.runner import STATUS_ERROR, Engine, Result, year_key
    from gzcheck.inputs import read_data

    config = copy.copy(_config)
    try:
        if options.get("select"):
            config.select = list(options["select"])
        config.ignore = list(config.ignore) + list(options.get("ignore", []))
        if options.get("fail_on"):
            from gzcheck.engine.config import check_fail_on

            config.fail_on = check_fail_on(options["fail_on"])
        engine = Engine(_rules, config)
    except GzcheckError as exc:
        return Answer(400, error_document(exc.text(options.get("lang", "zh"))), None)
    engine.readers = _readers
    lang = options.get("lang", "zh")
    with time_budget(config.timeout):
        try:
            loaded = read_data(engine.readers, data, name)
        except InputError as exc:
            result = Result(name, STATUS_ERROR, [exc.finding()])
            return Answer(422, _write([result], lang, options), STATUS_ERROR)
        last_year = None
        if previous is not None:
            try:
                last_year = read_data(engine.readers, *previous).report
            except InputError as exc:
                return Answer(422, error_document(f"上一年度报告无法读取：{exc.text(lang)}" if lang != "en" else
                                                  f"the previous year's report cannot be read: {exc.text(lang)}"), None)
            if year_key(loaded.report, 1) is None or year_key(loaded.report, 1) != year_key(last_year):
                last_year = None
        result = engine.check_loaded(loaded, name, previous=last_year)
    layout = tables_layout(result.report) if options.get("include_report") else None
    return Answer(200, _write([result], lang, options), result.status, layout)


def _write(results, lang: str, options: dict) -> str:
    out = io.StringIO()
    _formats[options.get("format", "json")](results, lang, out, rules=_rules, fail_on=_config.fail_on)
    return out.getvalue()


def error_document(message: str) -> str:
    import json

    return json.dumps({"error": message}, ensure_ascii=False) + "\n"


def tables_layout(report) -> dict | None:
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
