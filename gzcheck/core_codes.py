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
}
