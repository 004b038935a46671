"""Schema validation: a compiled fast path, jsonschema for precise messages.

Valid documents (the common case) are confirmed by jsonschema-rs in a few
microseconds. Only an invalid document pays for the pure-Python jsonschema
validator, which stays the authority and gives the exact path of each error.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from gzcheck.finding import Finding, Severity
from gzcheck.model.schema import report_schema
from gzcheck.model.template import FORMAT_VERSIONS, describe, pointer

SCHEMA_CODE = "GZ-002"
TEMPLATE_CODE = "GZ-003"
MAX_SCHEMA_FINDINGS = 50

TYPE_ZH = {"integer": "整数", "number": "数字", "string": "字符串", "object": "对象", "array": "数组",
           "null": "空值(null)", "boolean": "布尔值"}


def json_type(value) -> str:
    """The JSON Schema type of a loaded value (``True`` is a boolean, not an integer)."""
    for kind, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"), (dict, "object")):
        if isinstance(value, kind):
            return name
    return "null"


@cache
def _fast_validator():
    import jsonschema_rs

    return jsonschema_rs.validator_for(report_schema())


@cache
def _precise_validator():
    import jsonschema  # type: ignore[import-untyped]  # no type information shipped

    return jsonschema.Draft202012Validator(report_schema())


def is_valid(report: Any) -> bool:
    try:
        return _fast_validator().is_valid(report)
    except (ValueError, TypeError):  # values JSON cannot hold (YAML sets, bytes ...)
        return False


def schema_findings(report: Any) -> list[Finding]:
    """Findings for every way the document departs from the schema; [] if valid."""
    if is_valid(report):
        return []
    mismatch = _template_mismatch(report)
    if mismatch:
        return [mismatch]
    findings = []
    for error in sorted(_precise_validator().iter_errors(report), key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        findings.extend(_translate(error, report))
    unique = {(f.pointer, f.message): f for f in findings}  # if/then branches can repeat an error
    findings = sorted(unique.values(), key=Finding.sort_key)
    if len(findings) > MAX_SCHEMA_FINDINGS:
        rest = len(findings) - MAX_SCHEMA_FINDINGS
        findings = findings[:MAX_SCHEMA_FINDINGS] + [_schema_finding(
            None, f"另有 {rest} 处不符合报告结构，请先修正以上问题",
            f"{rest} more schema violations; fix the ones above first")]
    return findings


def _template_mismatch(report: Any) -> Finding | None:
    """A report filled in the other template: one clear finding, not fifty."""
    if not isinstance(report, dict) or report.get("format_version") not in FORMAT_VERSIONS:
        return None
    declared = report["format_version"]
    other = next(v for v in FORMAT_VERSIONS if v != declared)
    if not is_valid({**report, "format_version": other}):
        return None
    return Finding(
        code=TEMPLATE_CODE, rule="template-mismatch", severity=Severity.ERROR, pointer="/format_version",
        expected=other, actual=declared,
        message=f"报告声明为 {declared} 年格式，但表格是按 {other} 年格式填写的；请将 format_version 改为 \"{other}\" 或按 {declared} 年格式重填表格",
        message_en=f"the report declares the {declared} template but its tables follow the {other} template; "
                   f"set format_version to \"{other}\" or refill the tables",
    )


def _schema_finding(ptr, zh, en, expected=None, actual=None) -> Finding:
    return Finding(code=SCHEMA_CODE, rule="schema", severity=Severity.ERROR, pointer=ptr,
                   message=zh, message_en=en, expected=expected, actual=actual)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= 40 else text[:37] + "..."


def _named(ptr: str, version: str | None, before: str, lang: str = "zh") -> str:
    """The item in the template's words after ``before`` ("：「二、主动公开政府信息情况」部分"), or nothing
    where the template has no words for it (a JSON Pointer is no help to a clerk)."""
    words = describe(ptr, version, lang)
    return "" if words.startswith("/") else before + words


def type_names(types) -> tuple[str, str]:
    """JSON Schema type names in Chinese and English ("整数或空值(null)", "integer or null")."""
    types = [types] if isinstance(types, str) else list(types)
    return "或".join(TYPE_ZH.get(t, t) for t in types), " or ".join(types)


def _translate(error, report) -> list[Finding]:
    path = [str(p) for p in error.absolute_path]
    ptr = pointer(*path)
    version = report.get("format_version") if isinstance(report, dict) else None
    where = describe(ptr, version) if ptr else "报告"
    where_en = describe(ptr, version, "en") if ptr else "the report"
    kind, value, arg = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = [k for k in arg if isinstance(value, dict) and k not in value]
        return [_schema_finding(pointer(*path, k), f"缺少必填项「{k}」{_named(pointer(*path, k), version, '：')}",
                                f"required key '{k}' is missing{_named(pointer(*path, k), version, ': ', 'en')}") for k in missing]
    if kind == "additionalProperties":
        extra = [k for k in value if k not in error.schema.get("properties", {})]
        return [_schema_finding(pointer(*path, k), f"不认识的键「{k}」：报告格式中没有这一项，请检查拼写或格式版本",
                                f"unknown key '{k}': the template has no such item; check its spelling or the format_version")
                for k in extra]
    if kind == "type":
        zh, en = type_names(arg)
        return [_schema_finding(ptr, f"{where}应为{zh}，实际为 {_show(value)}",
                                f"{where_en} must be {en}, found {_show(value)}", expected=en, actual=value)]
    if kind == "minimum":
        return [_schema_finding(ptr, f"{where}不能小于 {arg}，实际为 {_show(value)}",
                                f"{where_en} must be at least {arg}, found {_show(value)}", expected=f">= {arg}", actual=value)]
    if kind == "maximum":
        return [_schema_finding(ptr, f"{where}不能大于 {arg}，实际为 {_show(value)}",
                                f"{where_en} must be at most {arg}, found {_show(value)}", expected=f"<= {arg}", actual=value)]
    if kind in ("enum", "const"):
        choices = arg if kind == "enum" else [arg]
        shown = "、".join(_show(c) for c in choices)
        return [_schema_finding(ptr, f"{where}应为 {shown} 之一，实际为 {_show(value)}",
                                f"{where_en} must be one of {', '.join(_show(c) for c in choices)}, found {_show(value)}",
                                expected=choices, actual=value)]
    if kind == "pattern":
        shape = "YYYY-MM-DD" if ptr == "/published_date" else arg
        return [_schema_finding(ptr, f"{where}格式不对（应为 {shape}），实际为 {_show(value)}",
                                f"{where_en} must look like {shape}, found {_show(value)}", expected=shape, actual=value)]
    return [_schema_finding(ptr, f"{where}不符合报告结构：{error.message}", f"{where_en}: {error.message}")]
