"""YAML rule packs: the expression language, loading (errors name file:line:column), running like built-in
rules, unknown cells, hostile packs, and a pack rule agreeing with the same rule written in Python."""

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gzcheck import Rule
from gzcheck.engine.config import Config
from gzcheck.engine.evaluation import Scope, Unknown, evaluate
from gzcheck.engine.expressions import ExpressionError, parse
from gzcheck.engine.packs import PackError, load_pack
from gzcheck.engine.plugins import RuleInfo
from gzcheck.engine.runner import Engine
from gzcheck.errors import UsageError
from gzcheck.model.template import template
from gzcheck.normalize import fold
from gzcheck.testing import example_report, pack_results

from .strategies import set_at, valid_reports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PACKS = sorted((ROOT / "examples" / "packs").glob("*.yaml"))
T3 = "/applications/total"


def value(text, report=None, unread=()):
    report = report or example_report("report-2021.json")
    return evaluate(parse(text, (report["format_version"],)), Scope(report, frozenset(unread)))


# -- the expression language -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1 + 2 * 3", Decimal(7)),
    ("(1 + 2) * 3", Decimal(9)),
    ("10 - 2 - 3", Decimal(5)),
    ("90% * 30", Decimal(27)),
    ("-2 + 5", Decimal(3)),
    (f"{T3}/new_received / 3", Decimal(9)),             # a pointer where an operand is due, a division after it
    (f"{T3}/new_received/ 3", Decimal(9)),
    (f"sum({T3}/results/withheld/*)", Decimal(2)),
    (f"max({T3}/new_received, 100) - min(1, 2)", Decimal(99)),
    ("abs(3 - 10)", Decimal(7)),
    ("report_year", Decimal(2023)),
    ("1 < 2 and not (2 < 1)", True),
    ("1 ≥ 2 or 3 ≠ 3", False),
    ("（1 ＋ 2）＊ 3 == 9", True),                          # full-width brackets and operators as typed in Chinese
    ('mentions(other_matters, "信息处理费")', True),
    ('mentions(other_matters, "資訊處理費", "信息处理费")', True),
    ('mentions_all(other_matters, "信息处理费", "快递费")', False),
    ("mentions(sections, '政务公开')", True),
    (r'matches(other_matters, "未收取信息处理费")', True),
    (r'matches(overall_situation, "收到政府信息公开申请\d+件")', True),
    ("chars(other_matters) > 10", True),
    ('published_by("01-31")', True),
    ('published_by("01-20")', False),
    ('published_by("2024-01-25")', True),
    (f"blank({T3}/new_received)", False),
])
def test_expressions_evaluate_on_the_example(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("true or false and false", True),       # and binds tighter than or, as in Python, SQL, CEL and Excel
    ("false and false or true", True),
    ("(true or false) and false", False),
    ("not false and false", False),          # not binds tighter than and
    ("true or true and false or false", True),
])
def test_and_binds_tighter_than_or(text, expected):
    assert value(text) is expected
    assert value(text) is eval(text.replace("true", "True").replace("false", "False"))  # Python agrees


def test_a_blank_cell_counts_as_zero_and_an_unread_one_is_unknown():
    report = example_report("report-2021.json")
    set_at(report, f"{T3}/new_received", None)
    assert value(f"{T3}/new_received + 1", report) == 1
    assert value(f"blank({T3}/new_received)", report) is True
    unknown = value(f"{T3}/new_received + 1 > 0", report, unread={f"{T3}/new_received"})
    assert unknown == Unknown((f"{T3}/new_received",))
    assert value(f"blank({T3}/new_received)", report, unread={f"{T3}/new_received"}) == Unknown((f"{T3}/new_received",))


def test_three_valued_logic_never_guesses():
    unread = {f"{T3}/new_received"}
    known_false, unknown = "1 > 2", f"{T3}/new_received > 0"
    assert value(f"{unknown} and {known_false}", unread=unread) is False   # false whatever the unknown is
    assert value(f"{unknown} or 1 < 2", unread=unread) is True
    assert isinstance(value(f"{unknown} or {known_false}", unread=unread), Unknown)
    assert isinstance(value(f"not ({unknown})", unread=unread), Unknown)


def test_an_absent_table_or_section_is_unknown():
    report = example_report("report-2021.json")
    report["applications"] = None
    report["sections"]["other_matters"] = None
    assert value(f"{T3}/new_received > 0", report).cells == (f"{T3}/new_received",)
    assert value('mentions(other_matters, "x")', report).cells == ("/sections/other_matters",)


