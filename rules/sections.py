"""The six sections: present, recognisable, in order, and not left empty."""

from __future__ import annotations

from gzcheck import Rule
from gzcheck.media import XLSX
from gzcheck.model.headings import heading_variant
from gzcheck.normalize import fold
from gzcheck.model.template import section_headings

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
    why_en = 'Art. 50 of the Regulations fixes what the annual report contains; the template splits it into six sections, and a report without one of them is incomplete.'
    basis = "《政府信息公开条例》第五十条；国办公开办函〔2019〕60号、〔2021〕30号年报格式"

    def check(self, report, ctx):
        missing = [(number, key, heading) for number, (key, heading) in enumerate(section_headings().items(), start=1)
                   if report["sections"].get(key) is None]
        source = report.get("source")
        if missing and isinstance(source, dict) and source.get("media_type") == XLSX:  # an Excel file of the tables
            # a workbook holds the tables only: said once, the text is checked with the report it goes with
            names = "、".join(f"第{'一二三四五六'[n - 1]}部分" for n, _, _ in missing)
            yield ctx.finding(pointer="/sections", severity="info",
                              message=f"这是只有表格的 Excel 文件，{names}不在此文件中，未检查；可与正文一起检查：gzcheck check 年报.docx --tables 表格.xlsx",
                              message_en=f"an Excel file of the tables only: sections {', '.join(str(n) for n, _, _ in missing)} are not in "
                                         "this file and were not checked; check it with the report: gzcheck check report.docx --tables tables.xlsx")
            return
        for number, key, heading in missing:
            yield ctx.finding(pointer=f"/sections/{key}", number="一二三四五六"[number - 1], heading=heading)


class SectionHeadings(Rule):
    """各部分标题与格式一致，且按格式顺序排列"""

    code = "SEC-002"
    name = "section-headings"
    severity = "info"
    summary_en = "section headings follow the template and come in template order"
    why = ("统一格式便于公众查阅和上级比对。已发布年报中有“因政府信息公开工作被申请行政复议、提起行政诉讼情况”等变体，"
           "可以接受，但作为提示列出；标题与本部分内容对不上、或各部分顺序颠倒时给出警告。")
    why_en = 'One layout makes reports easy to read and compare. Published variants, another ordinal or a one-character slip are accepted as information; a missing heading or sections out of order are warnings.'
    basis = "国办公开办函〔2019〕60号、〔2021〕30号年报格式（六个部分的标题和顺序）"

    def check(self, report, ctx):
        lines = []
        placed = isinstance(report.get("provenance"), dict)  # where the headings stood on a page
        for key, heading in section_headings().items():
            section = report["sections"].get(key)
            if section is None:
                continue
            printed = section.get("heading")
            where = _position(report, f"/sections/{key}") if placed else None
            if where is not None:
                lines.append((where, key, heading))
            if printed is None:
                continue
            ptr = f"/sections/{key}/heading"
            if not printed.strip():
                yield ctx.finding(pointer=ptr, expected=heading, actual=printed, severity="warning",
                                  message=f"这一部分没有标题「{heading}」，按其小标题识别；请补上标题",
                                  message_en=f"this section has no heading '{heading}'; it was recognised by its sub-headings")
                continue
            kind = heading_variant(key, printed)
            if kind is None:
                continue
            if kind == "other":
                yield ctx.finding(pointer=ptr, expected=heading, actual=printed, severity="warning",
                                  message=f"标题「{printed}」不像格式规定的「{heading}」，请核对这一部分是否放错位置",
                                  message_en=f"heading '{printed}' does not look like the template's '{heading}'; is the section misplaced?")
                continue
            zh, en = {"ordinal": ("序号与格式不同", "its number differs from the template's"),
                      "variant": ("是已发布年报中常见的另一种写法", "is a published variant"),
                      "typo": ("与格式相差一个字，请核对是否笔误", "is one character off the template's; a typo?")}[kind]
            yield ctx.finding(pointer=ptr, expected=heading, actual=printed,
                              message=f"标题「{printed}」{zh}（格式为「{heading}」）",
                              message_en=f"heading '{printed}' {en} (the template's is '{heading}')", details={"deviation": kind})
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
    """第一、六部分有实际内容，不是空白或只写“无”（第五部分见 SEC-004）"""

    code = "SEC-003"
    name = "section-content"
    severity = "warning"
    summary_en = "sections 1 and 6 have real content, not blank or just 无 (section 5: SEC-004)"
    options = {"sections": ["overall_situation", "other_matters"]}
    why = ("总体情况应概述主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作；存在的主要问题及改进情况、"
           "其他需要报告的事项（2021年格式起含信息处理费收取情况）都应如实填写。空白或只写“无”属于“敷衍塞责”，"
           "〔2021〕30号格式要求对此追责（条例第四十七条）。")
    why_en = 'Section 1 summarises active and on-request disclosure, information management, platforms and oversight; section 6 reports other matters (fees from the 2021 template). Blank or just 无 is perfunctory, which the 2021 notice names for accountability (Art. 47).'
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


IMPROVEMENT_WORDS = ("改进", "整改", "加强", "提升", "完善", "优化", "推进", "下一步", "今后", "将", "措施", "建立", "健全", "规范")
SHORT_TEXT = 40


class ProblemsAndImprovements(Rule):
    """第五部分说明存在的主要问题及改进情况（不是空白、“无”或一句“暂无问题”）"""

    code = "SEC-004"
    name = "problems-and-improvements"
    summary_en = "section 5 states the main problems and the improvements (not blank, 无, or just 'no problems')"
    why = ("条例第五十条（五）规定年度报告应当包括“存在的主要问题及改进情况”。空白或只写“无”“暂无”是未履行报告义务（错误）；"
           "只有一句“暂无问题”之类、既没有说明问题也没有说明改进措施的短句，属于“敷衍塞责”（警告）。")
    why_en = 'Art. 50(5): the report states the main problems and how they are being improved. Blank or just 无/暂无 fails that duty (an error); a one-liner such as 暂无问题 that names neither a problem nor an improvement is perfunctory (a warning).'
    basis = "《政府信息公开条例》第五十条（五）、第四十七条；国办公开办函〔2021〕30号（四）明确责任"

    def check(self, report, ctx):
        section = report["sections"].get("problems_and_improvements")
        if section is None:
            return  # SEC-001 reports a missing section
        raw = (section.get("text") or "").strip()
        text = fold(raw).strip("。.,;")
        ptr = "/sections/problems_and_improvements/text"
        shown = raw or "（空白）"
        if text in EMPTY_TEXTS:
            yield ctx.finding(pointer=ptr, actual=shown,
                              message=f"第五部分没有说明存在的主要问题及改进情况（只有“{shown}”）；这是条例第五十条规定的内容",
                              message_en=f"section 5 does not state the main problems and improvements (only '{shown}'); art. 50 requires it")
        elif len(text) < SHORT_TEXT and not any(word in text for word in IMPROVEMENT_WORDS):
            yield ctx.finding(pointer=ptr, actual=shown, severity="warning",
                              message=f"第五部分只有“{shown}”，既没有说明存在的问题，也没有说明改进措施",
                              message_en=f"section 5 only says '{shown}': it names neither a problem nor an improvement")
