"""Benchmark: pages/second for extraction + every rule, on pages like the seed.

    python bench/bench_pages.py [--seconds 3]

Uses the seed page from ../shared when present, and a generated page of the
same shape (one cell per line, traditional script) otherwise.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.timing import per_second as rate  # noqa: E402
from gzcheck.engine.runner import Engine  # noqa: E402
from gzcheck.engine.plugins import PluginHost  # noqa: E402
from gzcheck.inputs import PageReader  # noqa: E402
from tests.pages import page_bytes, random_report  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "guangzhou-zwfw-2019-scraped.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    engine = Engine(PluginHost().load().rules())
    reader = PageReader()
    pages = {"generated (cells, traditional)": page_bytes(random_report(random.Random(0), "2019", False), "cells", "traditional", "utf-8"),
             "generated (html, simplified)": page_bytes(random_report(random.Random(1), "2021", True), "html", "simplified", "utf-8")}
    if SEED.exists():
        pages = {"seed page": SEED.read_bytes(), **pages}
    for name, data in pages.items():
        def once(data=data):
            loaded = reader.read(data, "page")
            engine.check_loaded(loaded, "page")

        once()
        extract_only = rate(lambda data=data: reader.read(data, "page"), args.seconds)
        full = rate(once, args.seconds)
        print(f"{name:<32} {len(data):>7} bytes  extract {extract_only:7.0f} pages/s   extract + all rules {full:7.0f} pages/s")


if __name__ == "__main__":
    main()
