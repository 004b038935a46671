"""Findings in the template's words: which cell, section or field, where in the file, and its values as a
person reads them — never a JSON Pointer, null or a Python repr in what people see."""

from __future__ import annotations

import json
from typing import Any

from gzcheck.finding import Finding
from gzcheck.messages import say
from gzcheck.model.template import cell_words, describe
from gzcheck.result import Result

RELATED_SHOWN = 6


def cell_name(pointer: str | None, version: str | None, lang: str = "zh") -> str:
    """The cell, section or field a pointer names, in the template's words ("" where it names none of them)."""
    if not pointer:
        return ""
    name = describe(pointer, version, lang)
    return "" if name.startswith("/") else name


def where(finding: Finding, version: str | None, lang: str = "zh") -> str:
    """表三「（七）总计」行「总计」列（第507行）: the cell in the template's words, then the spot in the file."""
    cell, spot = cell_name(finding.pointer, version, lang), finding.where(lang)
    if cell and spot:
        return f"{cell}（{spot}）" if lang != "en" else f"{cell} ({spot})"
    return cell or spot


def shown(value: Any, lang: str) -> str:
    """A value for people: a blank cell is 空白 (blank), a number or a text as printed, a list joined."""
    zh = lang != "en"
    if value is None:
        return say("value.blank", lang)
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, (list, tuple)):
        return ("、" if zh else ", ").join(shown(v, lang) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def related_text(related: tuple[str, ...], version: str | None, lang: str) -> str:
    """The other cells a finding involves, in the template's words; a long list is cut for people (JSON and
    SARIF keep every pointer)."""
    names = [n for n in dict.fromkeys(cell_name(p, version, lang) for p in related) if n]
    more = len(names) - RELATED_SHOWN
    text = ("、" if lang != "en" else "; ").join(names[:RELATED_SHOWN])
    if more > 0:
        text += f" 等共 {len(names)} 处" if lang != "en" else f" and {more} more"
    return text


def finding_dict(finding: Finding, version: str | None, lang: str = "zh") -> dict[str, Any]:
    """The finding for programs, with ``where`` in words and, for a table cell, ``location.cell``: the
    template's labels of its table, row and column."""
    out = finding.to_dict(lang)
    out["where"] = where(finding, version, lang)
    words = cell_words(finding.pointer, version, lang) if finding.pointer else None
    if words is not None:
        out["location"] = {**(finding.location or {}), "cell": words}
    return out


def result_dict(result: Result, lang: str = "zh") -> dict[str, Any]:
    out = result.to_dict(lang)
    out["findings"] = [finding_dict(f, result.format_version, lang) for f in result.findings]
    if result.waived:
        out["waived"] = [finding_dict(f, result.format_version, lang) for f in result.waived]
    return out
