"""Findings the core itself makes (before and around the rules)."""

from __future__ import annotations

CORE_CODES = {
    "GZ-001": {
        "name": "unreadable-input",
        "summary": "输入文件无法读取（格式错误、编码错误、过大或为空）",
        "summary_en": "the input cannot be read (malformed, wrong encoding, too large or empty)",
        "why": "无法读取的报告无法检查；结论为“出错”，退出码 4。",
        "why_en": "a report that cannot be read cannot be checked; the verdict is 'error', exit code 4.",
    },
    "GZ-002": {
        "name": "schema",
        "summary": "报告不符合规范的数据结构（缺项、多项、类型或取值错误）",
        "summary_en": "the report does not follow the canonical model (missing or unknown keys, wrong types or values)",
        "why": "表格结构由国办公开办函〔2019〕60号、〔2021〕30号规定的格式确定；结构不符时，依赖结构的规则不运行。",
        "why_en": "the tables' shape is fixed by the national templates; rules that rely on it do not run on an invalid report.",
    },
    "GZ-003": {
        "name": "template-mismatch",
        "summary": "声明的格式版本与表格实际格式不一致",
        "summary_en": "the declared format_version does not match the template the tables follow",
        "why": "2019、2020年度报告用〔2019〕60号格式，2021年度起用〔2021〕30号格式；两者表二、表三不同。",
        "why_en": "report years 2019-2020 use the 2019 template, 2021 on the 2021 template; their tables 2 and 3 differ.",
    },
    "GZ-010": {
        "name": "extraction",
        "severity": "warning",
        "summary": "从网页提取报告时发现的问题（乱码、统计年度缺失等）",
        "summary_en": "problems met while extracting a report from a page (garbled text, missing year ...)",
        "why": "网页不是结构化数据，提取时的不确定之处要说出来，不能悄悄当作正确结果。",
        "why_en": "a page is not structured data: what extraction could not be sure of is said, never passed on silently.",
    },
    "GZ-011": {
        "name": "unreadable-cell",
        "severity": "warning",
        "summary": "网页表格中某行数字无法可靠读取，已留空而不作猜测",
        "summary_en": "a table row on the page cannot be read reliably; left blank rather than guessed",
        "why": "粘连的数字只有在表内合计关系能唯一确定拆分方式时才会被拆分；否则该格留空并在此说明所在行号。",
        "why_en": "glued digits are split only when the table's own sums allow exactly one split; otherwise the cells stay blank and this says where.",
    },
    "GZ-012": {
        "name": "derived-cells",
        "severity": "info",
        "summary": "未能读取的格已按表内合计关系推算出数值",
        "summary_en": "cells that could not be read were derived from the table's sums",
        "why": "一条合计关系中只有一格未能读取时，这一格的数值由其他格唯一确定；推算出的数值在出处中注明来源，并由其他合计关系继续核对。",
        "why_en": "when a sum has exactly one unreadable cell, the other cells determine it; the derived value is marked as such and checked by the other sums.",
    },
    "GZ-013": {
        "name": "unverified-identities",
        "severity": "warning",
        "summary": "有勾稽关系因某些格未能读取而未核对（未核对不等于通过）",
        "summary_en": "some identities were not checked because cells could not be read (unchecked is not passed)",
        "why": "未能读取的格是未知数，不是0也不是空白；含有未知数的合计关系既不能判为成立，也不能判为不成立。"
               "结论行显示“未核对 N 项”；发布前把关时可用 --fail-on-unverified 让任何未核对项都不通过。",
        "why_en": "an unread cell is unknown, neither 0 nor blank: a sum through it can be neither passed nor failed. The verdict line "
                  "shows how many were not checked; --fail-on-unverified makes any of them fail a pre-publication gate.",
    },
    "GZ-020": {
        "name": "waiver-expired",
        "summary": "对某个问题的豁免已过期",
        "summary_en": "the waiver of a finding has expired",
        "why": "豁免是经过审核、有期限的例外；过期后须重新审核或修正报告，否则检查不通过。",
        "why_en": "a waiver is a reviewed exception with an end date; once expired, review it again or fix the report.",
    },
    "ROLL-001": {
        "name": "rollup-mismatch",
        "summary": "汇总报告的表格数与所汇总的各下级报告之和不一致（gzcheck rollup）",
        "summary_en": "a summary report's cell differs from the sum over the reports it summarises (gzcheck rollup)",
        "why": "人民政府汇总本地区各单位情况的年度报告，表三、表四每一格和表二的件数应等于各单位报告之和；"
               "不一致说明漏报、重报或抄错。某格在下级报告中未能读取时，只报告确定的错误：汇总数小于已读出部分之和。",
        "why_en": "a report that sums its region's units must equal their sum in every cell of tables 3 and 4 and every count of "
                  "table 2; a difference means a unit was left out, counted twice or copied wrong. Where a child's cell is "
                  "unknown only certain errors are reported: a summary below what the known children already add up to.",
    },
    "ROLL-002": {
        "name": "rollup-child",
        "summary": "所汇总的下级报告无法使用（无法读取、结构不符、年度或格式不同），汇总数无法完整核对",
        "summary_en": "a summarised report cannot be used (unreadable, invalid, another year or template); the sums cannot be fully checked",
        "why": "列出的下级报告缺一份，汇总数就无法核对；这种情况不会被悄悄跳过，结论为“出错”。",
        "why_en": "with one listed child missing the sums cannot be checked; this is never skipped silently: the verdict is 'error'.",
    },
}
