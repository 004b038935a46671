"""The library interface, for notebooks and services: one call to check a report, one to extract one.

    import gzcheck
    result = gzcheck.check("report.docx")               # a path, bytes, or a report as a dict
    result.status, result.findings, result.unverified   # see gzcheck.engine.runner.Result
    report = gzcheck.extract("page.html")                  # the canonical model of a page, Word file or PDF
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gzcheck.app import Settings, build_engine


def _engine(select=(), ignore=(), fail_on=None, plugins=(), config=None, rule_packs=(), lang="zh"):
    settings = Settings(str(config) if config else None, list(plugins), list(select), list(ignore), fail_on, lang,
                        rule_packs=[str(p) for p in rule_packs])
    engine, _, _ = build_engine(settings)
    return engine


def check(report: str | Path | bytes | dict, *, name: str | None = None, previous: Any = None, select=(), ignore=(),
          fail_on: str | None = None, plugins=(), rule_packs=(), config: str | Path | None = None):
    """Check one report — a file path, its bytes (``name`` names it), or a report dict — and return the
    :class:`~gzcheck.engine.runner.Result` (``status``: pass/fail/error, ``findings``, ``unverified``,
    ``report``: the model as checked). ``previous`` is last year's report (path, bytes or dict);
    ``plugins`` and ``rule_packs`` add an agency's rules (Python plugin files or modules, YAML packs)."""
    engine = _engine(select, ignore, fail_on, plugins, config, rule_packs)
    last_year = _as_report(engine, previous, "previous") if previous is not None else None
    if isinstance(report, dict):
        return engine.check(report, input=name or "<report>", previous=last_year)
    if isinstance(report, (bytes, bytearray)):
        from gzcheck.engine.runner import STATUS_ERROR, Result
        from gzcheck.errors import InputError
        from gzcheck.inputs import read_data

        try:
            loaded = read_data(engine.readers, bytes(report), name or "report")
        except InputError as exc:
            return Result(name or "report", STATUS_ERROR, [exc.finding()])
        return engine.check_loaded(loaded, name or "report", previous=last_year)
    return engine.check_path(str(report), previous=last_year)


def extract(source: str | Path | bytes, *, name: str | None = None) -> dict:
    """The canonical report of a page, Word file or PDF (or a JSON/YAML report as read). Raises
    :class:`gzcheck.errors.InputError` (with ``message`` in Chinese, ``message_en``) if it cannot be read."""
    from gzcheck.inputs import BUILTIN_READERS, read_data, read_input

    if isinstance(source, (bytes, bytearray)):
        return read_data(BUILTIN_READERS, bytes(source), name or "report").report
    return read_input(BUILTIN_READERS, str(source)).report


def _as_report(engine, value, name: str):
    if isinstance(value, dict):
        return value
    from gzcheck.inputs import read_data, read_input

    if isinstance(value, (bytes, bytearray)):
        return read_data(engine.readers, bytes(value), name).report
    return read_input(engine.readers, str(value)).report
