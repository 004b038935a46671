"""The public rule-test harness: YAML cases that patch an example report.

An agency writing its own rules reuses this exactly as the built-in pack does::

    from gzcheck.testing import load_cases, run_case
    for case in load_cases("cases/GZA-001.yaml"):
        assert run_case(MyRule, case) == []   # [] means the case holds
"""

from __future__ import annotations

from pathlib import Path

from gzcheck.engine.cases import Case, CaseError, example_report, load_cases

__all__ = ["Case", "example_report", "load_cases", "run_case", "pack_results"]


def run_case(rule_cls, case: Case) -> list[str]:
    """Run one rule on a case; return the mismatches (empty when the case holds)."""
    from gzcheck.engine.config import Config
    from gzcheck.engine.runner import Engine
    from gzcheck.engine.plugins import RuleInfo

    config = Config(options={rule_cls.code: case.options} if case.options else {})
    engine = Engine({rule_cls.code: RuleInfo(rule_cls, "test")}, config)
    try:
        report, previous = case.report(), case.previous_report()
    except CaseError as exc:
        return [f"{case.name}: {exc}"]
    result = engine.check(report, input=case.name, previous=previous)
    got = [f.to_dict() for f in result.findings if f.code == rule_cls.code]
    problems = [f"{case.name}: crashed: {d['message']}" for d in got if "internal_error" in d.get("details", {})]
    if result.findings and not got and case.expect:
        problems.append(f"{case.name}: the report failed before the rule ran: {[f.message for f in result.findings]}")
    unmatched = list(got)
    for want in case.expect:
        hit = next((g for g in unmatched if all(g.get(k) == v for k, v in want.items())), None)
        if hit is None:
            problems.append(f"{case.name}: expected a finding {want}, got {got}")
        else:
            unmatched.remove(hit)
    for extra in unmatched:
        problems.append(f"{case.name}: unexpected finding {extra}")
    return problems


def pack_results(path: str | Path):
    """(rule code, case name, mismatches) for every case of the YAML rule pack at ``path``, in order.

    A rule needs at least one passing and one failing case; a missing kind is reported as a mismatch::

        from gzcheck.testing import pack_results
        assert all(not problems for _, _, problems in pack_results("packs/city.yaml"))
    """
    from gzcheck.engine.packs import load_pack

    for rule in load_pack(path):
        cases = rule.rule_cases()
        for case in cases:
            yield rule.code, case.name, run_case(rule, case)
        missing = {"pass", "fail"} - {case.kind for case in cases}
        if missing:
            kinds = " and ".join(sorted(missing))
            zh = "和".join({"fail": "不通过", "pass": "通过"}[k] for k in sorted(missing))
            yield rule.code, f"({kinds} case)", [f"{rule.code} 缺少{zh}的用例，请在它的 cases 下补写 / "
                                                  f"{rule.code} has no {kinds} case: write one under its cases:"]
