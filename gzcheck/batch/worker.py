"""What runs in a batch worker process: one engine per process, and one small record per file."""

from __future__ import annotations

import json
from collections import Counter

from gzcheck.engine.guard import is_users
from gzcheck.engine.runner import year_key
from gzcheck.model.template import FORMAT_VERSIONS

EXCERPT_CHARS = 160

_engine = None
_waivers = None
_lang = "zh"
_pairing = False


def init_worker(settings) -> None:
    global _engine, _waivers, _lang, _pairing
    from gzcheck.app import build_engine

    _engine, _waivers, _ = build_engine(settings)
    _lang = settings.lang
    _pairing = needs_pairing(_engine)


def needs_pairing(engine) -> bool:
    """Whether a selected rule reads last year's report (then reports are paired by agency and year)."""
    return any(type(rule).needs_previous for rule, _ in engine.rules)


def check_one(path: str) -> dict:
    """Check one file in a worker; always returns a record, whatever the file holds."""
    try:
        result = _engine.check_path(path)
        used = _waivers.apply(result, _engine.config.fail_on) if _waivers is not None else set()
        record = {**record_of(result, _lang), "waivers_used": sorted(used)}
        key = year_key(result.report) if _pairing and result.status != "error" else None
        if key is not None:
            # what a year-over-year rule needs, without the page text, and the key that pairs it; serialised here,
            # in parallel, so the parent only stores it (and reads it back for the reports that have a pair)
            facts = {k: v for k, v in result.report.items() if k not in ("source", "provenance")}
            record["pair"] = {"key": list(key), "facts": json.dumps(facts, ensure_ascii=False, allow_nan=False)}
        return record
    except BaseException as exc:  # noqa: BLE001 - one bad file must never stop a batch
        if is_users(exc):
            raise
        return error_record(path, f"内部错误：{type(exc).__name__}: {exc}", f"internal error: {type(exc).__name__}: {exc}")


def error_record(path: str, reason: str, reason_en: str) -> dict:
    """The record of a file that could not be checked at all."""
    message = reason_en if _lang == "en" else reason
    finding = {"code": "GZ-001", "rule": "unreadable-input", "severity": "error", "message": message, "pointer": None}
    return {"input": path, "status": "error", "agency": None, "year": None, "template": None, "unverified": 0,
            "counts": {"error": 1, "warning": 0, "info": 0}, "codes": {"GZ-001": 1},
            "reason": message, "findings": [finding], "waived": 0, "waivers_used": []}


def record_of(result, lang: str) -> dict:
    report = result.report if isinstance(result.report, dict) else {}
    text = ((report.get("source") or {}).get("text") or "") if isinstance(report.get("source"), dict) else ""
    lines = text.splitlines() if text else []
    findings = []
    for f in result.findings:
        item = f.to_dict(lang)
        if f.line and lines and f.line <= len(lines):
            excerpt = lines[f.line - 1].strip()
            if f.start is not None and f.end is not None:
                excerpt = text[f.start:f.end]
            item["excerpt"] = excerpt if len(excerpt) <= EXCERPT_CHARS else excerpt[:EXCERPT_CHARS] + "…"
        item.pop("details", None)
        findings.append(item)
    reason = next((f.text(lang) for f in result.findings if f.code == "GZ-001" or "internal_error" in f.details), None)
    agency, year = report.get("agency"), report.get("report_year")
    return {
        "input": result.input, "status": result.status,
        # a report of the wrong shape (an agency that is a number, a list for a year) still makes a well-formed row
        "agency": agency if isinstance(agency, str) else None,
        "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
        "template": result.format_version if result.format_version in FORMAT_VERSIONS else None,
        "counts": result.counts(), "codes": dict(Counter(f.code for f in result.findings)), "unverified": result.unverified,
        "reason": reason, "findings": findings, "waived": len(getattr(result, "waived", [])),
    }
