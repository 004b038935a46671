"""Scanned reports to a verdict with OCR, one core, and how well their tables are read (issue #29):

    python bench/bench_scans.py [--reports 6] [--dpi 120 150 200] [--borderless] [--six-pages 3] [--batch 1000] [--shared]

Generated reports (tests/documents.py: half with one table-三 cell changed), exported to PDF by LibreOffice and printed
at each dpi with scan damage (tests/scans.py), rebuilt as image-only PDFs. For each: seconds per page and per
report, and table 三/四 cells read right, unknown and wrong; whether the faulty cell is named with its correct
value; whether a consistent report gets a false T3/T4/TXT error. ``--shared``: the real PDFs in ../shared with
their text layer removed (rendered at 150 dpi), verdict beside the original's.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gzcheck.checker import Checker  # noqa: E402
from tests.documents import generate  # noqa: E402
from tests.scans import image_pdf, page_images, word_pdf  # noqa: E402
from tests.test_scans import cells_read  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus" / "reports"


def generated(checker: Checker, count: int, dpis: list[int], ruled: bool = True) -> None:
    rng = random.Random(29)
    reports = []
    for _ in range(count):
        made = generate(rng)  # half with one table-三 cell changed (made.faulty), some with a wrong narrative
        reports.append((made.report, made.faulty, word_pdf(made.report, ruled=ruled)))
    for dpi in dpis:
        right = unknown = wrong = pages = named = flagged = faults = false_errors = 0
        seconds = 0.0
        for i, (report, faulty, pdf) in enumerate(reports):
            images = page_images(pdf, dpi, random.Random(i))
            scan = image_pdf(images, dpi)
            start = time.perf_counter()
            result = checker.check(scan, name=f"scan{i}.pdf")
            seconds += time.perf_counter() - start
            pages += len(images)
            r, u, w = cells_read(report, result.report or {})
            right, unknown, wrong = right + r, unknown + u, wrong + w
            errors = [f for f in result.findings if f.severity == "error" and f.code.startswith(("T3", "T4"))]
            if faulty:
                faults += 1
                named += any(faulty == f.pointer or faulty in f.related for f in errors)
                flagged += not any(faulty == f.pointer or faulty in f.related for f in errors) and any(
                    f.code == "GZ-013" and f.pointer == faulty for f in result.findings)   # read unsure: shown with both numbers
            else:
                false_errors += bool(errors)
        cells = right + unknown + wrong
        print(f"{dpi} dpi{'' if ruled else ', tables without ruling lines'}: {len(reports)} reports, {pages} pages: {seconds / pages:.1f} s a page, {seconds / len(reports):.1f} s "
              f"a report; cells right {right}/{cells} ({100 * right / cells:.1f}%), unknown {unknown}, wrong {wrong}; "
              f"faulty cell named {named}/{faults} (+{flagged} read unsure and shown against the sums); consistent reports with a false error {false_errors}")


WORK = ("全面推进决策、执行、管理、服务、结果公开，加强政策解读和回应关切，规范依申请公开办理流程，"
        "健全政府信息公开工作机制，加强政府网站和政务新媒体管理，提升政务公开标准化规范化水平。")


def six_pages(checker: Checker, count: int) -> None:
    """Whole reports of six pages (their text lengthened with work described, no numbers), scanned at 150 dpi."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    rng, seconds, statuses = random.Random(6), [], []
    for i in range(count):
        report = generate(rng).report
        paragraphs = 8
        while True:
            for key in ("overall_situation", "problems_and_improvements"):
                report["sections"][key]["text"] = "\n".join([report["sections"][key]["text"].split("\n")[0]] + [WORK] * paragraphs)
            pdf = word_pdf(report)
            pages = len(pdfium.PdfDocument(pdf))
            if pages >= 6:
                break
            paragraphs += 4
        scan = image_pdf(page_images(pdf, 150, random.Random(i)), 150)
        start = time.perf_counter()
        statuses.append(checker.check(scan, name=f"six{i}.pdf").status.value)
        seconds.append(time.perf_counter() - start)
        print(f"  a {pages}-page scanned report: {seconds[-1]:.1f} s ({statuses[-1]})")
    print(f"{count} whole scanned reports of 6 pages at 150 dpi: {sum(seconds) / count:.1f} s a report (one core); {statuses}")


