"""Rule packs: an agency's own rules written in YAML, checked as strictly as Python plugins.

A pack is validated against ``schemas/rule-pack.schema.json`` and every expression is parsed when it loads,
so a mistake is named by file, line and column before any report is checked, and a broken pack stops the
run (exit 3), never silently drops its rules. Each pack rule becomes a :class:`gzcheck.Rule` subclass, so
``gzcheck rules``, ``explain``, SARIF and the audit report show it exactly like a built-in rule.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from gzcheck.engine.evaluation import Scope, Unknown, evaluate
from gzcheck.engine.expressions import (ALL_SECTIONS, Call, Compare, Expression, ExpressionError, Section, compile_pattern,
                                        compiled, parse)
from gzcheck.engine.rule import Rule
from gzcheck.errors import InputError, PluginError, UsageError
from gzcheck.model.schema import schema_path
from gzcheck.model.template import FORMAT_VERSIONS
from gzcheck.normalize import fold

MAX_PACK_BYTES = 1 << 20  # 1 MB
PACK_SCHEMA = "rule-pack.schema.json"
PLACEHOLDERS = ("actual", "expected", "agency", "year")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class PackError(PluginError):
    """A pack that cannot be used, named by file:line:column. Inside a condition written over several lines the
    place is file:line:column+N (its Nth character), said in each language's words."""

    def __init__(self, message: str, message_en: str):
        super().__init__(_NTH.sub(r":\1:\2（第 \3 个字符）", message), _NTH.sub(r":\1:\2 (character \3)", message_en))


_NTH = re.compile(r":(\d+):(\d+)\+(\d+)")


@dataclass(frozen=True)
class Applies:
    """Which reports a pack rule is about; a report it does not cover is not checked by it."""

    templates: tuple[str, ...] = FORMAT_VERSIONS
    kinds: tuple[str, ...] | None = None
    agency: str | None = None       # an RE2 pattern found in the agency's (folded) name
    first_year: int | None = None
    last_year: int | None = None

    def covers(self, report: dict) -> bool | None:
        """Whether the rule is about ``report``; None when that depends on what could not be read (the agency)."""
        year = report["report_year"]
        if report["format_version"] not in self.templates:
            return False
        if self.kinds is not None and report.get("agency_kind") not in self.kinds:
            return False
        if (self.first_year is not None and year < self.first_year) or (self.last_year is not None and year > self.last_year):
            return False
        if self.agency is not None:
            agency = report.get("agency")
            if not isinstance(agency, str) or not agency.strip():
                return None  # unknown applicability is unknown, not "does not apply"
            return compiled(self.agency).search(fold(agency)) is not None
        return True


