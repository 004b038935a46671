"""The figures evaluators work out by hand from tables 三 and 四 (published in 第三方评估 and 通报 tables).

Each is a share of two printed cells; a figure whose cells are unread, blank or not numbers, or whose
denominator is 0, is None (not computed), never 0.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from gzcheck.model.unknowns import unread_pointers


class Figure(NamedTuple):
    key: str
    zh: str
    en: str
    definition_zh: str
    definition_en: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


_T3, _T4 = "/applications/total", "/review_and_litigation"
FIGURES = (
    Figure("completion_rate", "办结率", "completion rate",
           "表三「（七）总计」÷（「一、本年新收」+「二、上年结转」），总计列",
           "table 3 (7) total ÷ (1. new + 2. carried over), total column",
           (f"{_T3}/results/total",), (f"{_T3}/new_received", f"{_T3}/carried_over_from_previous_year")),
    Figure("disclosure_rate", "公开率", "disclosure rate",
           "表三（「（一）予以公开」+「（二）部分公开」）÷「（七）总计」，总计列",
           "table 3 ((1) granted + (2) partly granted) ÷ (7) total, total column",
           (f"{_T3}/results/granted", f"{_T3}/results/partially_granted"), (f"{_T3}/results/total",)),
    Figure("review_correction_rate", "复议纠错率", "review correction rate",
           "表四行政复议「结果纠正」÷「总计」", "table 4 review: corrected ÷ total",
           (f"{_T4}/administrative_review/corrected",), (f"{_T4}/administrative_review/total",)),
    Figure("litigation_correction_rate", "诉讼纠错率", "litigation correction rate",
           "表四行政诉讼（未经复议直接起诉 + 复议后起诉）「结果纠正」÷「总计」",
           "table 4 litigation (direct + after review): corrected ÷ total",
           (f"{_T4}/litigation_without_review/corrected", f"{_T4}/litigation_after_review/corrected"),
           (f"{_T4}/litigation_without_review/total", f"{_T4}/litigation_after_review/total")),
)


def figures(report: Any) -> dict[str, float | None]:
    """Each figure of :data:`FIGURES` as a share between 0 and 1 (rounded to 4 places), or None."""
    if not isinstance(report, dict):
        return {}
    unread = unread_pointers(report)

    def total(pointers: tuple[str, ...]) -> int | None:
        out = 0
        for pointer in pointers:
            value = None if pointer in unread else _at(report, _KEYS[pointer])
            if not isinstance(value, int) or isinstance(value, bool):
                return None
            out += value
        return out

    values: dict[str, float | None] = {}
    for figure in FIGURES:
        part, whole = total(figure.numerator), total(figure.denominator)
        values[figure.key] = round(part / whole, 4) if part is not None and whole else None
    return values


_KEYS = {p: tuple(p[1:].split("/")) for f in FIGURES for p in (*f.numerator, *f.denominator)}


def _at(report: dict, keys: tuple[str, ...]) -> Any:
    node: Any = report
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node
