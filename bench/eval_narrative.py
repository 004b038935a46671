"""Precision and recall of TXT-001 on generated prose: consistent prose, and prose with one wrong number.

    python bench/eval_narrative.py [--n 500]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_localisation import consistent  # noqa: E402
from gzcheck.engine.runner import Engine  # noqa: E402
from gzcheck.engine.plugins import PluginHost  # noqa: E402
from tests.prose import SENTENCES, write  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(5)
    engine = Engine(PluginHost().load().rules())
    true_pos = false_pos = false_neg = clean_alarms = 0
    for i in range(args.n):
        report = consistent(rng, ("2019", "2021")[i % 2])
        report["sections"]["review_and_litigation"]["text"] = "见下表。"
        report["sections"]["overall_situation"]["text"], _ = write(report, rng)
        clean_alarms += sum(f.code == "TXT-001" for f in engine.check(report).findings)
        wrong = rng.choice([key for key, _ in SENTENCES])
        text, where = write(report, rng, wrong)
        report["sections"]["overall_situation"]["text"] = text
        findings = [f for f in engine.check(report).findings if f.code == "TXT-001"]
        start, end, printed = where[wrong]
        hit = [f for f in findings if (f.start, f.end, f.actual) == (start, end, printed)]
        true_pos += bool(hit)
        false_neg += not hit
        false_pos += len(findings) - len(hit)
    print(f"consistent prose: {args.n} reports, {clean_alarms} findings (false alarms)")
    print(f"one wrong number: recall {true_pos / args.n:.1%}, precision {true_pos / max(1, true_pos + false_pos):.1%} "
          f"({true_pos} named, {false_neg} missed, {false_pos} other findings)")


if __name__ == "__main__":
    main()