class PackRule(Rule):
    """A rule read from a pack: ``require`` must hold for every report it ``applies`` to, ``when`` it holds,
    ``unless`` the report explains itself."""

    pack: ClassVar[str] = ""
    source: ClassVar[str] = ""
    applies: ClassVar[Applies] = Applies()
    when: ClassVar[Expression | None] = None
    require: ClassVar[Expression]
    unless: ClassVar[Expression | None] = None
    target: ClassVar[str | None] = None
    cases: ClassVar[tuple] = ()

    @classmethod
    def case_file(cls):
        return None

    @classmethod
    def rule_cases(cls) -> list:
        return list(cls.cases)

    def check(self, report, ctx):
        covered = self.applies.covers(report)
        if covered is None:
            yield self._unchecked(Unknown(("/agency",)), ctx)
            return
        if not covered:
            return
        budget = ctx.config.timeout if ctx.config is not None else None
        scope = Scope(report, ctx.facts.unread if ctx.facts is not None else frozenset(), budget)
        outcome = evaluate(self.when, scope) if self.when is not None else True
        if outcome is False:
            return
        if outcome is True:
            outcome = evaluate(self.require, scope)
            if outcome is True:
                return
        if self.unless is not None and evaluate(self.unless, scope) is True:
            return  # the report explains itself
        if isinstance(outcome, Unknown):
            if outcome.cells:
                yield self._unchecked(outcome, ctx)
            return  # a ratio of nothing has nothing to check
        actual, expected = self._sides(scope)
        fields = {"actual": _shown(actual), "expected": _shown(expected), "agency": report.get("agency") or "",
                  "year": report["report_year"]}
        cls = type(self)
        # without a message the summary says what the rule asks for, not what is wrong: say it is not met
        summary_en = cls.summary_en or cls.summary
        yield ctx.finding(pointer=cls.target, actual=_plain(actual), expected=expected,
                          message=_fill(cls.message, fields) if cls.message else f"未满足本单位规则「{cls.summary}」",
                          message_en=(_fill(cls.message_en, fields) if cls.message_en else
                                      f"does not meet the office's rule '{summary_en}'" if not cls.message else None))

    def _sides(self, scope: Scope) -> tuple[Any, Any]:
        """A comparison's two sides, for the finding: its left side is what the report says."""
        tree = self.require.tree
        if not isinstance(tree, Compare):
            return None, None
        left, right = evaluate(tree.left, scope), evaluate(tree.right, scope)
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return None, None
        return left, f"{tree.op} {_shown(right)}"

    def _unchecked(self, outcome: Unknown, ctx):
        cells = list(outcome.cells)
        gate = ctx.config is not None and ctx.config.fail_on_unverified
        shown = "、".join(ctx.label(c) for c in cells[:3]) + ("等" if len(cells) > 3 else "")
        shown_en = "; ".join(ctx.label(c, "en") for c in cells[:3]) + ("…" if len(cells) > 3 else "")
        return ctx.finding(
            pointer=cells[0], severity="error" if gate else "info", related=cells[1:],
            message=f"规则 {type(self).code} 未核对：{shown}未能读取或报告中没有，无法判断是否符合要求（未核对不等于通过，请对照原件核对）",
            message_en=f"rule {type(self).code} not checked: {shown_en} could not be read or is not in the report (unchecked is not passed)",
            details={"unverified": True, "cells": cells})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        plain = _plain(value)
        if isinstance(plain, int) and abs(plain) < 10**15:
            return str(plain)
        number = float(value)
        return f"{number:.6g}" if math.isfinite(number) else f"{value.normalize():.6g}"
    return "" if value is None else str(value)


def _fill(template: str, fields: dict[str, Any]) -> str:
    """``{actual}`` and the other placeholders, and nothing else: no format() on text an office wrote."""
    return _PLACEHOLDER.sub(lambda m: str(fields[m.group(1)]), template)


# -- loading ------------------------------------------------------------------------------------------------------

@cache
def pack_schema() -> dict:
    return json.loads(schema_path(PACK_SCHEMA).read_text(encoding="utf-8"))


def load_pack(path: str | Path) -> list[type[PackRule]]:
    """The rules of the pack at ``path``; PackError (exit 3) names file:line:column of whatever is wrong."""
    from gzcheck.read.yaml_safe import load_yaml_marked

    where = str(path)
    text = _read(path)
    try:
        data, marks = load_yaml_marked(text)
    except InputError as exc:
        raise PackError(f"{where}:{exc.line or 1}: 规则包无法读取：{exc.message}",
                        f"{where}:{exc.line or 1}: the rule pack cannot be read: {exc.message_en}") from None
    _validate(data, marks, where)
    rules = [_build(entry, f"/rules/{i}", data["pack"], where, marks) for i, entry in enumerate(data["rules"])]
    seen: set[str] = set()
    for i, cls in enumerate(rules):
        if cls.code in seen:
            raise PackError(f"{_at(where, marks, f'/rules/{i}/code')}: 规则编号 {cls.code} 在包中重复",
                            f"{_at(where, marks, f'/rules/{i}/code')}: the rule code {cls.code} appears twice in the pack")
        seen.add(cls.code)
    return rules


def _read(path: str | Path) -> str:
    """The pack's text: a regular file (never a pipe that does not end), at most MAX_PACK_BYTES, UTF-8."""
    from gzcheck.read.decoding import decode_utf8
    from gzcheck.read.files import read_bytes

    if not Path(path).exists():
        raise UsageError(f"找不到规则包文件：{path}", f"rule pack not found: {path}")
    try:
        return decode_utf8(read_bytes(str(path), MAX_PACK_BYTES), "YAML")
    except InputError as exc:
        raise PackError(f"{path}: 规则包无法读取：{exc.message}", f"{path}: the rule pack cannot be read: {exc.message_en}") from None


