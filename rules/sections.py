"""The six sections: present, recognisable, in order, and not left empty."""

from __future__ import annotations

from gzcheck import Rule
from gzcheck.normalize import fold, label_key
from gzcheck.model.template import section_headings

# Tokens that identify a section's heading in published variants (SPEC §3).
HEADING_TOKENS = {
    "overall_situation": ("总体情况",),
    "active_disclosure": ("主动公开",),
    "applications": ("收到和处理",),
    "review_and_litigation": ("行政复议", "行政诉讼"),
    "problems_and_improvements": ("问题", "改进"),
    "other_matters": ("其他需要报告",),
}
EMPTY_TEXTS = {"", "无", "暂无", "没有", "本年度无", "略", "见下表"}


class SectionsPresent(Rule):
    """六个部分齐全"""

    code = "SEC-001"
    name = "sections-present"
    summary_en = "all six sections are present"
    message = "缺少第{number}部分「{heading}」"
    message_en = "section {number} '{heading}' is missing"
    why = ("《政府信息公开条例》第五十条规定年度报告应当包括的内容，年报格式据此分为六个部分；"
           "缺少任何一部分，年报即“内容不全面”。")
    basis = "《政府信息公开条例》第五十条；国办公开办函〔2019〕60号、〔2021〕30号年报格式"

    def check(self, report, ctx):
        for number, (key, heading) in enumerate(section_headings().items(), start=1):
            if report["sections"].get(key) is None:
                yield ctx.finding(pointer=f"/sections/{key}", number="一二三四五六"[number - 1], heading=heading)


class SectionHeadings(Rule):
    """各部分标题与格式一致，且按格式顺序排列"""

    code = "SEC-002"
    name = "section-headings"
    severity = "info"
    summary_en = "section headings follow the template and come in template order"
    why = ("统一格式便于公众查阅和上级比对。已发布年报中有“因政府信息公开工作被申请行政复议、提起行政诉讼情况”等变体，"
           "可以接受，但作为提示列出；标题与本部分内容对不上、或各部分顺序颠倒时给出警告。")
    basis = "国办公开办函〔2019〕60号、〔2021〕30号年报格式（六个部分的标题和顺序）"

    def check(self, report, ctx):
        lines = []
        for key, heading in section_headings().items():
            section = report["sections"].get(key)
            if section is None:
                continue
            printed = section.get("heading")
            ptr = f"/sections/{key}/heading"
            where = _position(report, f"/sections/{key}")
            if where is not None:
                lines.append((where, key, heading))
            if not printed:
                continue
            if label_key(printed) == label_key(heading):
                continue
            folded = fold(printed)
            if all(token in folded for token in HEADING_TOKENS[key]):
                yield ctx.finding(pointer=ptr, expected=heading, actual=printed,
                                  message=f"标题「{printed}」与格式「{heading}」的写法不同（可以接受的变体）",
                                  message_en=f"heading '{printed}' differs from the template's '{heading}' (an accepted variant)")
            else:
                yield ctx.finding(pointer=ptr, expected=heading, actual=printed, severity="warning",
                                  message=f"标题「{printed}」不像格式规定的「{heading}」，请核对这一部分是否放错位置",
                                  message_en=f"heading '{printed}' does not look like the template's '{heading}'; is the section misplaced?")
        order = [key for _, key, _ in sorted(lines)]
        expected = [key for _, key, _ in sorted(lines, key=lambda t: list(section_headings()).index(t[1]))]
        if order != expected:
            headings = section_headings()
            yield ctx.finding(pointer="/sections", severity="warning", expected=expected, actual=order,
                              message="各部分顺序与格式不一致：页面上的顺序为 " + " → ".join(headings[k][:2] for k in order),
                              message_en="the sections are not in template order: the page has " + " → ".join(order))


def _position(report, ptr):
    """(line, column) of a section heading on the page: one-line HTML pages need the column too."""
    entry = (report.get("provenance") or {}).get(ptr)
    if not isinstance(entry, dict) or not isinstance(entry.get("line"), int):
        return None
    return entry["line"], entry.get("column") or 0


class SectionContent(Rule):
    """第一、五、六部分有实际内容，不是空白或只写“无”"""

    code = "SEC-003"
    name = "section-content"
    severity = "warning"
    summary_en = "sections 1, 5 and 6 have real content, not blank or just 无"
    options = {"sections": ["overall_situation", "problems_and_improvements", "other_matters"]}
    why = ("总体情况应概述主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作；存在的主要问题及改进情况、"
           "其他需要报告的事项（2021年格式起含信息处理费收取情况）都应如实填写。空白或只写“无”属于“敷衍塞责”，"
           "〔2021〕30号格式要求对此追责（条例第四十七条）。")
    basis = "《政府信息公开条例》第五十条、第四十七条；国办公开办函〔2021〕30号（四）明确责任"

    def check(self, report, ctx):
        headings = section_headings()
        for key in self.options["sections"]:
            section = report["sections"].get(key)
            if section is None:
                continue  # SEC-001 reports a missing section
            text = fold(section.get("text") or "").strip("。.,;")
            if text in EMPTY_TEXTS:
                shown = (section.get("text") or "").strip() or "（空白）"
                yield ctx.finding(pointer=f"/sections/{key}/text", actual=shown,
                                  message=f"「{headings[key]}」没有实际内容（只有“{shown}”）",
                                  message_en=f"'{headings[key]}' has no real content (only '{shown}')")
