"""Recovery of lost table-三 cells on damaged pages: consistent reports rendered in each layout with one or
two rows' numbers lost (label kept) or printed apart from their labels, as PDF conversions do.

    python bench/eval_recovery.py [--per-case 50]

Reports, per case: cells lost, how many the identities determine, how many were recovered with the right
value, wrong values, and false failures (a consistent report judged 不通过).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gzcheck.engine.plugins import PluginHost  # noqa: E402
from gzcheck.engine.runner import Engine  # noqa: E402
from tests.recovery import trial  # noqa: E402

LAYOUTS = ("cells", "rows", "pipes", "html")


def main(per_case: int) -> None:
    engine = Engine(PluginHost().load().rules())
    print(f"{'case':<22} {'lost':>6} {'determined':>11} {'recovered':>10} {'wrong':>6} {'false fail':>11}")
    totals = [0, 0, 0, 0, 0]
    for detached in (False, True):
        for rows in (1, 2):
            case = [0, 0, 0, 0, 0]
            for layout in LAYOUTS:
                rng = random.Random(f"bench-{layout}-{rows}-{detached}")
                for _ in range(per_case):
                    t = trial(engine, rng, layout, rows, detached)
                    for i, v in enumerate((t.lost, t.determined, t.recovered, t.wrong, t.status != "pass")):
                        case[i] += v
            name = f"{rows} row(s) {'detached' if detached else 'lost'}"
            print(f"{name:<22} {case[0]:>6} {case[1]:>11} {case[2]:>5} ({case[2] / case[0]:.0%}) {case[3]:>6} {case[4]:>11}")
            totals = [a + b for a, b in zip(totals, case, strict=True)]
    print(f"{'all':<22} {totals[0]:>6} {totals[1]:>11} {totals[2]:>5} ({totals[2] / totals[0]:.0%}) {totals[3]:>6} {totals[4]:>11}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-case", type=int, default=50)
    main(parser.parse_args().per_case)
