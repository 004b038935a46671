"""Regular expressions that find template labels and headings in folded page text."""

from __future__ import annotations

import re
from functools import cache

from gzcheck.model.template import template
from gzcheck.normalize import label_key

# Between two characters of a printed label there may be spaces, line breaks,
# punctuation or a quote, but never a table-cell boundary.
GAP = r"[ \t\r\n\f\v\xa0\u3000\"'“”「」‘’,，、.．:：;；()（）\-—]{0,6}"


def fuzzy(key: str) -> str:
    return GAP.join(re.escape(ch) for ch in key)


@cache
def label_regex(label: str, prefix: int = 8) -> re.Pattern:
    """A label by its first ``prefix`` significant characters (labels get split and mistyped late)."""
    return re.compile(fuzzy(label_key(label)[:prefix]))


def find_label(text: str, label: str, start: int, end: int) -> re.Match | None:
    """First match of a label at or after ``start``; a shorter prefix catches mistyped labels."""
    key = label_key(label)
    match = label_regex(label).search(text, start, end)
    if match is None and len(key) > 6:
        match = label_regex(label, 6).search(text, start, end)
    return match


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)")


@cache
def unnumbered_regex(label: str, prefix: int = 8) -> re.Pattern:
    """A label without its numbering (一、 （一） 1.), as converters sometimes print it in a row."""
    return re.compile(fuzzy(_NUMBERING.sub("", label_key(label))[:prefix]))


@cache
def table3_groups(version: str) -> tuple[str, ...]:
    """Labels of table 三's merged group cells (三、本年度办理结果, （三）不予公开 …): they carry no numbers."""
    tpl = template(version)
    first = tpl.keys_at("applications")[0]
    groups = {label for c in tpl.table_cells("applications") if c.path[1] == first for label in c.labels_zh[2:-1]}
    return tuple(sorted(groups))


@cache
def table3_rows(version: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(path inside an applicant column, printed label) for every data row of table 三."""
    tpl = template(version)
    first = tpl.keys_at("applications")[0]
    return tuple((c.path[2:], c.labels_zh[-1]) for c in tpl.table_cells("applications") if c.path[1] == first)


# Section headings and their published variants (SPEC §3), on folded text.
_NUM = r"(?<![(第]){n}\s*[、,.．]?\s*"
SECTION_PATTERNS = {
    "overall_situation": (_NUM.format(n="一") + r"总\s*体\s*情\s*况"),
    "active_disclosure": (_NUM.format(n="二") + r"主\s*动\s*公\s*开\s*政\s*府\s*信\s*息\s*(?:的\s*)?情\s*况"),
    "applications": (_NUM.format(n="三") + r"收\s*到\s*和\s*处\s*理\s*政\s*府\s*信\s*息\s*公\s*开\s*申\s*请\s*(?:的\s*)?情\s*况"),
    "review_and_litigation": (_NUM.format(n="四") + r"(?:因\s*)?(?:政\s*府\s*信\s*息\s*公\s*开\s*)?(?:工\s*作\s*)?(?:被\s*申\s*请\s*)?"
                              r"行\s*政\s*复\s*议\s*[、,和及与]?\s*(?:提\s*起\s*)?行\s*政\s*诉\s*讼\s*(?:的\s*)?情\s*况"),
    "problems_and_improvements": (_NUM.format(n="五") + r"(?:政\s*府\s*信\s*息\s*公\s*开\s*工\s*作\s*)?存\s*在\s*(?:的\s*)?(?:主\s*要\s*)?"
                                  r"问\s*题\s*(?:及|和|与)\s*(?:改\s*进|整\s*改)\s*(?:情\s*况|措\s*施)"),
    "other_matters": (_NUM.format(n="六") + r"其\s*他\s*需\s*要\s*报\s*告\s*的\s*事\s*项"),
}
SECTION_REGEXES = {key: re.compile(pattern) for key, pattern in SECTION_PATTERNS.items()}
# Some reports number the sections (一)…(六); only used when the plain form is absent.
SECTION_REGEXES_PAREN = {key: re.compile(pattern.replace(r"(?<![(第])", r"[(]\s*", 1).replace(r"\s*[、,.．]?", r"\s*[)]", 1))
                         for key, pattern in SECTION_PATTERNS.items()}
