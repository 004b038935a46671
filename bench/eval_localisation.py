"""How often a single wrong cell is named exactly (issue: root-cause localisation).

Generates consistent reports, changes one cell of table 三 or 四, and counts
the runs whose only error names that cell with its original value. Also
counts, for two changed cells, how often gzcheck names both correctly or
declines to guess (never a wrong correction).

    python bench/eval_localisation.py [--n 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gzcheck.engine.runner import Engine  # noqa: E402
from gzcheck.engine.plugins import PluginHost  # noqa: E402
from gzcheck.model.template import template  # noqa: E402
from tests.strategies import consistent_report, get_at as get, set_at as put  # noqa: E402


def consistent(rng: random.Random, version: str) -> dict:
    """A consistent report with mostly-zero cells, as real tables have."""
    return consistent_report(version, lambda lo, hi: lo if lo == 0 and rng.random() < 0.6 else rng.randint(lo, hi))


def changed(rng, value):
    new = value
    while new == value:
        new = max(0, value + rng.choice([-3, -2, -1, 1, 2, 3, 10]))
    return new


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    engine = Engine(PluginHost().load().rules(), None)
    tally = {"t3": [0, 0], "t4-total": [0, 0], "t4-part": [0, 0], "two": [0, 0, 0]}
    for i in range(args.n):
        version = "2019" if i % 2 else "2021"
        report = consistent(rng, version)
        table = rng.choice(["applications", "review_and_litigation"])
        ptr = rng.choice(template(version).table_cells(table)).pointer
        original = get(report, ptr)
        put(report, ptr, changed(rng, original))
        errs = [f for f in engine.check(report).findings if f.severity == "error"]
        if table == "applications":
            key, ok = "t3", [(f.pointer, f.expected) for f in errs] == [(ptr, original)]
        elif ptr.endswith("/total"):
            key, ok = "t4-total", [(f.pointer, f.expected) for f in errs] == [(ptr, original)]
        else:
            key, ok = "t4-part", len(errs) == 1 and ptr in errs[0].related
        tally[key][0] += ok
        tally[key][1] += 1
        # two wrong table-三 cells: named exactly, or declined; a wrong correction is the failure we never want
        report = consistent(rng, version)
        cells = rng.sample(template(version).table_cells("applications"), 2)
        truth = {}
        for cell in cells:
            truth[cell.pointer] = get(report, cell.pointer)
            put(report, cell.pointer, changed(rng, truth[cell.pointer]))
        errs = [f for f in engine.check(report).findings if f.severity == "error"]
        corrections = {f.pointer: f.expected for f in errs if f.details.get("kind") == "correction"}
        if corrections == truth:
            tally["two"][0] += 1
        elif all(truth.get(ptr) == value for ptr, value in corrections.items()):
            tally["two"][1] += 1  # declined (or named one and reported the rest as broken sums)
        else:
            tally["two"][2] += 1  # a correction that is not the truth

    for key, label in (("t3", "table 三, one changed cell named with its original value"),
                       ("t4-total", "table 四, a changed total named with its original value"),
                       ("t4-part", "table 四, a changed part: the group total named, the part listed as related")):
        ok, n = tally[key]
        print(f"{label}: {ok}/{n} = {ok / max(n, 1):.1%}")
    exact, declined, wrong = tally["two"]
    n = sum(tally["two"])
    print(f"table 三, two changed cells: both named exactly {exact / n:.1%}, reported as broken sums {declined / n:.1%}, "
          f"a wrong correction {wrong / n:.1%}")


if __name__ == "__main__":
    main()
