"""Seconds per report, to its verdict, for each format gzcheck reads — one core, distinct files:

    python bench/bench_formats.py [--count 40]

Generated reports (tests/documents.py) as an HTML page, a Word file, an Excel workbook of the tables, the
committed LibreOffice PDFs and OFD files written from them (tests/ofds.py), and the HTML page fetched by URL
from a web site on 127.0.0.1 (tests/site.py; fetching over loopback, so the figure is gzcheck's own cost,
not a government server's).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gzcheck.checker import Checker  # noqa: E402
from tests.documents import docx_bytes, generate  # noqa: E402
from tests.ofds import pdf_to_ofd  # noqa: E402
from tests.pages import page_bytes  # noqa: E402
from tests.site import running_site  # noqa: E402
from tests.workbooks import xlsx_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "documents"


def per_file(checker: Checker, sources: list[tuple[object, str]]) -> float:
    """Median seconds a file, each checked once (the first one also warms up the readers, and is left out)."""
    times = []
    for source, name in sources:
        start = time.perf_counter()
        checker.check(source, name=name) if isinstance(source, bytes) else checker.check(source)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:] or times)


def main(count: int) -> None:
    rng = random.Random(5)
    made = [generate(rng) for _ in range(count)]
    checker = Checker()
    pdfs = sorted(FIXTURES.glob("generated-*.pdf"))
    pages = [page_bytes(m.report, "html", "simplified", "gbk") for m in made]
    rows = [
        ("HTML page", [(p, "page.html") for p in pages]),
        ("Word .docx", [(docx_bytes(m.report), "report.docx") for m in made]),
        ("Excel .xlsx", [(xlsx_bytes(m.report, random.Random(i)), "tables.xlsx") for i, m in enumerate(made)]),
        ("PDF (LibreOffice)", [(p.read_bytes(), p.name) for p in pdfs] * 3),
        ("OFD", [(pdf_to_ofd(p.read_bytes()), p.stem + ".ofd") for p in pdfs] * 3),
    ]
    with running_site() as site:
        urls = [(site.add(f"/art/{i}.html", page, content_type="text/html; charset=gbk"), "") for i, page in enumerate(pages)]
        rows.append(("URL (HTML page over loopback)", urls))
        print(f"{'format':32} {'ms a report':>12}")
        for label, sources in rows:
            print(f"{label:32} {1000 * per_file(checker, sources):12.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="generated reports per format")
    main(parser.parse_args().count)
