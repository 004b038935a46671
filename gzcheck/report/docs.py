"""Rule documentation generated from the rule classes themselves (it cannot drift)."""

from __future__ import annotations

import json
from typing import IO

from gzcheck.engine.core_codes import CORE_CODES
from gzcheck.errors import UsageError
from gzcheck.finding import SEVERITY_ZH
from gzcheck.engine.plugins import RuleInfo


def rule_rows(rules: dict[str, RuleInfo], lang: str) -> list[dict]:
    """Code, name, severity, origin, summary, why and legal basis of every core code and rule."""
    en = lang == "en"
    rows = [{"code": code, "name": meta["name"], "severity": meta.get("severity", "error"), "origin": "core",
             "summary": meta["summary_en" if en else "summary"], "why": meta["why_en" if en else "why"], "basis": ""}
            for code, meta in CORE_CODES.items()]
    for code, info in rules.items():
        cls = info.cls
        rows.append({"code": code, "name": cls.rule_name(), "severity": cls.severity, "origin": info.origin,
                     "summary": cls.rule_summary(lang), "why": cls.rule_why(lang), "basis": cls.basis})
    return rows


def write_rules(rules: dict[str, RuleInfo], lang: str, fmt: str, stream: IO[str]) -> None:
    rows = rule_rows(rules, lang)
    if fmt == "json":
        json.dump(rows, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    for row in rows:
        level = SEVERITY_ZH[row["severity"]] if lang == "zh" else row["severity"]
        stream.write(f"{row['code']:<9} {row['name']:<34} {level:<8} {row['origin']}\n")
        stream.write(f"          {row['summary']}\n")
        if row["basis"]:
            stream.write(("          依据：" if lang == "zh" else "          basis: ") + row["basis"] + "\n")


def write_explain(rules: dict[str, RuleInfo], code: str, lang: str, stream: IO[str]) -> None:
    zh = lang == "zh"
    wanted = code.strip().upper()
    if wanted in CORE_CODES:
        meta = CORE_CODES[wanted]
        stream.write(f"{wanted}  {meta['name']}  (core)\n\n{meta['summary_en' if not zh else 'summary']}\n\n")
        stream.write(f"{meta['why_en' if not zh else 'why']}\n")
        return
    info = rules.get(wanted) or next((i for i in rules.values() if i.cls.rule_name() == code.strip()), None)
    if info is None:
        raise UsageError(f"没有编号或名称为 {code} 的规则（用 gzcheck rules 查看全部规则）",
                         f"no rule with code or name {code} (see gzcheck rules)")
    cls = info.cls
    level = SEVERITY_ZH[cls.severity] if zh else cls.severity
    out = [f"{cls.code}  {cls.rule_name()}  [{level}]  {info.origin}", "", cls.rule_summary(lang), ""]
    if cls.why:
        out += ["为什么重要：" if zh else "Why it matters:", cls.rule_why(lang), ""]
    if cls.basis:
        out += ["依据：" if zh else "Basis:", cls.basis, ""]
    if cls.options:
        out += ["选项（默认值）：" if zh else "Options (defaults):"]
        out += [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in cls.options.items()] + [""]
    out += _examples(cls, zh)
    stream.write("\n".join(out).rstrip() + "\n")


def _expectation(expect: dict, zh: bool) -> str:
    parts = [expect.get("pointer") or ("整份报告" if zh else "the whole report")]
    if "expected" in expect or "actual" in expect:
        shown = (json.dumps(expect.get("expected"), ensure_ascii=False), json.dumps(expect.get("actual"), ensure_ascii=False))
        parts.append(f"应为 {shown[0]}，实际为 {shown[1]}" if zh else f"expected {shown[0]}, found {shown[1]}")
    rest = {k: v for k, v in expect.items() if k not in ("pointer", "expected", "actual")}
    if rest:
        parts.append(json.dumps(rest, ensure_ascii=False))
    return ("报告问题：" if zh else "finding: ") + ("，" if zh else ", ").join(parts)


def _examples(cls, zh: bool) -> list[str]:
    cases = cls.rule_cases()
    out = []
    for kind, title in (("fail", "不通过的例子" if zh else "A failing example"), ("pass", "通过的例子" if zh else "A passing example")):
        case = next((c for c in cases if c.kind == kind), None)
        if case is None:
            continue
        # case names are written for developers (English); Chinese readers get the data itself
        out += [f"{title}：" if zh else f"{title} ({case.name}):", f"  基于示例报告 {case.base}" if zh else f"  based on the example report {case.base}"]
        for ptr, value in case.patch.items():
            out.append(f"  {ptr} = {json.dumps(value, ensure_ascii=False)}")
        for ptr in case.delete:
            out.append(("  删除 " if zh else "  delete ") + ptr)
        for expect in case.expect:
            out.append("  → " + _expectation(expect, zh))
        out.append("")
    return out