def batch_with_scans(checker: Checker, count: int, share: float = 0.02) -> None:
    """``count`` mixed files (bench_goals' text, HTML, JSON, .docx and PDF) checked by ``batch --jobs 2``, then
    the same with ``share`` of them scans (distinct: five reports, each scanned with its own damage): what each
    scan adds to the batch, on its two cores, against checking that scan alone on one core (goal ≤ 1.5×)."""
    import contextlib
    import io
    import shutil
    import tempfile

    from bench.bench_goals import mixed_files
    from gzcheck.cli import main as cli

    scans_wanted = max(1, round(count * share))
    rng = random.Random(8)
    pdfs = [word_pdf(generate(rng).report) for _ in range(5)]
    with tempfile.TemporaryDirectory() as tmp:
        plain, mixed = Path(tmp) / "plain", Path(tmp) / "mixed"
        plain.mkdir()
        mixed_files(plain, count - scans_wanted)
        shutil.copytree(plain, mixed)
        alone = []
        for i in range(scans_wanted):
            scan = image_pdf(page_images(pdfs[i % len(pdfs)], 150, random.Random(i)), 150)
            (mixed / f"scan{i:03d}.pdf").write_bytes(scan)
            if i < 10:  # a scan alone, on one core: ten tell the mean
                start = time.perf_counter()
                checker.check(scan, name="scan.pdf")
                alone.append(time.perf_counter() - start)
        walls = {}
        for folder in (plain, mixed):
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                cli(["batch", str(folder), "--jobs", "2", "--output", str(Path(tmp) / f"out-{folder.name}")])
            walls[folder.name] = time.perf_counter() - start
    added = 2 * (walls["mixed"] - walls["plain"]) / scans_wanted   # core-seconds a scan added to the batch
    single = sum(alone) / len(alone)
    print(f"batch --jobs 2: {count - scans_wanted} files {walls['plain']:.1f} s; with {scans_wanted} scans ({100 * share:.0f}%) "
          f"{walls['mixed']:.1f} s; a scan adds {added:.1f} core-seconds in the batch against {single:.1f} s alone = "
          f"{added / single:.2f}× (goal ≤ 1.5×)")


def shared(checker: Checker) -> None:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    for path in sorted(SHARED.glob("*.pdf")):
        original = checker.check(path)
        document = pdfium.PdfDocument(path.read_bytes())
        images = [document[i].render(scale=150 / 72).to_pil().convert("L") for i in range(len(document))]
        start = time.perf_counter()
        scanned = checker.check(image_pdf(images, 150), name=path.name)
        print(f"{path.name}: original {original.status} (未核对 {original.unverified}), as a scan {scanned.status} "
              f"(未核对 {scanned.unverified}) in {time.perf_counter() - start:.1f} s; errors "
              f"{sorted(f.code for f in original.findings if f.severity == 'error')} / "
              f"{sorted(f.code for f in scanned.findings if f.severity == 'error')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--dpi", type=int, nargs="+", default=[120, 150, 200])
    parser.add_argument("--shared", action="store_true")
    parser.add_argument("--borderless", action="store_true", help="the generated reports' tables without ruling lines")
    parser.add_argument("--six-pages", type=int, default=0, metavar="N", help="time N whole reports of six pages")
    parser.add_argument("--batch", type=int, default=0, metavar="N", help="N mixed files in a batch, 2%% of them scans")
    args = parser.parse_args()
    checker = Checker()
    if args.reports:
        generated(checker, args.reports, args.dpi, ruled=not args.borderless)
    if args.six_pages:
        six_pages(checker, args.six_pages)
    if args.batch:
        batch_with_scans(checker, args.batch)
    if args.shared and SHARED.is_dir():
        shared(checker)


if __name__ == "__main__":
    main()
