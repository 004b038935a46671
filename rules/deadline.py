"""Publication deadline (条例第四十九条)."""

from __future__ import annotations

import datetime as dt

from gzcheck import Rule

KIND_ZH = {"department": "人民政府部门", "government": "人民政府", "township": "乡镇人民政府（街道办事处）", "other": "其他机关"}


def _month_day(value: str, where: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in value.split("-"))
        dt.date(2024, month, day)  # a leap year accepts 02-29
    except ValueError:
        raise ValueError(f"{where}: deadline {value!r} is not MM-DD") from None
    return month, day


class PublicationDeadline(Rule):
    """按期发布：部门1月31日前，人民政府3月31日前"""

    code = "PUB-001"
    name = "publication-deadline"
    severity = "warning"
    summary_en = "published on time: departments by 31 January, people's governments by 31 March"
    options = {
        # agency kind -> "MM-DD" of the following year; null: no national deadline (info only)
        "deadlines": {"department": "01-31", "government": "03-31", "township": None, "other": None},
        # agency name (simplified) -> "MM-DD", for local rules that set their own dates
        "agencies": {},
    }
    why = ("条例第四十九条：县级以上人民政府部门应当在每年1月31日前向社会公布本行政机关上一年度年度报告；"
           "县级以上地方人民政府的主管部门应当在每年3月31日前公布本级政府上一年度年度报告。"
           "乡镇、街道和其他机关的期限由地方规定，可在配置中按机关设置。")
    why_en = "Art. 49: departments of governments at county level and above publish by 31 January, people's governments by 31 March, the report on the year before. Townships', subdistricts' and other bodies' dates are set locally and can be configured per agency."
    basis = "《政府信息公开条例》第四十九条"

    def __init__(self, options=None):
        super().__init__(options)
        for kind, value in self.options["deadlines"].items():
            if value is not None:
                _month_day(value, f"deadlines.{kind}")
        for name, value in self.options["agencies"].items():
            _month_day(value, f"agencies.{name}")

    def check(self, report, ctx):
        year, published = report["report_year"], report.get("published_date")
        kind, agency = report.get("agency_kind"), report.get("agency")
        deadline_text = self.options["agencies"].get(agency) or self.options["deadlines"].get(kind)
        if not published:
            if deadline_text:
                yield ctx.finding(pointer="/published_date", severity="info",
                                  message="报告没有发布日期，无法核对是否按期发布",
                                  message_en="the report has no publication date; the deadline cannot be checked")
            return
        try:
            date = dt.date.fromisoformat(published)
        except ValueError:
            yield ctx.finding(pointer="/published_date", actual=published,
                              message=f"发布日期 {published} 不是有效日期", message_en=f"publication date {published} is not a valid date")
            return
        if date <= dt.date(year, 12, 31):
            yield ctx.finding(pointer="/published_date", actual=published, expected=f"> {year}-12-31",
                              message=f"{year}年度报告的发布日期 {published} 早于统计年度结束，请核对年度或日期",
                              message_en=f"the {year} report is dated {published}, before its year ended; check the year or the date")
            return
        if deadline_text is None:
            who = KIND_ZH.get(kind, "机关类型未知")
            yield ctx.finding(pointer="/published_date", severity="info", actual=published,
                              message=f"{who}的年报发布期限条例未作统一规定，未核对（可在配置中设置 options.PUB-001）",
                              message_en="no national deadline for this kind of agency; not checked (set options.PUB-001 to check it)")
            return
        month, day = _month_day(deadline_text, "deadline")
        deadline = dt.date(year + 1, month, day)
        if date > deadline:
            late = (date - deadline).days
            yield ctx.finding(pointer="/published_date", expected=f"<= {deadline.isoformat()}", actual=published,
                              message=f"发布日期 {published} 晚于期限 {deadline.isoformat()}（逾期 {late} 天）",
                              message_en=f"published {published}, {late} days after the deadline {deadline.isoformat()}")
