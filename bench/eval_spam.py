"""Precision, recall and span accuracy of SPAM-001 per placement, obfuscation and category,
on a corpus generated from the real reports in ../shared, plus the clean negatives.

    python bench/eval_spam.py [--per-cell 10]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gzcheck_rules.spam_detector import detect  # noqa: E402
from tests.conftest import SHARED  # noqa: E402
from tests.spam_corpus import generate, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-cell", type=int, default=10)
    args = parser.parse_args()
    cases = generate(n_per_cell=args.per_cell)
    rows = defaultdict(list)
    for case in cases:
        result = score(case, detect(case.text, html=case.html))
        for key in (case.placement, case.obfuscation, case.category, "all"):
            rows[key].append(result)
    print(f"{'variant':<16} {'pages':>6} {'recall':>7} {'precision':>9} {'category':>9} {'covered':>8} {'clean p95':>9}")
    for key, results in rows.items():
        n = len(results)
        found = sum(r["found"] for r in results)
        false = sum(r["false_spans"] for r in results)
        extra = sorted(r["clean_included"] for r in results)
        print(f"{key:<16} {n:>6} {found / n:>7.1%} {found / max(1, found + false):>9.1%} "
              f"{sum(r['category_right'] for r in results) / n:>9.1%} {sum(r['coverage'] for r in results) / n:>8.1%} "
              f"{extra[int(0.95 * (n - 1))]:>9}")
    clean = SHARED / "corpus" / "clean"
    texts = [json.loads(line)["content"] for f in sorted(clean.glob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines()]
    start = time.perf_counter()
    false = sum(len(detect(t)) for t in texts)
    elapsed = time.perf_counter() - start
    chars = sum(map(len, texts))
    print(f"\nclean government prose: {len(texts)} documents, {chars:,} characters, {false} spam spans (false positives), "
          f"{chars / elapsed / 1e6:.1f} M characters/s")


if __name__ == "__main__":
    main()
