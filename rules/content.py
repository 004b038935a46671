"""Content the regulation requires beyond the tables."""

from __future__ import annotations

from gzcheck import Rule
from gzcheck.normalize import fold


class GovernmentAccountability(Rule):
    """人民政府的年报包括工作考核、社会评议和责任追究结果情况"""

    code = "CNT-001"
    name = "government-accountability"
    severity = "warning"
    summary_en = "a people's government's report covers work assessment, public appraisal and accountability results"
    options = {"phrases": ["工作考核", "社会评议", "责任追究"]}
    why = ("条例第五十条（四）：各级人民政府的年度报告还应当包括工作考核、社会评议和责任追究结果情况。"
           "2021年格式把它列入总体情况的“监督保障”。部门的年报不要求。")
    why_en = "Art. 50(4) of the Regulations: a people's government's annual report also covers work assessment, public appraisal and accountability results (the 2021 template puts them under 监督保障 in section 1). Departments' reports need not."
    basis = "《政府信息公开条例》第五十条（四）；国办公开办函〔2021〕30号"

    def check(self, report, ctx):
        if report.get("agency_kind") != "government":
            return
        text = "".join(fold((s or {}).get("text") or "") for s in report["sections"].values())  # folds shared with other rules
        missing = [p for p in self.options["phrases"] if fold(p) not in text]
        if missing:
            yield ctx.finding(pointer="/sections/overall_situation", actual=missing,
                              message="人民政府年报没有说明" + "、".join(missing) + "结果情况（条例第五十条（四））",
                              message_en="the government's report does not cover " + ", ".join(missing) + " (art. 50(4))")


class FeeStatement(Rule):
    """2021年格式的年报在第六部分说明信息处理费收取情况"""

    code = "CNT-002"
    name = "fee-statement"
    severity = "warning"
    summary_en = "a 2021-template report states information-processing fees in section 6"
    options = {"phrases": ["信息处理费", "处理费"]}
    why = ("依申请提供政府信息可收取信息处理费（条例第四十二条，《政府信息公开信息处理费管理办法》国办函〔2020〕109号）。"
           "收费情况要纳入年度报告接受社会监督，通常写在“六、其他需要报告的事项”，即使未收取也应写明。"
           "全国格式的原文未能核实，因此是警告，可在配置中关闭或修改关键词。")
    why_en = "Information-processing fees (Art. 42; 国办函〔2020〕109号) are reported for public scrutiny, usually in section 6, even when none were charged. The national template's own words could not be verified, so this is a warning you can turn off or reword in config."
    basis = "《政府信息公开条例》第四十二条；国办函〔2020〕109号；河南省政府办公厅2021年1月4日通知第五点"

    def check(self, report, ctx):
        if report["format_version"] != "2021":
            return
        section = report["sections"].get("other_matters")
        if section is None:
            return  # SEC-001 reports the missing section
        text = fold(section.get("text") or "")
        if not any(fold(p) in text for p in self.options["phrases"]):
            yield ctx.finding(pointer="/sections/other_matters/text",
                              message="第六部分没有说明信息处理费收取情况（未收取也应写明）",
                              message_en="section 6 does not state information-processing fees (state it even when none were charged)")
