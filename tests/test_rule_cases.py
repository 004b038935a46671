"""Every rule's YAML cases hold, and every rule has a passing and a failing case."""

import pytest

from gzcheck.engine.plugins import PluginHost
from gzcheck.testing import load_cases, run_case

RULES = PluginHost().load().rules()
CASES = [(info.cls, case) for info in RULES.values() if info.cls.case_file() for case in load_cases(info.cls.case_file())]


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_a_passing_and_a_failing_case(code):
    cls = RULES[code].cls
    assert cls.case_file() is not None, f"{code} has no cases/{code}.yaml"
    kinds = {case.kind for case in load_cases(cls.case_file())}
    assert kinds == {"pass", "fail"}, f"{code} needs both a passing and a failing case, has {kinds}"


@pytest.mark.parametrize(("rule", "case"), CASES, ids=[f"{r.code}: {c.name}" for r, c in CASES])
def test_case(rule, case):
    assert run_case(rule, case) == []


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented(code):
    cls = RULES[code].cls
    assert cls.rule_summary("zh") and cls.rule_summary("en") != cls.rule_name(), code
    assert cls.why and cls.basis, f"{code} must say why it matters and its legal basis"
    assert cls.why_en, f"{code} must say why it matters in English too (explain --lang en)"
