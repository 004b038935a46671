"""Word and PDF reports: read as the equivalent page would be, findings pointing at the cell or page."""

import io
import json
import random
import re
import zipfile
from pathlib import Path

import pytest

from gzcheck.cli import main
from gzcheck.errors import EXIT_UNREADABLE, InputError
from gzcheck.inputs import BUILTIN_READERS, read_data

from .documents import Generated, expected_cells, generate, write_docx
from .strategies import get_at
from .engines import engine

FIXTURES = Path(__file__).parent / "data" / "documents"


def read(data: bytes, name: str) -> dict:
    return read_data(BUILTIN_READERS, data, name).report


def score(generated: Generated, report: dict) -> tuple[int, int, list]:
    """(cells right, cells, wrong values). A cell printed empty may come back unknown or derived (PDF text
    cannot show an empty cell), never as a different number."""
    right, wrong = 0, []
    for ptr, want in expected_cells(generated).items():
        got = get_at(report, ptr)
        status = (report["provenance"].get(ptr) or {}).get("status")
        if got == want or (want is None and status in ("unread", "derived")):
            right += 1
        elif ptr not in report.get("unread", []):
            wrong.append((ptr, want, got))
    return right, len(expected_cells(generated)), wrong


def verdict_is_right(generated: Generated, report: dict) -> None:
    assert (report["format_version"], report["report_year"]) == (generated.report["format_version"], generated.report["report_year"])
    result = engine().check(report)
    t3 = [f for f in result.findings if f.code == "T3-001"]
    if generated.faulty:
        assert [(f.pointer, f.expected) for f in t3] == [(generated.faulty, generated.original)]
        assert t3[0].location and ("table" in t3[0].location or "page" in t3[0].location)
    else:
        assert t3 == []
    stated = [f for f in result.findings if f.code == "TXT-001" and f.pointer == "/sections/applications"]
    assert bool(stated) == generated.narrative_wrong


@pytest.mark.slow
def test_generated_word_documents(tmp_path):
    rng = random.Random("docx")
    right = total = 0
    for i in range(24):
        generated = generate(rng, ("2019", "2021")[i % 2])
        path = tmp_path / f"{i}.docx"
        write_docx(generated, path, rng)
        report = read(path.read_bytes(), path.name)
        r, n, wrong = score(generated, report)
        assert wrong == []
        right, total = right + r, total + n
        verdict_is_right(generated, report)
    assert right / total >= 0.995


FIXTURE_NAMES = sorted(p.name for p in FIXTURES.glob("generated-*.*") if p.suffix in (".docx", ".pdf"))


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_committed_word_and_pdf_fixtures(name):
    data = json.loads((FIXTURES / (name.rsplit(".", 1)[0] + ".json")).read_text(encoding="utf-8"))
    generated = Generated(data["report"], data["faulty"], data["original"], data["narrative_wrong"])
    report = read((FIXTURES / name).read_bytes(), name)
    right, total, wrong = score(generated, report)
    assert wrong == [] and right / total >= 0.995
    verdict_is_right(generated, report)


def test_real_pdfs_point_at_their_page(capsys):
    from .conftest import shared_path

    main(["check", str(shared_path("corpus", "reports", "011-hongze-2023-district.pdf")), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    t4 = [f for f in findings if f["code"] == "T4-001"]
    assert {f["pointer"] for f in t4} == {"/review_and_litigation/administrative_review/total",
                                          "/review_and_litigation/litigation_after_review/total"}
    assert all(f["location"]["page"] == 4 and len(f["location"]["bbox"]) == 4 for f in t4)
    main(["check", str(shared_path("corpus", "reports", "011-hongze-2023-district.pdf"))])
    assert "错误 T4-001 表四「行政复议」「总计」（第4页）" in capsys.readouterr().out


def _rewrite(docx: bytes, change) -> bytes:
    """A copy of a .docx with ``change(name, data) -> data`` applied to its parts."""
    source, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info)))
    return out.getvalue()


def _a_docx(rng=None) -> tuple[Generated, bytes]:
    import tempfile

    rng = rng or random.Random(7)
    generated = generate(rng, "2021")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.docx"
        write_docx(generated, path, rng)
        return generated, path.read_bytes()


def test_tracked_insertions_count_deletions_do_not():
    generated, docx = _a_docx()
    stated = generated.report["sections"]["applications"]["text"]

    def track(name, data):
        if name != "word/document.xml":
            return data
        text = data.decode("utf-8")
        # the narrative's sentence as a deletion (an old number) followed by an insertion
        return text.replace(f"<w:t>{stated}</w:t>",
                            '<w:t xml:space="preserve">本年度</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>共收到申请999件，</w:delText></w:r></w:del>'
                            f'<w:ins w:id="2" w:author="a"><w:r><w:t>{stated[3:]}</w:t></w:r></w:ins><w:r><w:t></w:t>', 1).encode("utf-8")

    report = read(_rewrite(docx, track), "draft.docx")
    text = report["sections"]["applications"]["text"]
    assert "999" not in text and stated[3:] in text
    assert any("修订" in note["message"] for note in report["source"]["notes"])


