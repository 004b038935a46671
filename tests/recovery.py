"""Consistent reports rendered as pages whose table 三 lost the numbers of some rows (as PDF conversions
do), and what the reader and the rules make of them: shared by the tests and bench/eval_recovery.py."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

from gzcheck.extraction import extract_bytes
from gzcheck.model.identities import grid_for
from gzcheck.model.unknowns import derive

from .pages import damaged_rows, page_bytes
from .strategies import consistent_report, get_at, set_at

ROWS = {"2019": 23, "2021": 25}


@dataclass
class Trial:
    lost: int          # cells whose numbers were not where their label is
    recovered: int     # of those, read or derived with the right value
    determined: int    # of those, how many the identities determine (the most a reader can recover)
    wrong: int         # any cell of tables 三/四 holding a value that is not the original
    status: str
    errors: list[str]


def trial(engine, rng: random.Random, layout: str, lost_rows: int, detached: bool) -> Trial:
    version = rng.choice(("2019", "2021"))
    report = consistent_report(version, lambda lo, hi: rng.randint(lo, hi))
    damage, chosen = damaged_rows(rng, ROWS[version], lost_rows, detached)
    extracted, _ = extract_bytes(page_bytes(report, layout, "simplified", "utf-8", damage=damage))
    result = engine.check(extracted)
    checked = result.report
    grid = grid_for(version, "applications")
    columns = len(grid.pointers) // ROWS[version]
    lost = [grid.pointers[column * ROWS[version] + row] for row in chosen for column in range(columns)]
    cells = grid.pointers + grid_for(version, "review_and_litigation").pointers
    recovered = sum(get_at(checked, ptr) == get_at(report, ptr) for ptr in lost)
    wrong = sum(get_at(checked, ptr) is not None and get_at(checked, ptr) != get_at(report, ptr) for ptr in cells)
    errors = [f"{f.code} {f.pointer} {f.message}" for f in result.findings if f.severity == "error"]
    return Trial(len(lost), recovered, determined(report, lost), wrong, result.status, errors)


def determined(report: dict, lost: list[str]) -> int:
    """How many of the ``lost`` cells the table's identities determine, given every other cell."""
    damaged = copy.deepcopy(report)
    for ptr in lost:
        set_at(damaged, ptr, None)
    damaged["unread"] = sorted(lost)
    return sum(get_at(derive(damaged), ptr) is not None for ptr in lost)
