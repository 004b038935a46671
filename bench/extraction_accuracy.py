"""Cell accuracy of extraction: the real reports in ../shared (hand-checked values in
tests/data/real) and pages generated in every layout, script and encoding.

    python bench/extraction_accuracy.py [--per-combo 20]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gzcheck.extraction import extract_bytes  # noqa: E402
from gzcheck.inputs import BUILTIN_READERS, read_data  # noqa: E402
from tests.pages import LAYOUTS, page_bytes, random_report  # noqa: E402
from tests.real_tables import all_transcribed, compare  # noqa: E402
from tests.test_generated_pages import ENCODINGS, cells_right  # noqa: E402

REPORTS = ROOT.parent / "shared" / "corpus" / "reports"


def real() -> None:
    if not REPORTS.is_dir():
        print(f"{REPORTS} not found: skipping the real reports")
        return
    print(f"{'file':<48} {'right':>6} {'wrong':>6} {'refused':>8} {'derived':>8} {'accuracy':>9}")
    for name, data in all_transcribed():
        report = read_data(BUILTIN_READERS, (REPORTS / name).read_bytes(), name).report
        result = compare(data, report, name)
        n = sum(len(v) for v in result.values())
        print(f"{name:<48} {len(result['right']):>6} {len(result['wrong']):>6} {len(result['refused']):>8} "
              f"{len(result['derived']):>8} {len(result['right']) / n:>9.1%}")


def generated(per_combo: int) -> None:
    by_layout: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for layout in LAYOUTS:
        for script, encodings in ENCODINGS.items():
            for encoding in encodings:
                rng = random.Random(f"bench{layout}{script}{encoding}")
                for i in range(per_combo):
                    report = random_report(rng, ("2019", "2021")[i % 2], blanks=layout in ("html", "pipes"))
                    extracted, _ = extract_bytes(page_bytes(report, layout, script, encoding))
                    right, total = cells_right(report, extracted)
                    for key in (layout, f"{script}/{encoding}", "all"):
                        by_layout[key][0] += right
                        by_layout[key][1] += total
    print(f"\n{'generated pages':<24} {'cells right':>14} {'accuracy':>9}")
    for key, (right, total) in by_layout.items():
        print(f"{key:<24} {right:>6}/{total:<7} {right / total:>9.2%}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-combo", type=int, default=20)
    args = parser.parse_args()
    real()
    generated(args.per_combo)
