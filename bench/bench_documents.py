"""Word and PDF reports to a verdict, one core, on distinct files:

    python bench/bench_documents.py [--docx 200]

.docx: generated reports laid out like the national template (tests/documents.py), each file read once.
PDF: the generated fixtures exported by LibreOffice and the real PDFs in ../shared, each read once per
round; side by side with pdfplumber's own extract_tables on the same files when pdfplumber is installed
(the floor to beat: table extraction alone, no verdict).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gzcheck.engine.plugins import PluginHost  # noqa: E402
from gzcheck.engine.runner import Engine  # noqa: E402
from gzcheck.inputs import BUILTIN_READERS, read_data  # noqa: E402
from tests.documents import generate, write_docx  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus" / "reports"


def verdicts(engine, files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        engine.check(read_data(BUILTIN_READERS, path.read_bytes(), path.name).report)
    return time.perf_counter() - start


def main(count: int) -> None:
    engine = Engine(PluginHost().load().rules())
    with tempfile.TemporaryDirectory() as folder:
        rng = random.Random(3)
        files = []
        for i in range(count):
            path = Path(folder) / f"{i}.docx"
            write_docx(generate(rng), path, rng)
            files.append(path)
        seconds = verdicts(engine, files)
        print(f".docx → verdict: {count} distinct files in {seconds:.2f} s = {count / seconds:.0f} reports/s "
              f"({1000 * seconds / count:.1f} ms each)")
    pdfs = sorted((ROOT / "tests" / "data" / "documents").glob("generated-*.pdf")) + sorted(SHARED.glob("*.pdf"))
    rounds = 5
    seconds = sum(verdicts(engine, pdfs) for _ in range(rounds))
    n = rounds * len(pdfs)
    print(f"PDF → verdict: {len(pdfs)} files (4–6 pages) × {rounds} in {seconds:.2f} s = {n / seconds:.1f} reports/s "
          f"({1000 * seconds / n:.0f} ms each)")
    try:
        import pdfplumber
    except ImportError:
        print("pdfplumber is not installed: pip install pdfplumber to time its extract_tables side by side")
        return
    start = time.perf_counter()
    for _ in range(rounds):
        for path in pdfs:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_tables()
    other = time.perf_counter() - start
    print(f"pdfplumber extract_tables alone on the same files: {n / other:.1f} reports/s ({1000 * other / n:.0f} ms each); "
          f"gzcheck's whole check is {other / seconds:.1f}× faster")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--docx", type=int, default=200)
    main(parser.parse_args().docx)
