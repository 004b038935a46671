"""The public rule-test harness: YAML cases that patch an example report.

An agency writing its own rules reuses this exactly as the built-in pack does::

    from gzcheck.testing import load_cases, run_case
    for case in load_cases("cases/GZA-001.yaml"):
        assert run_case(MyRule, case) == []   # [] means the case holds
"""

from __future__ import annotations

import json

from pathlib import Path

from gzcheck.engine.cases import Case, CaseError, example_report, load_cases

__all__ = ["Case", "example_report", "load_cases", "run_case", "pack_results"]


def run_case(rule_cls, case: Case, lang: str = "zh") -> list[str]:
    """Run one rule on a case; return the mismatches (empty when the case holds), each a readable line: what
    was expected, then what the rule found."""
    from gzcheck.engine.config import Config
    from gzcheck.engine.runner import Engine
    from gzcheck.engine.plugins import RuleInfo

    zh = lang != "en"
    config = Config(options={rule_cls.code: case.options} if case.options else {})
    engine = Engine({rule_cls.code: RuleInfo(rule_cls, "test")}, config)
    try:
        report, previous = case.report(), case.previous_report()
    except CaseError as exc:
        return [f"{case.name}: {exc}"]
    result = engine.check(report, input=case.name, previous=previous)
    got = [f.to_dict() for f in result.findings if f.code == rule_cls.code]
    problems = [(f"规则运行出错：{d['message']}" if zh else f"the rule crashed: {d['message']}")
                for d in got if "internal_error" in d.get("details", {})]
    if result.findings and not got and case.expect:
        messages = "；".join(f.text(lang) for f in result.findings)
        problems.append(f"规则运行之前报告就未通过：{messages}" if zh else f"the report failed before the rule ran: {messages}")
    unmatched = list(got)
    for want in case.expect:
        hit = next((g for g in unmatched if all(g.get(k) == v for k, v in want.items())), None)
        if hit is None:
            problems.append(("期望：" if zh else "expected: ") + _finding_line(want))
            problems += [("  实际：" if zh else "  found:    ") + _finding_line(g) for g in unmatched]
            if not unmatched:
                problems.append("  实际：规则没有发现问题" if zh else "  found:    no finding")
        else:
            unmatched.remove(hit)
    if not case.expect:
        problems += [("不应有问题，实际：" if zh else "expected no finding, found: ") + _finding_line(g) for g in unmatched]
    elif len(case.expect) < len(got):
        problems += [("多出的问题：" if zh else "unexpected: ") + _finding_line(g) for g in unmatched]
    return problems


def _finding_line(finding: dict) -> str:
    """A finding (or the part of one a case expects) as one line: code, pointer, then the other keys."""
    head = " ".join(str(finding[k]) for k in ("code", "severity", "pointer") if finding.get(k) is not None)
    rest = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in finding.items()
                     if k not in ("code", "severity", "pointer", "message", "rule", "details") and v is not None)
    message = f"「{finding['message']}」" if finding.get("message") else ""
    return " ".join(part for part in (head, rest, message) if part)


def pack_results(path: str | Path, lang: str = "zh"):
    """(rule code, case name, mismatches) for every case of the YAML rule pack at ``path``, in order.

    A rule needs at least one passing and one failing case; a missing kind is reported as a mismatch::

        from gzcheck.testing import pack_results
        assert all(not problems for _, _, problems in pack_results("packs/city.yaml"))
    """
    from gzcheck.engine.packs import load_pack

    for rule in load_pack(path):
        cases = rule.rule_cases()
        for case in cases:
            yield rule.code, case.name, run_case(rule, case, lang)
        missing = {"pass", "fail"} - {case.kind for case in cases}
        if missing:
            kinds = " and ".join(sorted(missing))
            zh = "和".join({"fail": "不通过", "pass": "通过"}[k] for k in sorted(missing))
            yield rule.code, (f"（缺少{zh}的用例）" if lang != "en" else f"({kinds} case)"), [
                f"{rule.code} 缺少{zh}的用例，请在它的 cases 下补写" if lang != "en" else
                f"{rule.code} has no {kinds} case: write one under its cases:"]
