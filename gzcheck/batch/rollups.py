"""Roll-ups in a batch: each summary report's row also carries the check of its sums against its children."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable, Iterator

from gzcheck.batch.outputs import record_of

if TYPE_CHECKING:
    from gzcheck.checker import Checker

_WORST = {"pass": 0, "fail": 1, "error": 2}


def with_rollups(records: Iterable[dict], plan: list, checker: "Checker", lang: str) -> Iterator[dict]:
    """The batch's records, a summary's merged with its roll-up; a summary that is not among the batch's files
    gets a row of its own at the end (never dropped)."""
    pending = {os.path.realpath(summary): (summary, children, problems) for summary, children, problems in plan}

    def rolled(summary: str, children: list[str], problems: list) -> dict:
        return record_of(checker.rollup(summary, children, problems).light(), lang)

    for record in records:
        entry = pending.pop(os.path.realpath(record["input"]), None)
        yield record if entry is None else merged(record, rolled(*entry))
    for entry in pending.values():
        yield rolled(*entry)


def merged(record: dict, rollup: dict) -> dict:
    out = dict(record)
    out["status"] = max(record["status"], rollup["status"], key=_WORST.__getitem__)
    out["crashed"] = record["crashed"] or rollup["crashed"]
    out["counts"] = {k: record["counts"].get(k, 0) + rollup["counts"].get(k, 0) for k in record["counts"]}
    out["codes"] = {**record["codes"], **{c: record["codes"].get(c, 0) + n for c, n in rollup["codes"].items()}}
    out["findings"] = record["findings"] + rollup["findings"]
    out["unverified"] = record.get("unverified", 0) + rollup.get("unverified", 0)
    out["reason"] = record["reason"] or rollup["reason"]
    return out