def test_ordinals_from_word_numbering_find_the_sections():
    _, docx = _a_docx()
    numbering = ('<w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                 '<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>')

    def numbered(name, data):
        if not name.endswith(".xml"):
            return data
        text = data.decode("utf-8")
        if name == "word/numbering.xml":
            return text.replace("</w:numbering>", numbering + "</w:numbering>").encode("utf-8")
        if name == "word/document.xml":
            for ordinal in "一二三四五六":  # the heading's ordinal now comes from the numbering, not the text
                text = re.sub(rf"<w:p>(<w:pPr>(?:(?!</w:pPr>).)*</w:pPr>)?<w:r><w:t>{ordinal}、",
                              '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr></w:pPr><w:r><w:t>', text, count=1)
            return text.encode("utf-8")
        return data

    changed = _rewrite(docx, numbered)
    assert "一、总体情况" not in zipfile.ZipFile(io.BytesIO(changed)).read("word/document.xml").decode("utf-8")
    report = read(changed, "numbered.docx")
    assert report["sections"]["review_and_litigation"]["heading"] == "四、政府信息公开行政复议、行政诉讼情况"
    assert all(report["sections"].values())


@pytest.mark.parametrize("case", ["corrupt", "bomb", "entities", "xlsx", "encrypted-pdf", "scanned-pdf", "ole", "truncated-pdf",
                                  "bad-number"])
@pytest.mark.slow
def test_hostile_documents_are_clear_errors(case, tmp_path, capsys):
    _, docx = _a_docx()
    if case == "corrupt":
        data = docx[:2000]
    elif case == "bomb":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>")
        data = buffer.getvalue()
    elif case == "entities":
        lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
               '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
        data = _rewrite(docx, lambda name, d: lol.encode() if name == "word/document.xml" else d)
    elif case == "xlsx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
        data = buffer.getvalue()
    elif case == "encrypted-pdf":
        data = (FIXTURES / "encrypted.pdf").read_bytes()
    elif case == "scanned-pdf":
        data = (FIXTURES / "scanned.pdf").read_bytes()
    elif case == "bad-number":  # a numbering level that is not a number: the parser's ValueError must not escape
        numbered = b'<w:p><w:pPr><w:numPr><w:ilvl w:val="zz"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        data = _rewrite(docx, lambda name, d: d.replace(b"<w:p>", numbered, 1) if name == "word/document.xml" else d)
    elif case == "truncated-pdf":
        data = (FIXTURES / "generated-0.pdf").read_bytes()[:3000]
    else:
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    path = tmp_path / f"{case}.bin"
    path.write_bytes(data)
    assert main(["check", str(path)]) == EXIT_UNREADABLE
    out = capsys.readouterr().out
    assert "GZ-001" in out and "Traceback" not in out
    with pytest.raises(InputError):
        read(data, path.name)


def test_a_docx_draft_checks_like_the_page_it_becomes(tmp_path):
    """The same report as .docx and as an HTML page: the same table findings."""
    from .pages import page_bytes

    rng = random.Random(11)
    generated = generate(rng, "2021")
    docx = tmp_path / "draft.docx"
    write_docx(generated, docx, rng)
    page = page_bytes(generated.report, "html", "simplified", "utf-8")
    codes = []
    for data, name in ((docx.read_bytes(), "draft.docx"), (page, "page.html")):
        result = engine().check(read(data, name))
        codes.append(sorted((f.code, f.pointer, f.expected) for f in result.findings if f.code.startswith(("T3", "T4"))))
    assert codes[0] == codes[1]


SOFFICE = __import__("shutil").which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed here: the .doc conversion is tested where it is")
@pytest.mark.libreoffice
def test_an_old_word_file_is_converted_when_libreoffice_is_there(tmp_path):
    import shutil
    import subprocess

    shutil.copy(FIXTURES / "generated-1.docx", tmp_path / "old.docx")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc", "old.docx"],
                   cwd=tmp_path, capture_output=True, timeout=300, check=True)
    report = read((tmp_path / "old.doc").read_bytes(), "old.doc")
    assert any("LibreOffice" in note["message"] for note in report["source"]["notes"])
    data = json.loads((FIXTURES / "generated-1.json").read_text(encoding="utf-8"))
    assert score(Generated(data["report"], data["faulty"], data["original"], data["narrative_wrong"]), report)[2] == []


def test_an_old_word_file_without_libreoffice_says_how_to_convert(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(InputError, match="save it as .docx"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc")


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed here: .ci/run installs it for the Word→PDF test")
def test_word_reports_exported_to_pdf_name_their_faulty_cell(tmp_path):
    """Generated Word reports, each but a few with one faulty table-三 cell, exported to PDF by LibreOffice the
    way agencies publish: every faulty cell named with its value, nothing reported on the consistent ones, and
    no value that is not printed on the page (a blank cell stays blank)."""
    import subprocess

    rng = random.Random("word-to-pdf")
    cases = []
    for i in range(21):
        generated = generate(rng, ("2019", "2021")[i % 2])
        write_docx(generated, tmp_path / f"{i}.docx", rng)
        cases.append(generated)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
                    *(f"{i}.docx" for i in range(len(cases)))], cwd=tmp_path, check=True, capture_output=True, timeout=600)
    named = 0
    for i, generated in enumerate(cases):
        report = read((tmp_path / f"{i}.pdf").read_bytes(), f"{i}.pdf")
        _, _, wrong = score(generated, report)
        assert wrong == [], (i, wrong)   # every cell read is as printed: nothing invented, a blank stays blank
        verdict_is_right(generated, report)
        named += generated.faulty is not None
    assert named >= 8
