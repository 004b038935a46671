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

from gzcheck.engine import Engine
from gzcheck.plugins import PluginHost
from gzcheck.template import split_pointer, template
from gzcheck.testing import example_report


def get(doc, ptr):
    for part in split_pointer(ptr):
        doc = doc[part]
    return doc


def put(doc, ptr, value):
    *parents, last = split_pointer(ptr)
    for part in parents:
        doc = doc[part]
    doc[last] = value


def consistent(rng: random.Random, version: str) -> dict:
    report = example_report(f"report-{version}.json")
    apps = report["applications"]
    columns = list(apps)
    cells = [c.pointer.split("/applications/total")[1] for c in template(version).table_cells("applications") if c.path[1] == "total"]
    parts = [p for p in cells if "/results/" in p and not p.endswith("/results/total")]
    for column in columns[:-1]:
        col = apps[column]
        for part in parts:
            put(col, part, rng.choice([0, 0, 0, rng.randint(0, 40)]))
        total = sum(get(col, p) for p in parts)
        col["results"]["total"] = total
        carried = col["carried_over_from_previous_year"] = rng.randint(0, 10)
        forward = col["carried_forward_to_next_year"] = rng.randint(max(0, carried - total), max(0, carried - total) + 10)
        col["new_received"] = total + forward - carried
    for rel in cells:
        put(apps["total"], rel, sum(get(apps[c], rel) for c in columns[:-1]))
    for group in report["review_and_litigation"].values():
        for leaf in ("upheld", "corrected", "other_result", "pending"):
            group[leaf] = rng.randint(0, 5)
        group["total"] = group["upheld"] + group["corrected"] + group["other_result"] + group["pending"]
    return report


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
