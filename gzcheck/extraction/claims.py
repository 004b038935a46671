"""Numbers the prose states about the tables (三, 四, and table 二's documents), and the cells they are about.

A claim is a number with the words that say what it counts (予以公开258件,
共收到70件申请, 行政复议351件，其中结果维持72件 …). Patterns are tight on
purpose: a number we cannot tie to a cell with confidence is not a claim.
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from operator import itemgetter
from typing import NamedTuple

from gzcheck.normalize import remembered, same_length_fold

NUM = r"(?P<num>\d+|[零〇一二两三四五六七八九十百千万]+)"
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """一百三十六 → 136, 十二 → 12, 两千零五 → 2005; None for anything else."""
    if text.isdigit():
        return int(text)
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


class Claim(NamedTuple):  # a tuple: made for every number the prose states, several times cheaper than a dataclass
    quantity: str        # what the number counts (a key of QUANTITIES in narrative.py)
    value: int
    start: int           # the number's offsets in the section text
    end: int
    percent: float | None = None
    percent_span: tuple[int, int] | None = None
    percent_decimals: int = 0


_F = r"(?:政府信息公开|依申请公开|信息公开|政府信息)?"   # optional qualifiers between keyword and number
_APPLY = r"(?:答复|决定)?(?:的)?(?:申请)?(?:共|共计|合计|总计)?"
# (quantity, pattern): the first that matches a stretch of text wins, so combined claims come first
PATTERNS = [
    ("granted_or_partial", rf"予以公开(?:和|及|与|或|、|以及)部分公开{_APPLY}{NUM}件"),
    ("granted", rf"(?:同意公开|予以公开|全部公开){_APPLY}{NUM}件"),
    ("partially_granted", rf"部分公开{_APPLY}{NUM}件"),
    ("withheld", rf"不予公开{_APPLY}{NUM}件"),
    ("not_held", rf"(?:本机关)?不掌握(?:的|相关)?(?:政府)?信息{_APPLY}{NUM}件"),
    ("requires_new_creation", rf"需要另行制作{_APPLY}{NUM}件"),
    ("unclear_after_correction", rf"补正后申请内容仍不明确{_APPLY}{NUM}件"),
    ("unable_to_provide", rf"无法提供{_APPLY}{NUM}件"),
    ("not_processed", rf"不予处理{_APPLY}{NUM}件"),
    ("other_handling", rf"其他处理{_APPLY}{NUM}件"),
    ("carried_over", rf"(?:上一?年度?|去年)结转(?:的)?{_F}(?:申请)?{NUM}件"),
    ("carried_forward", rf"结转(?:到|至)?(?:下一?年度?|20\d\d年度?)(?:继续)?(?:办理|答复)?(?:的)?{NUM}件"),
    ("carried_forward", rf"{NUM}件(?:申请)?(?:按照《条例》)?(?:顺延|结转)(?:到|至)?(?:下一?年度?|20\d\d年度?)"),
    ("new_received", rf"(?:收到|新收|受理|接收)(?:了)?(?:各类)?{_F}申请(?:共|共计|合计|总计)?{NUM}件"),
    ("new_received", rf"(?:收到|新收|受理|接收)(?:了)?依申请公开(?:申请)?(?:共|共计)?{NUM}件"),
    ("new_received", rf"(?:收到|新收|受理|接收)(?:了)?(?:共)?{NUM}件{_F}申请"),
    # "同意公开答复9件" is a result row, not the total: 答复 right after a result word does not start this claim
    ("results_total", rf"(?<!公开)(?<!提供)(?<!处理)(?:办结|答复|办理完毕|办理完成){_F}(?:的)?(?:申请)?(?:共|共计|合计|总计)?{NUM}件"),
    ("review_total", rf"行政复议(?:案件)?(?:共|共计)?{NUM}件"),
    ("litigation_total", rf"(?:行政)?诉讼(?:案件)?(?:共|共计)?{NUM}件"),
    # table 二, 第二十条第（一）项: "t2:<row>:<column>" (row: normative documents or regulations)
    ("t2:normative:in_force_count", rf"现行有效(?:的)?(?:行政)?规范性文件(?:共|共计|有)?{NUM}件"),
    ("t2:regulations:in_force_count", rf"现行有效(?:的)?(?:政府)?规章(?:共|共计|有)?{NUM}件"),
    ("t2:normative:issued_count", rf"(?:制发|印发|出台|制定)(?:了)?(?:行政)?规范性文件(?:共|共计)?{NUM}件"),
    ("t2:regulations:issued_count", rf"(?:制发|出台|制定)(?:了)?(?:政府)?规章(?:共|共计)?{NUM}件"),
    ("t2:normative:repealed_count", rf"废止(?:了)?(?:行政)?规范性文件(?:共|共计)?{NUM}件"),
    ("t2:regulations:repealed_count", rf"废止(?:了)?(?:政府)?规章(?:共|共计)?{NUM}件"),
    ("t2:normative:new_made_count", rf"新制作(?:了)?(?:行政)?规范性文件(?:共|共计)?{NUM}件"),
    ("t2:normative:new_disclosed_count", rf"新公开(?:了)?(?:行政)?规范性文件(?:共|共计)?{NUM}件"),
]


# One scan: the alternatives in PATTERNS order, each number in its own group (n0, n1, …). A match starts with one
# of the characters below (a pattern's first word, or a number); testing that first skips most positions at once,
# 4× faster. tests/test_narrative.py proves the guarded scan finds exactly what the bare alternation finds.
_STARTS = r"[\d〇一七万三上不两九予二五全八六其出制办十千印去受同四废接收新无本现百答结行补诉部零需]"
_ALTERNATIVES = "|".join(f"(?:{p.replace('(?P<num>', f'(?P<n{i}>')})" for i, (_, p) in enumerate(PATTERNS))


@cache
def _combined() -> re.Pattern:
    """The scan, compiled when a text first needs it (4 ms: most commands never read prose)."""
    return re.compile(f"(?={_STARTS})(?:{_ALTERNATIVES})")


_QUANTITY = {f"n{i}": q for i, (q, _) in enumerate(PATTERNS)}
_SPACE = re.compile(r"\s+")
GROUP_PARTS = [("upheld", re.compile(rf"(?:结果)?维持{NUM}件")), ("corrected", re.compile(rf"(?:结果)?(?:纠正|纠错){NUM}件")),
               ("other_result", re.compile(rf"其他结果{NUM}件")), ("pending", re.compile(rf"尚未审结{NUM}件"))]
PERCENT = re.compile(r"[,，、(（]?\s*(?:占|约占|占比)?(?:总数的|比例为|比例)?\s*(?P<pct>\d+(?:\.(?P<dec>\d+))?)\s*%")
_SENTENCE_END = re.compile(r"[。；;]")


@remembered  # TXT-001 and the table-二 reading ask about the same section texts
def find_claims(text: str) -> tuple[Claim, ...]:
    """Claims in a section text; offsets point into ``text``. Line breaks inside a sentence (PDF text) are ignored."""
    if "件" not in text:
        return ()
    folded = same_length_fold(text)
    runs = [m.span() for m in _SPACE.finditer(folded)]
    if not runs:
        return tuple(_claims(folded))
    # compact index -> original index: add the length of every whitespace run removed before it
    starts, shifts, removed = [], [], 0
    for run_start, run_end in runs:
        starts.append(run_start - removed)
        removed += run_end - run_start
        shifts.append(removed)

    def orig(i: int) -> int:
        k = bisect.bisect_right(starts, i)
        return i + (shifts[k - 1] if k else 0)

    return tuple(Claim(c.quantity, c.value, orig(c.start), orig(c.end - 1) + 1, c.percent,
                       (orig(c.percent_span[0]), orig(c.percent_span[1] - 1) + 1) if c.percent_span else None, c.percent_decimals)
                 for c in _claims(_SPACE.sub("", folded)))


def _claims(folded: str) -> list[Claim]:
    # the scan's matches never overlap; only the parts read after a group total ("行政复议…，其中维持…") can
    # lie ahead of it, so only those few are remembered — linear in the text, however many claims it makes
    ahead: list[tuple[int, int]] = []
    claims: list[Claim] = []
    percents = "%" in folded  # most prose states no share: then no claim needs the percent pattern tried
    for match in _combined().finditer(folded):
        group = match.lastgroup or ""  # every alternative has its number's group
        quantity = _QUANTITY[group]
        if ahead:
            while ahead and ahead[0][1] <= match.start():
                ahead.pop(0)
            if any(a < match.end() and match.start() < b for a, b in ahead):
                continue  # already read as a part of "行政复议…，其中…"
        value = chinese_number(match.group(group))
        if value is None:
            continue
        claims.append(_with_percent(folded, quantity, value, match, group) if percents else
                      Claim(quantity, value, *match.span(group)))
        if quantity in ("review_total", "litigation_total"):
            taken: list[tuple[int, int]] = [match.span()]
            claims += _group_parts(folded, quantity.split("_")[0], match.end(), taken)
            ahead = sorted(ahead + taken[1:])
    return sorted(claims, key=_START)


_START = itemgetter(2)  # Claim.start


def _with_percent(folded: str, quantity: str, value: int, match: re.Match, group: str) -> Claim:
    pct = PERCENT.match(folded, match.end())
    start, end = match.span(group)
    if not pct:
        return Claim(quantity, value, start, end)
    return Claim(quantity, value, start, end, float(pct.group("pct")), pct.span("pct"), len(pct.group("dec") or ""))


def _group_parts(folded: str, group: str, start: int, taken: list) -> list[Claim]:
    """行政复议351件，其中结果维持72件，结果纠正64件 …: the parts named after a total, in the same sentence."""
    end = _SENTENCE_END.search(folded, start)
    stop = end.start() if end else len(folded)
    head = folded[start:stop]
    if not re.search(r"^[,，]?\s*其中", head):
        return []
    parts = []
    for leaf, pattern in GROUP_PARTS:
        match = pattern.search(folded, start, stop)
        if match and not any(a < match.end() and match.start() < b for a, b in taken):
            value = chinese_number(match.group("num"))
            if value is not None:
                taken.append(match.span())
                parts.append(Claim(f"{group}_{leaf}", value, *match.span("num")))
    return parts
