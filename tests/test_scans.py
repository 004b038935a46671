"""Scans and pictures read with OCR (issue #29): the tables by their ruling lines, every cell right or unknown
— never a wrong value — the faulty cell named with its correct value, and a clear error where OCR is not
installed or a picture is too large. The scans are made as agencies make them (tests/scans.py)."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest

from gzcheck.checker import Checker
from gzcheck.errors import InputError
from gzcheck.model.template import template, value_at
from gzcheck.testing import example_report

from .scans import SOFFICE, image_pdf, page_images, scanned_faulty_report, word_pdf

pytest.importorskip("rapidocr_onnxruntime", reason="OCR (gzcheck[ocr], in the test extra) reads the scans")
pytestmark = [pytest.mark.skipif(SOFFICE is None, reason="LibreOffice makes the scans' PDFs"), pytest.mark.libreoffice]

CHECKER = Checker()
TOTAL = "/applications/total/results/total"


@pytest.fixture(scope="module")
def scans() -> dict[str, bytes]:
    """Our two reports, one faulty, scanned at 150 dpi with scan damage, as image-only PDFs."""
    return {"consistent": image_pdf(page_images(word_pdf(example_report("report-2021.json")), 150, random.Random("consistent")), 150),
            "faulty": scanned_faulty_report()}


def cells_read(report: dict, read: dict) -> tuple[int, int, int]:
    """(right, unknown, wrong) over tables 三 and 四; a cell printed blank and read blank is right."""
    right = unknown = wrong = 0
    unread = set(read.get("unread") or [])
    for table in ("applications", "review_and_litigation"):
        for cell in template(report["format_version"]).table_cells(table):
            got = value_at(read, cell.path) if isinstance(read.get(table), dict) else None
            if got is None and value_at(report, cell.path) is None and isinstance(read.get(table), dict):
                right += 1  # printed blank, read blank
            elif cell.pointer in unread or got is None:
                unknown += 1
            elif got == value_at(report, cell.path):
                right += 1
            else:
                wrong += 1
    return right, unknown, wrong


@pytest.fixture(scope="module")
def consistent_read(scans):
    return CHECKER.read(scans["consistent"], name="scan.pdf")


def test_a_consistent_scan_reads_right_or_unknown_and_passes(consistent_read):
    loaded = consistent_read
    report = loaded.report
    assert report["format_version"] == "2021" and report["report_year"] == 2023
    right, unknown, wrong = cells_read(example_report("report-2021.json"), report)
    assert wrong == 0 and right >= 0.9 * (right + unknown), (right, unknown, wrong)
    result = CHECKER.check(loaded, name="scan.pdf")
    assert not [f for f in result.findings if f.severity == "error" and f.code.startswith(("T3", "T4", "TXT"))], result.findings
    assert result.status == "pass"


def test_the_faulty_cell_of_a_scan_is_named_with_its_correct_value(scans):
    result = CHECKER.check(scans["faulty"], name="faulty.pdf")
    [wrong] = [f for f in result.findings if f.code == "T3-001" and f.pointer == TOTAL]
    assert (wrong.actual, wrong.expected) == (31, 26) and wrong.location and wrong.location["page"] >= 1
    x0, y0, x1, y1 = wrong.location["bbox"]  # PDF points from the bottom left, as a PDF with text gives them
    assert 0 <= x0 < x1 <= 600 and 0 <= y0 < y1 <= 850
    assert result.status == "fail"


def test_tables_printed_without_ruling_lines_are_read_by_where_their_numbers_stand():
    """A grid inferred from the OCR's boxes (gzcheck/read/scan_grid.py): rows by the lines that hold numbers,
    columns by where the complete rows' numbers stand; blank cells stay blank, never shift a row's numbers."""
    from .documents import generate

    rng = random.Random(61)
    made = [generate(rng, version) for version in ("2021", "2019", "2021")]
    made[0].report["applications"]["natural_person"]["new_received"] = None   # a blank cell at a row's start
    for i, generated in enumerate(made):
        scan = image_pdf(page_images(word_pdf(generated.report, ruled=False), 150, random.Random(i)), 150)
        result = CHECKER.check(scan, name="borderless.pdf")
        right, unknown, wrong = cells_read(generated.report, result.report)
        table3 = len(template(generated.report["format_version"]).table_cells("applications"))
        assert wrong == 0 and right >= table3 - 3, (right, unknown, wrong)
        errors = [f for f in result.findings if f.severity == "error"]
        assert not [f for f in errors if f.code == "TBL-001"], errors   # a table it cannot read is never "missing"
        if generated.faulty and not generated.narrative_wrong:
            assert any(f.code == "T3-001" and (f.pointer == generated.faulty or generated.faulty in f.related) for f in errors)
        elif not generated.faulty:
            assert not [f for f in errors if f.code.startswith(("T3", "T4"))], errors


def test_a_multipage_tiff_at_120_dpi_is_read_as_the_scanned_pdf_is():
    report = example_report("report-2021.json")
    images = page_images(word_pdf(report), 120, random.Random(3))
    buffer = io.BytesIO()
    images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw")
    loaded = CHECKER.read(buffer.getvalue(), name="report.tif")
    right, unknown, wrong = cells_read(report, loaded.report)
    assert loaded.report["source"]["media_type"] == "image/x-scan" and wrong == 0, (right, unknown, wrong)
    assert loaded.report["report_year"] == 2023 and right >= 0.8 * (right + unknown), (right, unknown, wrong)


def test_without_ocr_a_scan_is_a_clear_error_that_says_how_to_read_it(scans, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_ocr(name, *args, **kwargs):
        if name.startswith(("rapidocr_onnxruntime", "PIL")):   # the extra brings Pillow: without it, neither
            raise ImportError(name)
        return real(name, *args, **kwargs)

    from gzcheck.read import scan

    from .ofds import pictures_to_ofd

    picture = pictures_to_ofd(scans["consistent"])
    page = zipfile.ZipFile(io.BytesIO(picture)).read("Doc_0/Res/Image_0.jpg")
    monkeypatch.setattr(scan, "_ENGINE", {})
    monkeypatch.setattr(builtins, "__import__", no_ocr)
    for data, name in ((scans["consistent"], "scan.pdf"), (page, "page.jpg"), (picture, "pictures.ofd")):
        result = CHECKER.check(data, name=name)
        assert result.status == "error" and not result.crashed, name
        assert "pip install 'gzcheck[ocr]'" in result.findings[0].message, name


@pytest.mark.parametrize("size", [(20_001, 10), (9_000, 9_000)])
def test_a_picture_too_large_is_refused_before_it_is_decoded(size):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", size, 1).save(buffer, "PNG")
    with pytest.raises(InputError) as refused:
        CHECKER.read(buffer.getvalue(), name="huge.png")
    assert "过大" in refused.value.message


def test_the_same_scan_gives_the_same_reading(scans, consistent_read):
    first = consistent_read.report
    second = CHECKER.read(scans["consistent"], name="scan.pdf").report
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["009-huaian-2024-city.pdf", "011-hongze-2023-district.pdf", "012-hongze-2024-district.pdf"])
def test_a_real_pdf_with_its_text_layer_removed_keeps_its_verdict_or_says_what_it_could_not_check(name):
    import pypdfium2 as pdfium

    from .conftest import shared_path

    data = shared_path("corpus", "reports", name).read_bytes()
    original = CHECKER.check(data, name=name)
    document = pdfium.PdfDocument(data)
    scan = image_pdf([document[i].render(scale=150 / 72).to_pil().convert("L") for i in range(len(document))], 150)
    scanned = CHECKER.check(scan, name=name)
    errors = {f.code for f in scanned.findings if f.severity == "error"}
    assert errors <= {f.code for f in original.findings if f.severity == "error"}, scanned.findings  # nothing false
    assert scanned.status == original.status or scanned.unverified > original.unverified


def test_a_page_whose_table_is_a_screenshot_reads_it_in_place(tmp_path):
    import base64
    import re
    import subprocess

    from .browser import CHROMIUM
    from .pages import render_html

    if CHROMIUM is None:
        pytest.skip("no chromium here to take the table's screenshot")
    report = example_report("report-2021.json")
    page = render_html(report)
    table = next(m for m in re.finditer(r"<table\b.*?</table>", page, re.S) if "本年新收" in m.group())
    (tmp_path / "t.html").write_text("<meta charset=utf-8><style>table{border-collapse:collapse;font:16px sans-serif}"
                                     "td,th{border:1px solid #000;padding:4px 8px}</style>" + table.group(), encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'p'}",
                    f"--screenshot={tmp_path / 't.png'}", "--window-size=1200,1400", (tmp_path / "t.html").as_uri()],
                   capture_output=True, timeout=120)
    picture = base64.b64encode((tmp_path / "t.png").read_bytes()).decode()
    saved = page[:table.start()] + f'<img src="data:image/png;base64,{picture}">' + page[table.end():]
    result = CHECKER.check(saved.encode(), name="page.html")
    right, unknown, wrong = cells_read(report, result.report)
    assert wrong == 0 and right > 60, (right, unknown, wrong)
    assert not [f for f in result.findings if f.code.startswith("T3") and f.severity == "error"]
    assert any("OCR" in f.message for f in result.findings if f.code == "GZ-010")
    hidden = CHECKER.check(saved.replace("<img src=", '<img style="display:none" src=').encode(), name="page.html")
    table3 = (hidden.report or {}).get("applications")  # a picture the page hides is not read either
    assert not isinstance(table3, dict) or all(
        value_at(hidden.report, c.path) is None for c in template("2021").table_cells("applications"))


def test_pictures_are_only_read_from_beside_the_page_never_fetched(tmp_path):
    from gzcheck.read.page_pictures import _picture

    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "t.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path.parent / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    page = str(tmp_path / "page.html")
    assert _picture("page_files/t.png", page) == b"\x89PNG\r\n\x1a\n"
    assert _picture("../outside.png", page) is None and _picture("/etc/passwd", page) is None
    assert _picture("http://example.org/t.png", page) is None and _picture("page_files/t.png", None) is None


def test_the_upload_page_gets_the_faulty_cell_as_scanned(scans):
    from PIL import Image

    from gzcheck.read.scan import _engine
    from gzcheck.server.checking import answer
    from gzcheck.settings import Settings

    given = answer(Settings(), scans["faulty"], "faulty.pdf", {"include_report": True})
    findings = json.loads(given.body)["reports"][0]["findings"]
    [index] = [i for i, f in enumerate(findings) if f["code"] == "T3-001" and f["pointer"] == TOTAL]
    uri = given.layout["pictures"][str(index)]
    assert uri.startswith("data:image/png;base64,")
    import base64

    crop = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert crop.width < 200 and crop.height < 80   # the cell, not the page
    found, _ = _engine()(__import__("numpy").asarray(crop.convert("L")), use_cls=False)
    assert "31" in [text for _, text, _ in found or []]   # the wrong total as it was scanned
