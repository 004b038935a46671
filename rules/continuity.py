"""Year over year: this report against the same agency's report for the year before."""

from __future__ import annotations

from gzcheck import Rule
from gzcheck.normalize import fold
from gzcheck.model.template import pointer


def _consecutive(report, previous) -> bool:
    return isinstance(previous, dict) and previous.get("report_year") == report["report_year"] - 1


class CarriedOverContinuity(Rule):
    """本年“上年结转”等于上一年度报告的“结转下年度继续办理”"""

    code = "XYR-001"
    name = "carried-over-continuity"
    severity = "warning"
    summary_en = "this year's carried-over applications equal last year's carried-forward, per applicant column"
    needs_previous = True
    why = ("上一年度结转下年度继续办理的申请，就是本年度的上年结转申请；两者不一致说明其中一年的统计有误，"
           "或者有申请在两个年度之间“消失”或“多出”。逐个申请人列核对。")
    why_en = "What last year carried forward is what this year carried over; a difference means one of the two years' figures is wrong, or applications appeared or vanished between them. Checked per applicant column."
    basis = "国办公开办函〔2019〕60号、〔2021〕30号年报格式表三（二、上年结转；四、结转下年度继续办理）"

    def check(self, report, ctx):
        previous = ctx.previous
        if report.get("applications") is None or not _consecutive(report, previous) or previous.get("applications") is None:
            return
        for column, values in report["applications"].items():
            now = values["carried_over_from_previous_year"]
            before = previous["applications"][column]["carried_forward_to_next_year"]
            if now is None or before is None or now == before:
                continue
            label = ctx.label(pointer("applications", column, "carried_over_from_previous_year"))
            yield ctx.finding(
                pointer=pointer("applications", column, "carried_over_from_previous_year"), expected=before, actual=now,
                message=f"{label}为 {now}，但{previous['report_year']}年度报告的“结转下年度继续办理”为 {before}",
                message_en=f"carried over is {now} here but {before} was carried forward in the {previous['report_year']} report",
                details={"previous_pointer": pointer("applications", column, "carried_forward_to_next_year"),
                         "previous_year": previous["report_year"]})


class InForceContinuity(Rule):
    """现行有效件数与上年数、本年制发和废止件数大致衔接（2021年格式）"""

    code = "XYR-002"
    name = "in-force-continuity"
    severity = "info"
    summary_en = "in force now ≈ in force last year + issued − repealed (2021 template)"
    needs_previous = True
    why = ("表二第二十条第（一）项的现行有效件数，一般等于上年现行有效件数加本年制发、减本年废止。"
           "修改、清理等情形会使两者不完全相等，所以只作提示。")
    why_en = "In force now is normally last year's in force plus issued minus repealed (table 2, art. 20(1)); amendments and clean-ups make it inexact, so this is information only."
    basis = "国办公开办函〔2021〕30号年报格式表二第二十条第（一）项"

    def check(self, report, ctx):
        previous = ctx.previous
        if report["format_version"] != "2021" or not _consecutive(report, previous) or previous.get("format_version") != "2021":
            return
        if report.get("active_disclosure") is None or previous.get("active_disclosure") is None:
            return
        for row, now in report["active_disclosure"]["art20_1"].items():
            before = previous["active_disclosure"]["art20_1"][row]["in_force_count"]
            parts = (before, now["issued_count"], now["repealed_count"], now["in_force_count"])
            if any(v is None for v in parts):
                continue
            expected = before + now["issued_count"] - now["repealed_count"]
            if expected != now["in_force_count"]:
                ptr = pointer("active_disclosure", "art20_1", row, "in_force_count")
                yield ctx.finding(
                    pointer=ptr, expected=expected, actual=now["in_force_count"],
                    message=f"{ctx.label(ptr)}为 {now['in_force_count']}；按上年 {before} 件、本年制发 {now['issued_count']} 件、"
                            f"废止 {now['repealed_count']} 件推算应为 {expected} 件（如有修改、清理请说明）",
                    message_en=f"in force {now['in_force_count']}; last year's {before} + issued {now['issued_count']} "
                               f"- repealed {now['repealed_count']} gives {expected}")


class ProseNotCopied(Rule):
    """正文不照搬上一年度报告（内容雷同）"""

    code = "XYR-003"
    name = "prose-not-copied"
    severity = "info"
    summary_en = "the prose is not a copy of last year's report"
    needs_previous = True
    options = {"threshold": 0.9, "sections": ["overall_situation", "problems_and_improvements", "other_matters"]}
    why = ("国办公开办函〔2021〕30号把年报“内容雷同、敷衍塞责”列为追责情形；法治蓝皮书曾发现有年报照搬上一年度九成内容。"
           "本规则按字符四元组计算与上一年度正文的相似度。")
    why_en = 'The 2021 notice names copied, perfunctory reports (内容雷同、敷衍塞责) as grounds for accountability; reports copying nine tenths of the year before have been found. Similarity is measured on character 4-grams.'
    basis = "国办公开办函〔2021〕30号（四）明确责任；《政府信息公开条例》第四十七条"

    def check(self, report, ctx):
        previous = ctx.previous
        if not _consecutive(report, previous):
            return
        now, before = _prose(report, self.options["sections"]), _prose(previous, self.options["sections"])
        if len(now) < 50 or len(before) < 50:
            return
        similarity = _similarity(now, before)
        if similarity >= self.options["threshold"]:
            yield ctx.finding(
                pointer="/sections", actual=round(similarity, 3), expected=f"< {self.options['threshold']}",
                message=f"正文与{previous['report_year']}年度报告的相似度为 {similarity:.0%}，可能照搬了上一年度的内容",
                message_en=f"the prose is {similarity:.0%} similar to the {previous['report_year']} report",
                details={"similarity": round(similarity, 3)})


def _prose(report, keys) -> str:
    sections = report.get("sections") or {}
    return fold("".join((sections.get(k) or {}).get("text") or "" for k in keys))


def _similarity(a: str, b: str, n: int = 4) -> float:
    grams_a = {a[i:i + n] for i in range(len(a) - n + 1)}
    grams_b = {b[i:i + n] for i in range(len(b) - n + 1)}
    return len(grams_a & grams_b) / len(grams_a | grams_b)
