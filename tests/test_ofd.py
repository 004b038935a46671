"""OFD documents (issue #30): our generated reports exported to PDF by LibreOffice and written to OFD as a
converter writes them (tests/ofds.py), some with a running header on a template page and page numbers. Every
table cell right or unknown — never wrong — the faulty cell named, the verdict the PDF's, findings placed on
their page; and a damaged or hostile OFD is a clear error."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from gzcheck.checker import Checker

from .documents import generate
from .ofds import pdf_to_ofd
from .scans import SOFFICE, word_pdf
from .test_scans import cells_read

pytestmark = [pytest.mark.skipif(SOFFICE is None, reason="LibreOffice makes the PDFs the OFD files are written from"),
              pytest.mark.libreoffice]
CHECKER = Checker()


def test_generated_ofd_reports_read_as_their_pdfs_and_name_the_faulty_cell():
    rng = random.Random(33)
    right = cells = faults = named = 0
    for k in range(6):
        made = generate(rng)
        pdf = word_pdf(made.report)
        ofd = pdf_to_ofd(pdf, header="示例市人民政府信息公开专栏" if k % 2 else None, page_numbers=bool(k % 2))
        result, as_pdf = CHECKER.check(ofd, name="r.ofd"), CHECKER.check(pdf, name="r.pdf")
        assert result.report["format_version"] == made.report["format_version"]
        assert result.report["report_year"] == made.report["report_year"]
        r, u, w = cells_read(made.report, result.report)
        assert w == 0, (k, r, u, w)
        right, cells = right + r, cells + r + u + w
        assert result.status == as_pdf.status
        if not made.faulty and not made.narrative_wrong:
            assert not [f for f in result.findings if f.severity == "error"]
        if made.faulty:
            faults += 1
            named += any(f.code == "T3-001" and (f.pointer == made.faulty or made.faulty in f.related) for f in result.findings)
        for f in result.findings:
            if f.code.startswith("T3") and f.location:
                assert f.location["page"] >= 1 and len(f.location["bbox"]) == 4
        assert "示例市人民政府信息公开专栏" not in result.report["source"]["text"]   # a running header is no report text
    assert faults and named == faults
    assert right >= 0.95 * cells, (right, cells)


def test_a_damaged_or_hostile_ofd_is_a_clear_error():
    def package(files: dict[str, str]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for name, text in files.items():
                z.writestr(name, text)
        return out.getvalue()

    no_root = package({"OFD.xml": "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody/></ofd:OFD>"})
    entities = package({"OFD.xml": '<!DOCTYPE x [<!ENTITY a "b">]><OFD>&a;</OFD>'})
    missing = package({"OFD.xml": "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"
                                  "</ofd:DocRoot></ofd:DocBody></ofd:OFD>"})
    for data, words in ((no_root, "DocRoot"), (entities, "实体"), (missing, "缺少")):
        result = CHECKER.check(data, name="x.ofd")
        assert result.status.value == "error" and words in result.findings[0].message, result.findings


def test_text_a_reader_does_not_see_is_not_read_and_is_named():
    made = next(m for m in (generate(random.Random(k)) for k in range(40)) if not m.faulty and not m.narrative_wrong)
    ofd = pdf_to_ofd(word_pdf(made.report))
    claim = "本年度共收到政府信息公开申请99999件，予以公开88888件。"
    hidden = "".join(f'<ofd:TextObject ID="{900 + i}" Boundary="30 40 150 8" Size="3.5"{extra}><ofd:FillColor Value="{colour}"/>'
                     f'<ofd:TextCode X="0" Y="4">{claim}</ofd:TextCode></ofd:TextObject>'
                     for i, (extra, colour) in enumerate([("", "255 255 255"), (' Visible="false"', "0 0 0"), ("", "0 0 0")]))
    hidden = hidden.replace('Boundary="30 40 150 8" Size="3.5"><ofd:FillColor Value="0 0 0"/>', 'Boundary="30 40 150 8" Size="0.3"><ofd:FillColor Value="0 0 0"/>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ofd)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "Doc_0/Pages/Page_0/Content.xml":
                data = data.replace(b"</ofd:Layer>", hidden.encode() + b"</ofd:Layer>", 1)
            target.writestr(item, data)
    result = CHECKER.check(out.getvalue(), name="r.ofd")
    assert "99999" not in result.report["source"]["text"] and result.status.value == "pass", result.findings
    said = " ".join(f.message for f in result.findings if f.code == "GZ-010")
    assert all(how in said for how in ("白色文字", "不可见", "字号小于2磅")), said


@pytest.mark.parametrize("fixture", [0, 1, 2])
def test_an_ofd_of_page_pictures_is_read_with_ocr_as_its_pdf_is(fixture):
    """As easyofd's pdf2ofd writes one: every page a picture. Read with OCR; at 96 dpi table 四's totals wrap in
    their narrow cells (16 over 2), which must be read as one unsure number, never as 16."""
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR (gzcheck[ocr], in the test extra) reads the pictures")
    import json
    from pathlib import Path

    from .ofds import pictures_to_ofd

    folder = Path(__file__).parent / "data" / "documents"
    pdf = (folder / f"generated-{fixture}.pdf").read_bytes()
    expected = json.loads((folder / f"generated-{fixture}.json").read_text(encoding="utf-8"))["report"]
    result = CHECKER.check(pictures_to_ofd(pdf), name="pictures.ofd")
    right, unknown, wrong = cells_read(expected, result.report)
    assert wrong == 0 and right >= 0.9 * (right + unknown), (right, unknown, wrong)
    original = CHECKER.check(pdf, name="report.pdf")
    errors = sorted(f.code for f in result.findings if f.severity == "error")
    assert result.status == original.status and errors == sorted(f.code for f in original.findings if f.severity == "error")
