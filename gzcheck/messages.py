"""The words gzcheck's own outputs share — the command line, the upload page, summary.csv, audit.xlsx and the
audit report — in one catalog: a message id → (Chinese, English), with ``{name}`` parameters.

A rule's findings carry their own message pair (``message``/``message_en``), written where the rule is;
everything around them is said from here, so one output never calls a thing by another's word and no
sentence mixes the two languages.
"""

from __future__ import annotations

from typing import Any

_REPORT_COLUMNS = ["文件", "机关", "年度", "格式", "结论", "错误", "警告", "提示", "未核对", "主要问题"]  # one report a row

CATALOG: dict[str, tuple[Any, Any]] = {
    # verdicts, levels and values
    "status.pass": ("通过", "pass"),
    "status.fail": ("不通过", "fail"),
    "status.error": ("出错", "error"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
    "value.blank": ("空白", "blank"),
    "value.unread": ("未能读取", "unread"),
    "value.derived": ("推算", "derived"),
    "value.expected": ("应为", "expected"),
    "value.actual": ("实际为", "found"),
    "value.not_computed": ("未能计算", "not computed"),
    # the batch's tables
    "csv.columns": ([*_REPORT_COLUMNS, "原因", "最终地址", "抓取时间", "SHA-256"],
                    ["input", "agency", "year", "template", "status", "errors", "warnings", "infos", "unverified",
                     "top_codes", "reason", "final_url", "fetched_at", "sha256"]),
    "xlsx.reports": ("报告", "Reports"),
    "xlsx.findings": ("问题", "Findings"),
    "xlsx.report_columns": (["机关", "年度", "格式", "文件", "结论", "错误", "警告", "提示", "未核对"],
                            ["Agency", "Year", "Template", "File", "Verdict", "Errors", "Warnings", "Info", "Not checked"]),
    "xlsx.finding_columns": (["机关", "年度", "文件", "规则", "规则名称", "级别", "位置", "应为", "实际为", "说明"],
                             ["Agency", "Year", "File", "Rule", "Rule name", "Severity", "Where", "Expected", "Printed",
                              "Message"]),
    "progress": ("已检查 {done}/{total} 份，每秒 {rate} 份，用时 {seconds} 秒",
                 "{done}/{total} reports checked, {rate} a second, {seconds} s"),
    "progress.fetch": ("已抓取 {done}/{total} 个网址，每秒 {rate} 个，用时 {seconds} 秒",
                       "{done}/{total} URLs fetched, {rate} a second, {seconds} s"),
    # the audit report
    "audit.lang": ("zh-CN", "en"),
    "audit.title": ("gzcheck 年报检查汇总", "gzcheck audit of annual reports"),
    "audit.h1": ("政府信息公开工作年度报告检查汇总", "Audit of government information disclosure annual reports"),
    "audit.reports": ("报告", "reports"),
    "audit.partial": ("有未核对项", "partly checked"),
    "audit.by_rule": ("不通过原因（按规则）", "Why reports fail (by rule)"),
    "audit.by_rule_label": ("按规则统计的不通过报告数", "failing reports by rule"),
    "audit.no_fail": ("没有报告因错误级问题不通过。", "No report fails on an error."),
    "audit.folder": ("审计的文件夹", "Folder audited"),
    "audit.by_year": ("各年度不通过的报告", "Failing reports by year"),
    "audit.by_year_label": ("按年度统计的不通过报告数", "failing reports by year"),
    "audit.agencies": ("按机关（各年度并列）", "By agency (years side by side)"),
    "audit.agency": ("机关", "Agency"),
    "audit.rules": ("各规则发现的问题", "Findings by rule"),
    "audit.rule": ("规则", "Rule"),
    "audit.what": ("检查什么", "What it checks"),
    "audit.count": ("问题数", "Findings"),
    "audit.failing": ("因此不通过的报告", "Reports it fails"),
    "audit.list": ("报告列表", "Reports"),
    "audit.search": ("搜索", "Search"),
    "audit.search_hint": ("机关、文件、年度", "agency, file, year"),
    "audit.status": ("结论", "Verdict"),
    "audit.all": ("全部", "all"),
    "audit.shown": ("显示 {count} 份", "{count} shown"),
    "audit.details": ("各报告的问题", "Findings per report"),
    "audit.unknown_agency": ("机关未知", "agency unknown"),
    "audit.open": ("打开原文件", "Open the file"),
    "audit.open_hint": ("（问题的位置见“位置”列：表格的行列、章节、页或行）",
                        " (the Where column gives the table cell, section, page or line)"),
    "audit.level": ("级别", "Level"),
    "audit.where": ("位置", "Where"),
    "audit.message": ("说明", "Message"),
    "audit.figures": ("评估常用指标", "Evaluation figures"),
    "audit.duplicates": ("同一机关同一年度有 {files} 份文件（重复）", "{files} files of one agency and year (duplicates)"),
    "audit.worst": ("共 {files} 份，取最差", "{files} files, the worst shown"),
    "audit.columns": (_REPORT_COLUMNS,
                      ["File", "Agency", "Year", "Template", "Verdict", "Errors", "Warnings", "Info", "Not checked",
                       "Main findings"]),
    # the upload page (its script gets these as one JSON object per language)
    "page.title": ("政府信息公开工作年度报告检查", "Check a government information disclosure annual report"),
    "page.lang": ("语言", "Language"),
    "page.file": ("年报文件（JSON、YAML、网页、Word、PDF、OFD、Excel、扫描图片）", "Report file (JSON, YAML, web page, Word, PDF, OFD, Excel, scan)"),
    "page.url": ("或年报网址", "or the report's URL"),
    "page.check": ("检查", "Check"),
    "page.token": ("访问令牌", "Access token"),
    "page.drop": ("把年报文件拖到这里，或按回车选择文件", "Drop the report here, or press Enter to choose a file"),
    "page.working": ("正在检查……", "Checking…"),
    "page.error_s": ("错误", "errors"),
    "page.warning_s": ("警告", "warnings"),
    "page.info_s": ("提示", "info"),
    "page.unchecked": ("未核对", "not checked"),
    "page.items": ("项", ""),
    "page.findings": ("发现的问题", "Findings"),
    "page.none": ("没有发现问题", "No findings"),
    "page.tables": ("表格（按模板格式）", "Tables (as the template prints them)"),
    "page.sections": ("正文", "Text"),
    "page.page": ("页面中被标记的文字", "Text flagged on the page"),
    "page.goto": ("查看位置", "show"),
    "page.original": ("原件此处", "as printed in the original"),
    "page.dump": ("表格文字 {n} 行（表格见上方）", "{n} lines of table text (the tables are drawn above)"),
    "page.legend": ([["bad", "有误的单元格（附正确数值）"], ["related", "相关单元格"], ["derived", "由合计关系推算"],
                     ["unread", "未能读取"]],
                    [["bad", "wrong cell (with its correct value)"], ["related", "related cell"],
                     ["derived", "worked out from the sums"], ["unread", "unread"]]),
    "page.sep": ("，", ", "),
    "page.open": ("（", " ("),
    "page.close": ("）", ")"),
}


def say(message_id: str, lang: str = "zh", **params: Any) -> Any:
    """The message in ``lang`` (English for "en", else Chinese), its ``{name}`` parameters filled in."""
    zh, en = CATALOG[message_id]
    text = en if lang == "en" else zh
    return text.format(**params) if params and isinstance(text, str) else text


def group(prefix: str, lang: str = "zh") -> dict[str, Any]:
    """Every message under ``prefix.`` in ``lang``, keyed by the rest of its id (``group("audit")["title"]``)."""
    return {key[len(prefix) + 1:]: say(key, lang) for key in CATALOG if key.startswith(prefix + ".")}
