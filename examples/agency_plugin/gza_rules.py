"""An agency's own rules, as a one-file gzcheck plugin. Copy this folder and adapt it.

    gzcheck check report.json --plugin examples/agency_plugin/gza_rules.py

or list it under ``plugins:`` in gzcheck.yaml. Its YAML cases (cases/GZA-*.yaml) run with the same harness
as the built-in rules: ``gzcheck.testing.load_cases`` and ``run_case``.
"""

from gzcheck import Rule, hookimpl
from gzcheck.normalize import fold


class NeedsAgency(Rule):
    """Agency name must be present."""

    code = "GZA-001"
    summary = "报告写明发布机关名称"
    why = "本单位要求：年报须写明发布机关全称，便于汇总归档。"
    basis = "本单位政务公开工作规范"

    def check(self, report, ctx):
        if not report.get("agency"):
            yield ctx.finding(pointer="/agency", message="缺少机关名称", message_en="the agency name is missing")


class ContactStated(Rule):
    """The report tells readers whom to ask (a phone number or an office)."""

    code = "GZA-002"
    severity = "warning"
    summary = "报告写明咨询联系方式"
    why = "本单位要求：年报须写明对报告有疑问时的联系方式。"
    basis = "本单位政务公开工作规范"
    options = {"phrases": ["联系电话", "咨询电话", "联系方式"]}
    message = "报告没有写明联系方式（应包含：{wanted}）"
    message_en = "the report does not say whom to contact (expected one of: {wanted})"

    def check(self, report, ctx):
        text = fold("".join((s or {}).get("text") or "" for s in report["sections"].values()))
        if not any(fold(p) in text for p in self.options["phrases"]):
            yield ctx.finding(pointer="/sections", wanted="、".join(self.options["phrases"]))


@hookimpl
def gzcheck_rules():
    return [NeedsAgency, ContactStated]