def test_a_ratio_of_nothing_is_undefined_not_a_finding():
    assert value("1 / 0 > 0.5").undefined


@pytest.mark.parametrize("text, column, fragment", [
    ("/applications/total/new_recieved > 1", 0, "不存在"),
    ("/applications/total > 1", 0, "不是单个单元格"),
    ("/applications/*/new_received > 1", 0, "sum()"),
    ("1 +", 3, "结尾"),
    ("1 > 'a'", 2, "文字"),
    ("sum(1, 2) and true", 10, "条件"),
    ("1 @ 2", 2, "@"),
    ("mentions(nowhere, 'x')", 9, "nowhere"),
    ("nosuch(1)", 0, "没有函数"),
    ("published_by('13-01')", 13, "MM-DD"),
    ("matches(sections, '(a)\\1')", 18, "无法使用"),
    ("1" * 40 + " > 0", 0, "过长"),
    ("(" * 40 + "1" + ")" * 40 + " > 0", None, "嵌套过深"),
    ("not " * 40 + "true", None, "嵌套过深"),
    ("- " * 40 + "1 > 0", None, "嵌套过深"),
    ("x" * 3000, 0, "过长"),
    (" + ".join(["1"] * 990) + " > 0", None, "过长"),       # a chain the evaluator would recurse through 990 deep
    ("published_by('02-29')", 13, "02-29"),                 # a day only leap years have
    ("mentions(other_matters, '　')", 24, "空的"),          # a phrase that folds to nothing is in every text
    ("mentions_all(other_matters, '办结', ' \u3000\t')", 34, "空的"),
])
def test_bad_expressions_are_named_with_their_column(text, column, fragment):
    with pytest.raises(ExpressionError) as caught:
        parse(text, ("2021",))
    assert fragment in caught.value.zh
    if column is not None:
        assert caught.value.column == column


def test_a_pointer_must_exist_in_every_template_the_rule_applies_to():
    other_2019 = "/applications/total/results/other_handling"   # a cell in 2019, an object in 2021
    assert parse(f"{other_2019} > 0", ("2019",))
    with pytest.raises(ExpressionError, match="2021"):
        parse(f"{other_2019} > 0", ("2019", "2021"))


# -- packs -------------------------------------------------------------------------------------------------------