def _at(where: str, marks: dict, ptr: str, offset: int = 0) -> str:
    """file:line:column of the value at ``ptr`` (its nearest parent when it is missing), plus a column offset."""
    probe = ptr
    while probe not in marks and probe:
        probe = probe.rsplit("/", 1)[0]
    mark = marks.get(probe)
    if mark is None:
        return f"{where}:1:1"
    if probe == ptr and offset and mark.multiline:  # inside a text written over several lines: its Nth character
        return f"{where}:{mark.line}:{mark.column}+{offset + 1}"
    if probe == ptr and offset:
        return f"{where}:{mark.line}:{mark.column + int(mark.quoted) + offset}"
    return f"{where}:{mark.line}:{mark.column}"


def _validate(data: Any, marks: dict, where: str) -> None:
    """As reports are validated: the compiled validator confirms a good pack; only a broken one pays for
    jsonschema (50 ms to import) and its exact error paths."""
    import jsonschema_rs

    if jsonschema_rs.validator_for(pack_schema()).is_valid(data):
        return
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    from gzcheck.model.template import pointer

    errors = sorted(Draft202012Validator(pack_schema()).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    error = errors[0]
    ptr = pointer(*(str(p) for p in error.absolute_path))
    zh, en = _explain(error)
    more = f"（另有 {len(errors) - 1} 处问题）" if len(errors) > 1 else ""
    raise PackError(f"{_at(where, marks, ptr)}: {ptr or '规则包'} {zh}{more}", f"{_at(where, marks, ptr)}: {ptr or 'the pack'} {en}")


def _explain(error) -> tuple[str, str]:
    kind, arg, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [k for k in arg if isinstance(value, dict) and k not in value]
        return f"缺少必填项「{'、'.join(missing)}」", f"lacks the required key(s) {', '.join(missing)}"
    if kind == "additionalProperties":
        extra = [k for k in value if k not in error.schema.get("properties", {})]
        known = "、".join(error.schema.get("properties", {}))
        return f"有不认识的键「{'、'.join(map(str, extra))}」（可用：{known}）", f"has unknown key(s) {', '.join(map(str, extra))}"
    if kind == "pattern" and "[A-Z]" in arg:
        return f"编号 {value!r} 不对：应像 SZB-001（大写字母前缀、短横线、三位数字）", f"the code {value!r} should look like SZB-001"
    if kind == "enum":
        return f"应为 {'、'.join(map(str, arg))} 之一，而不是 {value!r}", f"must be one of {', '.join(map(str, arg))}, not {value!r}"
    if kind == "type":
        from gzcheck.model.validate import TYPE_ZH, json_type, type_names

        zh, en = type_names(arg)
        found = json_type(value)
        return f"应为{zh}，写成了{TYPE_ZH[found]}（文字请加引号）", f"must be {en}, not {found}"
    limits = {"minLength": ("不能为空", "must not be empty"), "maxLength": (f"过长（最多 {arg} 个字符）", f"is longer than {arg} characters"),
              "minItems": (f"至少要有 {arg} 项", f"needs at least {arg} item(s)"), "maxItems": (f"最多 {arg} 项", f"has more than {arg} items"),
              "minimum": (f"不能小于 {arg}", f"must be at least {arg}"), "maximum": (f"不能大于 {arg}", f"must be at most {arg}"),
              "uniqueItems": ("有重复的项", "repeats an item"), "minProperties": ("不能为空", "must not be empty"),
              "pattern": (f"格式不对（{value!r}）", f"does not have the expected form ({value!r})")}
    if kind in limits:
        return limits[kind]
    return f"不符合规则包格式：{error.message}", f"does not follow the rule pack format: {error.message}"


def _build(entry: dict, ptr: str, pack: str, where: str, marks: dict) -> type[PackRule]:
    applies = _applies(entry.get("applies") or {}, f"{ptr}/applies", where, marks)
    expressions: dict[str, Expression | None] = {}
    for key in ("when", "require", "unless"):
        text = entry.get(key)
        if text is None:
            expressions[key] = None
            continue
        try:
            expression = parse(text, applies.templates)
        except ExpressionError as exc:
            raise PackError(f"{_at(where, marks, f'{ptr}/{key}', exc.column)}: {key} 表达式有误：{exc.zh}",
                            f"{_at(where, marks, f'{ptr}/{key}', exc.column)}: {key}: {exc.en}") from None
        if expression.kind != "bool":
            raise PackError(f"{_at(where, marks, f'{ptr}/{key}')}: {key} 应是一个条件（比较、mentions() 等），而不是数值或文字",
                            f"{_at(where, marks, f'{ptr}/{key}')}: {key} must be a condition (a comparison, mentions() …)")
        expressions[key] = expression
    for key in ("summary", "summary_en"):
        if set(_PLACEHOLDER.findall(entry.get(key) or "")) & set(PLACEHOLDERS):  # other braces are printed as written
            raise PackError(f"{_at(where, marks, f'{ptr}/{key}')}: {key} 是规则的说明，不能含占位符；要在提示中给出数值，请写在 message 中",
                            f"{_at(where, marks, f'{ptr}/{key}')}: {key} describes the rule and takes no placeholders; put them in message")
    for key in ("message", "message_en"):
        for name in _PLACEHOLDER.findall(entry.get(key) or ""):
            if name not in PLACEHOLDERS:
                raise PackError(f"{_at(where, marks, f'{ptr}/{key}')}: {key} 中的 {{{name}}} 不是可用的占位符（可用：{'、'.join(PLACEHOLDERS)}）",
                                f"{_at(where, marks, f'{ptr}/{key}')}: {{{name}}} in {key} is not a placeholder (use {', '.join(PLACEHOLDERS)})")
        require = expressions["require"]  # the schema requires it
        if {"actual", "expected"} & set(_PLACEHOLDER.findall(entry.get(key) or "")) and not (require and isinstance(require.tree, Compare)):
            raise PackError(f"{_at(where, marks, f'{ptr}/{key}')}: {{actual}}、{{expected}} 只能用于 require 是一个比较（如 a >= b）的规则",
                            f"{_at(where, marks, f'{ptr}/{key}')}: {{actual}} and {{expected}} need a require that is one comparison (a >= b)")
    target = entry.get("pointer") or (_default_target(expressions["require"]) if expressions["require"] else None)
    attributes = {
        "code": entry["code"], "name": entry.get("name") or entry["code"].lower(), "severity": entry.get("severity", "error"),
        "summary": entry["summary"], "summary_en": entry.get("summary_en", ""), "message": entry.get("message", ""),
        "message_en": entry.get("message_en", ""), "why": entry.get("why", ""), "why_en": entry.get("why_en", ""),
        "basis": entry.get("basis", ""), "pack": pack, "source": where, "applies": applies, "target": target,
        "cases": tuple(_cases(entry.get("cases") or [], f"{ptr}/cases", where, marks)), **expressions,
        "__doc__": entry["summary"], "__module__": __name__,
    }
    return type(f"PackRule_{entry['code'].replace('-', '_')}", (PackRule,), attributes)


def _applies(raw: dict, ptr: str, where: str, marks: dict) -> Applies:
    agency = raw.get("agency")
    if agency is not None:
        try:
            compile_pattern(agency)
        except ExpressionError as exc:
            raise PackError(f"{_at(where, marks, f'{ptr}/agency')}: agency 模式有误：{exc.zh}",
                            f"{_at(where, marks, f'{ptr}/agency')}: agency: {exc.en}") from None
    years = raw.get("years") or {}
    return Applies(tuple(raw.get("template") or FORMAT_VERSIONS), tuple(raw["agency_kind"]) if "agency_kind" in raw else None,
                   agency, years.get("from"), years.get("to"))


def _default_target(require: Expression) -> str | None:
    """Where a finding points when the rule does not say: the first cell, else the first section, else the date."""
    single = [p for p in require.pointers if "*" not in p]
    if single:
        return single[0]
    nodes = list(require.nodes())
    section = next((n.name for n in nodes if isinstance(n, Section) and n.name != ALL_SECTIONS), None)
    if section:
        return f"/sections/{section}"
    if any(isinstance(n, Call) and n.name == "published_by" for n in nodes):
        return "/published_date"
    return None


def _cases(raw: list[dict], ptr: str, where: str, marks: dict) -> list:
    from gzcheck.engine.cases import Case, CaseError

    cases = []
    for i, entry in enumerate(raw):
        case = Case(**entry)
        try:
            case.report()
        except CaseError as exc:
            raise PackError(f"{_at(where, marks, f'{ptr}/{i}')}: 用例「{case.name}」的指针在示例报告中不存在（{exc}）",
                            f"{_at(where, marks, f'{ptr}/{i}')}: case {case.name!r}: {exc}") from None
        cases.append(case)
    return cases
