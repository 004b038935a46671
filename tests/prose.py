"""Narrative the tests write from a report's tables, with every number placed on purpose."""

from __future__ import annotations

import random

DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """136 → 一百三十六 (below 10,000)."""
    if n == 0:
        return "零"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += ("" if (unit == "十" and digit == 1 and not out) else DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _sum(node) -> int:
    return sum(_sum(v) for v in node.values()) if isinstance(node, dict) else (node or 0)


def facts(report: dict) -> dict[str, int]:
    total = report["applications"]["total"]
    results = total["results"]
    rl = report["review_and_litigation"]
    return {
        "new": total["new_received"], "carried": total["carried_over_from_previous_year"], "handled": results["total"],
        "forward": total["carried_forward_to_next_year"], "granted": results["granted"], "partial": results["partially_granted"],
        "withheld": _sum(results["withheld"]), "unable": _sum(results["unable_to_provide"]),
        "not_processed": _sum(results["not_processed"]), "other": _sum(results["other_handling"]),
        "review": rl["administrative_review"]["total"], "upheld": rl["administrative_review"]["upheld"],
        "corrected": rl["administrative_review"]["corrected"],
        "litigation": rl["litigation_without_review"]["total"] + rl["litigation_after_review"]["total"],
    }


SENTENCES = [
    ("new", "本年度共收到政府信息公开申请{}件"), ("carried", "，上年结转{}件"), ("handled", "，办结{}件"),
    ("forward", "，结转下年度继续办理{}件。"), ("granted", "其中予以公开{}件"), ("partial", "，部分公开{}件"),
    ("withheld", "，不予公开{}件"), ("unable", "，无法提供{}件"), ("not_processed", "，不予处理{}件"), ("other", "，其他处理{}件。"),
    ("review", "本年度被申请行政复议{}件"), ("upheld", "，其中结果维持{}件"), ("corrected", "，结果纠正{}件；"),
    ("litigation", "被提起行政诉讼{}件。"),
]


def write(report: dict, rng: random.Random, wrong: str | None = None) -> tuple[str, dict[str, tuple[int, int, int]]]:
    """Prose stating the tables' facts; ``wrong`` names one fact printed off by a few.
    Returns the text and, per fact, (start, end, value printed)."""
    values = facts(report)
    text, where = "", {}
    for key, pattern in SENTENCES:
        value = values[key]
        if key == wrong:
            # "受理 N 件" may include the carried-over: a wrong number equal to new + carried is not wrong
            value += rng.choice([d for d in (1, 2, 3, 5, 10) if not (key == "new" and d == values["carried"])])
        shown = chinese(value) if rng.random() < 0.3 and value < 10000 else str(value)
        head, tail = pattern.split("{}")
        text += head
        where[key] = (len(text), len(text) + len(shown), value)
        text += shown + tail
        if key == "granted" and rng.random() < 0.5 and values["handled"]:
            text += f"，占{100 * value / values['handled']:.1f}%"
    return text, where