def write_pack(tmp_path, body: str, name="pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def pack_with(rule: str) -> str:
    return "pack: 测试包\nrules:\n" + "\n".join("  " + line for line in rule.strip("\n").splitlines()) + "\n"


def run(rules, report, **config):
    infos = {cls.code: RuleInfo(cls, "pack test") for cls in rules}
    return Engine(infos, Config(**config)).check(report)


@pytest.mark.parametrize("pack", EXAMPLE_PACKS, ids=lambda p: p.name)
def test_the_example_packs_hold_their_own_cases(pack):
    results = list(pack_results(pack))
    assert results and all(not problems for _, _, problems in results), results


def test_a_case_that_does_not_hold_is_reported(tmp_path):
    path = write_pack(tmp_path, pack_with("""
- code: TST-001
  summary: 第六部分提到信息处理费
  require: mentions(other_matters, "信息处理费")
  cases:
    - name: should fail but passes
      expect: [{pointer: /sections/other_matters}]
    - name: passes
"""))
    [(_, name, problems), *rest] = list(pack_results(path))
    assert name == "should fail but passes" and problems == ["期望：/sections/other_matters", "  实际：规则没有发现问题"]
    [(_, _, problems), *rest] = list(pack_results(path, "en"))
    assert problems == ["expected: /sections/other_matters", "  found:    no finding"]


def test_a_rule_without_a_failing_case_is_reported(tmp_path):
    path = write_pack(tmp_path, pack_with("""
- code: TST-001
  summary: s
  require: 1 > 0
  cases: [{name: passes}]
"""))
    assert any("缺少不通过的用例" in p for _, _, problems in pack_results(path) for p in problems)
    assert any("no fail case" in p for _, _, problems in pack_results(path, "en") for p in problems)


@pytest.mark.parametrize("body, where, fragment", [
    ("pack: x\nrules:\n  - code: SZB-01\n    summary: s\n    require: 1 > 0\n", ":3:11:", "SZB-001"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    require: /applications/total/new_recieved > 0\n", ":5:14:", "不存在"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    require: 1 > (2 + \n", ":5:22:", "结尾"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    require: >-\n      1 > 0 and\n      2 >\n", ":5:14（第 14 个字符）:", "结尾"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    colour: red\n    require: 1 > 0\n", ":3:5:", "colour"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    message: '{0.__class__}'\n    require: 1 > 0\n", ":5:14:", "占位符"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    message: '{actual}'\n    require: mentions(sections, 'x')\n", ":5:14:", "比较"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: '应为 {expected}'\n    require: 1 > 0\n", ":4:14:", "占位符"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    require: 1 + 1\n", ":5:14:", "条件"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    applies: {agency: '(a)\\1'}\n    require: 1 > 0\n", ":5:23:", "模式"),
    ("pack: x\nrules:\n  - {code: SZB-001, summary: s, require: 1 > 0}\n  - {code: SZB-001, summary: t, require: 2 > 0}\n", ":4:12:", "重复"),
    ("pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    require: 1 > 0\n    cases: [{name: c, patch: {/nowhere/x: 1}}]\n", ":6:", "不存在"),
    ("pack: [\n", ":2:", "YAML"),
    ("rules: []\n", ":1:1:", "pack"),
])
def test_a_broken_pack_is_named_by_file_line_and_column(tmp_path, body, where, fragment):
    path = write_pack(tmp_path, body)
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert f"{path}{where}" in caught.value.text("zh") and fragment in caught.value.text("zh"), caught.value.text("zh")
    assert caught.value.exit_code == 3


def test_a_missing_pack_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        load_pack(tmp_path / "nope.yaml")


def test_a_pack_rule_finding_carries_the_comparison_and_the_cell():
    [rule] = load_pack(ROOT / "examples/packs/city-departments.yaml")[1:2]
    result = run([rule], example_report("report-2021.json"))
    [finding] = result.findings
    assert (finding.code, finding.pointer, finding.actual, finding.expected) == ("SZB-002", f"{T3}/results/total", 26, ">= 27")
    assert "办结 26 件" in finding.message and "26 applications" in finding.message_en
    assert result.status == "fail"


def test_a_pack_rule_through_an_unread_cell_is_unverified_never_a_finding(tmp_path):
    path = write_pack(tmp_path, pack_with(f"""
- code: TST-001
  summary: 新收不少于100件
  require: {T3}/new_received >= 100
"""))
    [rule] = load_pack(path)
    report = example_report("report-2021.json")
    # four cells no sum determines: two rows of two columns
    unread = [f"/applications/{column}/{row}" for column in ("total", "natural_person")
              for row in ("new_received", "carried_over_from_previous_year")]
    for ptr in unread:
        set_at(report, ptr, None)
    report["unread"] = unread
    result = run([rule], report, select=["TST"])
    mine = [f for f in result.findings if f.code == "TST-001"]
    assert [f.severity for f in mine] == ["info"] and mine[0].details["unverified"] is True
    assert result.status == "pass" and result.unverified >= 1
    gate = run([rule], report, fail_on_unverified=True)
    assert gate.status == "fail" and [f.severity for f in gate.findings if f.code == "TST-001"] == ["error"]


def test_applicability_limits_a_rule(tmp_path):
    path = write_pack(tmp_path, pack_with("""
- code: TST-001
  summary: 区政府年报提到基层政务公开
  applies: {template: ["2021"], agency_kind: [government], agency: 区人民政府$, years: {from: 2022, to: 2024}}
  require: mentions(overall_situation, "基层政务公开")
"""))
    [rule] = load_pack(path)
    report = example_report("report-2021.json")
    report.update(agency_kind="government", agency="示例市東區人民政府")   # traditional script is folded
    assert [f.code for f in run([rule], report).findings] == ["TST-001"]
    for change in ({"agency": "示例县人民政府"}, {"agency_kind": "department"}, {"report_year": 2025}):
        assert run([rule], {**report, **change}).findings == [], change
    # an agency that could not be read: whether the rule applies is unknown, so it was not checked (never a pass)
    for unread in (None, "", "  "):
        [finding] = run([rule], {**report, "agency": unread}).findings
        assert finding.details == {"unverified": True, "cells": ["/agency"]} and finding.severity == "info"
        assert run([rule], {**report, "agency": unread}, fail_on_unverified=True).status == "fail"
    assert run([rule], example_report("report-2019.json") | {"agency_kind": "government", "agency": "东区人民政府"}).findings == []


def test_a_when_condition_and_an_unless_escape(tmp_path):
    path = write_pack(tmp_path, pack_with(f"""
- code: TST-001
  summary: 有不予公开时说明理由
  when: sum({T3}/results/withheld/*) > 0
  require: mentions(applications, "不予公开")
  unless: mentions(problems_and_improvements, "另行说明")
"""))
    [rule] = load_pack(path)
    report = example_report("report-2021.json")
    assert [f.pointer for f in run([rule], report).findings] == ["/sections/applications"]
    report["sections"]["problems_and_improvements"]["text"] += "不予公开的理由另行说明。"
    assert run([rule], report).findings == []
    quiet = example_report("report-2021.json")
    for key in quiet["applications"]["total"]["results"]["withheld"]:
        quiet["applications"]["total"]["results"]["withheld"][key] = 0
    assert run([rule], quiet).findings == []


# -- where packs come from -----------------------------------------------------------------------------------------

def gzcheck(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gzcheck", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_check_with_a_pack_on_the_command_line():
    done = gzcheck("check", str(ROOT / "gzcheck/examples/report-2021.json"), "--rule-pack", str(EXAMPLE_PACKS[0]),
                   "--format", "json")
    codes = {f["code"] for f in json.loads(done.stdout)["reports"][0]["findings"]}
    assert done.returncode == 1 and {"SZB-002", "SZB-003"} <= codes


def test_packs_from_the_config_are_relative_to_it(tmp_path):
    (tmp_path / "packs").mkdir()
    write_pack(tmp_path / "packs", EXAMPLE_PACKS[0].read_text(encoding="utf-8"), "city.yaml")
    (tmp_path / "gzcheck.yaml").write_text("rule_packs: [packs/city.yaml]\n", encoding="utf-8")
    done = gzcheck("rules", "--format", "json", cwd=tmp_path)
    rows = {row["code"]: row for row in json.loads(done.stdout)}
    assert rows["SZB-002"]["origin"].startswith("pack ") and rows["SZB-002"]["basis"]
    explained = gzcheck("explain", "SZB-002", cwd=tmp_path)
    assert "不通过的例子" in explained.stdout and "通过的例子" in explained.stdout


def test_a_plugin_may_ship_a_pack(tmp_path):
    write_pack(tmp_path, EXAMPLE_PACKS[1].read_text(encoding="utf-8"), "district.yaml")
    plugin = tmp_path / "ships_pack.py"
    plugin.write_text("from pathlib import Path\nfrom gzcheck import hookimpl\n\n@hookimpl\ndef gzcheck_rule_packs():\n"
                      "    return [Path(__file__).with_name('district.yaml')]\n", encoding="utf-8")
    done = gzcheck("rules", "--plugin", str(plugin), "--format", "json")
    rows = {row["code"]: row for row in json.loads(done.stdout)}
    assert "SQX-002" in rows and "ships_pack.py" in rows["SQX-002"]["origin"]


def test_a_broken_pack_fails_closed(tmp_path):
    path = write_pack(tmp_path, "pack: x\nrules:\n  - code: SZB-001\n    summary: s\n    require: 1 >\n")
    done = gzcheck("check", str(ROOT / "gzcheck/examples/report-2021.json"), "--rule-pack", str(path))
    assert done.returncode == 3 and f"{path}:5:" in done.stderr and "Traceback" not in done.stderr
    assert gzcheck("check", str(ROOT / "gzcheck/examples/report-2021.json"), "--rule-pack", str(tmp_path / "no.yaml")).returncode == 2


def test_test_pack_command():
    done = gzcheck("test-pack", *map(str, EXAMPLE_PACKS))
    assert done.returncode == 0 and "0 项失败" in done.stdout


def test_sarif_describes_pack_rules_like_built_in_ones():
    done = gzcheck("check", str(ROOT / "gzcheck/examples/report-2021.json"), "--rule-pack", str(EXAMPLE_PACKS[0]), "--format", "sarif")
    rules = {r["id"]: r for r in json.loads(done.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert "SZB-002" in rules and rules["SZB-002"]["shortDescription"]["text"].startswith("依申请公开办结数")


# -- hostile packs ---------------------------------------------------------------------------------------------------

def test_a_yaml_bomb_is_refused(tmp_path):
    lines = ["pack: x", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 9)]
    path = write_pack(tmp_path, "\n".join(lines) + "\nrules: []\n")
    with pytest.raises(PackError, match="200000"):  # counted while it expands: refused at 200,000 nodes
        load_pack(path)


def test_a_deeply_nested_pack_is_refused(tmp_path):
    path = write_pack(tmp_path, "pack: x\nrules: " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(PackError, match="nested too deeply"):
        load_pack(path)


def test_a_huge_pack_is_refused(tmp_path):
    path = write_pack(tmp_path, "pack: x\n# " + "x" * 1_100_000 + "\nrules: []\n")
    with pytest.raises(PackError, match="1 MB"):
        load_pack(path)


def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path):
    path = write_pack(tmp_path, pack_with("""
- code: TST-001
  summary: s
  applies: {agency: "(a+)+$"}
  require: matches(sections, "(x+x+)+y")
"""))
    [rule] = load_pack(path)
    report = example_report("report-2021.json")
    report["agency"] = "a" * 5000 + "!"
    report["sections"]["other_matters"]["text"] = "x" * 200_000
    run([rule], report)  # RE2 has no backtracking: linear by construction (backtracking Python re would never end)
    report["agency"] = "a" * 5000
    assert [f.code for f in run([rule], report).findings] == ["TST-001"]


def test_huge_numbers_in_a_report_stay_exact(tmp_path):
    path = write_pack(tmp_path, pack_with(f"""
- code: TST-001
  summary: s
  require: {T3}/new_received * 999999999999 * 999999999999 > {T3}/new_received
"""))
    [rule] = load_pack(path)
    report = example_report("report-2021.json")
    set_at(report, f"{T3}/new_received", 10**300)
    assert run([rule], report).status in ("pass", "fail")   # a verdict, no crash


# -- a pack rule and the same rule in Python agree ------------------------------------------------------------------

EQUIVALENT_PACK = f"""
pack: 等价性测试
rules:
  - code: PKA-001
    summary: 办结率
    require: {T3}/results/total >= 90% * ({T3}/new_received + {T3}/carried_over_from_previous_year)
    unless: mentions(problems_and_improvements, "办结率")
  - code: PKA-002
    summary: 部门1月20日前发布
    applies: {{agency_kind: [department]}}
    require: published_by("01-20")
  - code: PKA-003
    summary: 复议纠正不超过两件
    when: /review_and_litigation/administrative_review/total > 0
    require: /review_and_litigation/administrative_review/corrected <= 2 or mentions(sections, "纠正")
"""


class Completion(Rule):
    code = "PYA-001"

    def check(self, report, ctx):
        apps = report.get("applications")
        cells = [f"{T3}/results/total", f"{T3}/new_received", f"{T3}/carried_over_from_previous_year"]
        known = {p: (None if apps is None or ctx.is_unread(p) else _cell(report, p)) for p in cells}
        section = report["sections"].get("problems_and_improvements")
        if section is not None and "办结率" in fold(section.get("text") or ""):
            return
        if any(v is None for v in known.values()):
            yield ctx.finding(pointer=next(p for p, v in known.items() if v is None), severity="info", details={"unverified": True})
            return
        done, new, carried = (known[p] for p in cells)
        if Decimal(str(done)) < Decimal("0.9") * (Decimal(str(new)) + Decimal(str(carried))):
            yield ctx.finding(pointer=cells[0], actual=done)


class PublishedBy(Rule):
    code = "PYA-002"

    def check(self, report, ctx):
        import datetime as dt

        if report.get("agency_kind") != "department":
            return
        published = report.get("published_date")
        if published is None:
            yield ctx.finding(pointer="/published_date", severity="info", details={"unverified": True})
        elif dt.date.fromisoformat(published) > dt.date(report["report_year"] + 1, 1, 20):
            yield ctx.finding(pointer="/published_date")


class CorrectedReviews(Rule):
    code = "PYA-003"

    def check(self, report, ctx):
        ptrs = ["/review_and_litigation/administrative_review/total", "/review_and_litigation/administrative_review/corrected"]
        table = report.get("review_and_litigation")
        total, corrected = (None if table is None or ctx.is_unread(p) else _cell(report, p) for p in ptrs)
        if total is None:
            yield ctx.finding(pointer=ptrs[0], severity="info", details={"unverified": True})
            return
        if total <= 0:
            return
        if "纠正" in fold("\n".join((s or {}).get("text") or "" for s in report["sections"].values())):
            return
        if corrected is None:
            yield ctx.finding(pointer=ptrs[1], severity="info", details={"unverified": True})
        elif corrected > 2:
            yield ctx.finding(pointer=ptrs[1])   # no actual: the condition is not one comparison


def _cell(report, ptr):
    node = report
    for key in ptr[1:].split("/"):
        node = node[key]
    return 0 if node is None else node


@st.composite
def reports_with_unread_cells(draw):
    report = draw(valid_reports())
    version = report["format_version"]
    cells = [c.pointer for c in template(version).cells if c.path[0] != "active_disclosure"]
    unread = draw(st.lists(st.sampled_from(cells), max_size=3, unique=True))
    present = [p for p in unread if report[p.split("/")[1]] is not None]
    for ptr in present:
        set_at(report, ptr, None)
    if present:
        report["unread"] = present
    return report


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports_with_unread_cells())
def test_a_pack_rule_finds_what_the_same_python_rule_finds(tmp_path_factory, report):
    path = tmp_path_factory.mktemp("pack") / "equivalent.yaml"
    if not path.exists():
        path.write_text(EQUIVALENT_PACK, encoding="utf-8")
    packed = {cls.code: RuleInfo(cls, "pack test") for cls in load_pack(path)}
    python = {cls.code: RuleInfo(cls, "test") for cls in (Completion, PublishedBy, CorrectedReviews)}
    def shape(result):
        return sorted((f.code[-3:], f.pointer, f.severity, f.actual, bool(f.details.get("unverified")))
                      for f in result.findings if f.code[:3] in ("PKA", "PYA"))

    assert shape(Engine(packed).check(report)) == shape(Engine(python).check(report))


def test_batch_runs_pack_rules_in_its_workers(tmp_path):
    done = gzcheck("batch", str(ROOT / "gzcheck/examples/report-2021.json"), "--rule-pack", str(EXAMPLE_PACKS[0]),
                   "--output", str(tmp_path / "out"), "--jobs", "2")
    assert done.returncode == 1, done.stderr
    assert "SZB-002" in (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")
    assert "依申请公开办结数不低于" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_the_readme_pack_holds_its_cases(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Rules without Python: rule packs")[1].split("```yaml")[1].split("```")[0]
    path = write_pack(tmp_path, block)
    results = list(pack_results(path))
    assert len(results) == 2 and all(not problems for _, _, problems in results)


def test_a_pipe_in_place_of_a_pack_is_refused_without_waiting(tmp_path):
    import os

    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)
    with pytest.raises(PackError):  # refused by what it is, never opened (opening a FIFO waits for a writer)
        load_pack(fifo)


def test_a_case_that_patches_nothing_is_a_clear_mismatch_not_a_crash():
    from gzcheck.testing import Case, run_case

    [rule] = load_pack(EXAMPLE_PACKS[0])[:1]
    problems = run_case(rule, Case(name="bad", patch={"/nowhere/deep/x": 1}))
    assert problems and "/nowhere/deep/x" in problems[0]


def test_a_summary_with_braces_and_no_message_is_quoted_as_written_and_said_to_be_unmet(tmp_path):
    path = write_pack(tmp_path, pack_with("""
- code: TST-001
  summary: 第五部分写明{整改措施}
  require: mentions(problems_and_improvements, "整改措施")
  cases:
    - {name: 没有, expect: [{pointer: /sections/problems_and_improvements}]}
    - {name: 有, patch: {/sections/problems_and_improvements/text: 已落实整改措施。}}
"""))
    [rule] = load_pack(path)
    [finding] = run([rule], example_report("report-2021.json")).findings
    assert finding.message == "未满足本单位规则「第五部分写明{整改措施}」"
    assert finding.message_en == "does not meet the office's rule '第五部分写明{整改措施}'" and rule.rule_name() == "tst-001"


def test_a_pattern_whose_work_cannot_fit_the_budget_is_not_started(tmp_path):
    """RE2 is linear, but ``.{1000}`` makes each character thousands of steps in C, where no timer reaches: the
    work is sized before it starts, and a pattern that could not finish in the budget is that report's error."""
    path = write_pack(tmp_path, pack_with("""
- code: TST-001
  summary: s
  require: not matches(sections, "[ab].{1000}Q")
"""))
    [rule] = load_pack(path)
    report = example_report("report-2021.json")
    report["sections"]["other_matters"]["text"] = "本机关ab" * 400_000  # 2 MB of text
    result = run([rule], report, timeout=2)
    [finding] = result.findings
    assert result.status == "error" and result.crashed and "TooMuchWork" in finding.message and "2 s" in finding.message
    report["sections"]["other_matters"]["text"] = "本机关ab" * 100
    assert run([rule], report, timeout=2).status == "pass"  # a page of prose fits easily
