"""The six section headings as agencies print them: the template's wording, the published variants, and
how near a printed heading is to them (a missing, extra or changed character is still the heading)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from gzcheck.normalize import label_key

# Heading bodies without their ordinal, as label keys (no spaces or punctuation), template wording first.
SECTION_BODIES: dict[str, tuple[str, ...]] = {
    "overall_situation": ("总体情况",),
    "active_disclosure": ("主动公开政府信息情况", "主动公开政府信息的情况"),
    "applications": ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的情况"),
    "review_and_litigation": ("政府信息公开行政复议行政诉讼情况", "政府信息公开行政复议和行政诉讼情况",
                              "因政府信息公开工作被申请行政复议提起行政诉讼情况",
                              "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                              "因政府信息公开申请行政复议提起行政诉讼的情况", "行政复议和行政诉讼情况", "行政复议行政诉讼情况"),
    # published variants: the plan for next year in place of 改进情况 (明年工作计划, 下一步工作打算 …) is common
    "problems_and_improvements": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题和改进情况",
                                  "存在问题及改进情况", "存在的问题及改进情况", "主要问题及改进情况", "存在的主要问题及整改情况",
                                  "存在的主要问题及改进措施", "存在的问题及改进措施", "主要问题及改进措施", "存在的不足及改进措施",
                                  "存在的主要问题及整改措施", "存在的主要问题及改进方向", "存在的主要问题及明年工作计划",
                                  "存在的主要问题及下一年度工作计划", "存在的主要问题及下一步工作计划", "存在的主要问题及下一步工作打算",
                                  "存在的主要问题及下一步工作安排", "存在的问题及下一步工作打算", "存在的问题及下一步工作计划",
                                  "存在问题及下一步工作打算", "存在的主要问题及工作计划", "存在的不足及下一步工作打算",
                                  "工作中存在的问题及改进措施", "存在的主要问题及今后工作打算"),
    "other_matters": ("其他需要报告的事项",),
}
# Words every recognisable heading of a section has (SPEC §3: match on a core token set): one of each group.
HEADING_TOKENS = {
    "overall_situation": (("总体情况",),),
    "active_disclosure": (("主动公开",),),
    "applications": (("收到和处理",),),
    "review_and_litigation": (("行政复议",), ("行政诉讼",)),
    "problems_and_improvements": (("问题", "不足"), ("改进", "整改", "计划", "打算", "措施", "安排", "下一步")),
    "other_matters": (("其他需要报告",),),
}
NUMERALS = "一二三四五六七八九十"
# An ordinal in front of a heading: 一、 （一） (一) 第一部分 1. 1、
_S = r"[ \t]*"  # spaces within a line: an ordinal never spans lines
ORDINAL = re.compile(rf"(?:[{NUMERALS}]{{1,2}}{_S}[、,.．]|[(（]{_S}[{NUMERALS}]{{1,2}}{_S}[)）]|第{_S}[{NUMERALS}]{{1,2}}{_S}部分{_S}[:：、,.]?|"
                  rf"(?<!\d)\d{{1,2}}{_S}[、.．](?!\d)){_S}")
_LEADING_ORDINAL = re.compile(rf"^(?:[{NUMERALS}]{{1,2}}|第[{NUMERALS}]{{1,2}}部分|\d{{1,2}})")


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` with at most one inserted, deleted or changed character."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


@cache
def _bodies(key: str) -> tuple[str, ...]:
    return tuple(sorted(SECTION_BODIES[key], key=len, reverse=True))


def body_matches(key: str, compact: str, own_ordinal: bool = False) -> list[tuple[int, bool]]:
    """(length, exact) of every prefix of ``compact`` (a label key) that is a heading body of section ``key``
    within one edit. A short body (总体情况) is taken with a typo only after the section's own ordinal."""
    found = []
    for body in _bodies(key):
        for n in (len(body), len(body) - 1, len(body) + 1):
            if n < 3 or len(compact) < n:
                continue
            exact = compact[:n] == body
            if exact or ((len(body) > 4 or own_ordinal) and within_one_edit(compact[:n], body)):
                found.append((n, exact))
    return found


def numeral(key: str) -> str:
    return NUMERALS[list(SECTION_BODIES).index(key)]


@lru_cache(maxsize=1024)  # most reports print the template's own headings: one answer serves thousands
def heading_variant(key: str, printed: str) -> str | None:
    """How a printed heading differs from the template: None (the template's wording), "ordinal",
    "variant" (a published wording), "typo" (one character off), or "other"."""
    compact = label_key(printed)
    body = _LEADING_ORDINAL.sub("", compact)
    template = SECTION_BODIES[key][0]
    if body == template:
        return None if compact == numeral(key) + template else "ordinal"
    if body in SECTION_BODIES[key] or all(any(word in body for word in group) for group in HEADING_TOKENS[key]):
        return "variant"
    if any(within_one_edit(compact, numeral(key) + b) or within_one_edit(body, b) for b in SECTION_BODIES[key]):
        return "typo"
    return "other"
