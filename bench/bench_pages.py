"""Pages to a verdict on one core, on *distinct* pages (every page differs, so no cache stays warm), and how
the cost grows with the size of a page.

    python bench/bench_pages.py [--pages 300]

Kinds: generated text pages (one cell per line, traditional script, like the seed), generated HTML pages
(tables, Word-pasted markup), and the real seed and Shanghai HTML pages made distinct by a line of their
own. Linearity: one page padded with ordinary prose full of numbers to 0.5 MB and to 5 MB.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gzcheck.checker import Checker  # noqa: E402
from tests.pages import page_bytes, random_report  # noqa: E402

SHARED = ROOT.parent / "shared"
PROSE = "本年度共收到政府信息公开申请{n}件，其中予以公开{m}件，主动公开政府信息{k}条，组织培训{j}次。"


def distinct(data: bytes, i: int, html: bool) -> bytes:
    line = f"<p>访问统计编号 {i}</p>" if html else f"\n访问统计编号 {i}\n"
    return data.replace(b"</body>", line.encode() + b"</body>", 1) if html and b"</body>" in data else data + line.encode()


def rate(checker: Checker, pages: list[bytes]) -> tuple[float, float]:
    start = time.perf_counter()
    for data in pages:
        checker.check(data, name="page")
    seconds = time.perf_counter() - start
    return len(pages) / seconds, 1000 * seconds / len(pages)


def padded(size: int) -> bytes:
    rng = random.Random(size)
    base = page_bytes(random_report(rng, "2021", False), "cells", "simplified", "utf-8").decode()
    prose, n = [], 0
    while n < size:
        line = PROSE.format(n=rng.randint(1, 999), m=rng.randint(1, 99), k=rng.randint(1, 9999), j=rng.randint(1, 9))
        prose.append(line)
        n += len(line.encode())
    return base.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况\n" + "\n".join(prose), 1).encode()


def main(count: int) -> None:
    checker = Checker()
    kinds = {
        "generated text (cells)": [page_bytes(random_report(random.Random(i), ("2019", "2021")[i % 2], False), "cells", "traditional", "utf-8")
                                   for i in range(count)],
        "generated HTML": [page_bytes(random_report(random.Random(10**6 + i), ("2019", "2021")[i % 2], True), "html", "simplified", "utf-8")
                           for i in range(count)],
    }
    seed, html = SHARED / "seeds" / "guangzhou-zwfw-2019-scraped.txt", SHARED / "corpus" / "reports" / "008-shanghai-2019-govoffice.html"
    if seed.exists():
        kinds["seed page (text)"] = [distinct(seed.read_bytes(), i, False) for i in range(count)]
        kinds["Shanghai 2019 (HTML)"] = [distinct(html.read_bytes(), i, True) for i in range(count)]
    checker.check(kinds["generated HTML"][0], name="warm-up")  # imports, lexicon
    for name, pages in kinds.items():
        per_second, ms = rate(checker, pages)
        print(f"{name:<26} {sum(map(len, pages)) // len(pages):>7} bytes  {per_second:6.0f} pages/s  ({ms:.2f} ms each)")
    costs = {}
    for size in (500_000, 5_000_000):
        page = padded(size)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        checker.check(page, name="big")
        costs[size] = time.perf_counter() - start
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(f"padded page {len(page) / 1e6:.1f} MB: {costs[size]:.2f} s, peak memory grew {grown / 1024:.0f} MB")
    print(f"5 MB / 0.5 MB cost: {costs[5_000_000] / costs[500_000]:.1f}× (linear would be 10×)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    main(parser.parse_args().pages)
