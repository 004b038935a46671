"""A Word report is read as Word shows it (issue #27, 2): rows and cells inside content controls or custom XML
are read (never filled from the sums), hidden rows and hidden text are not read and are named, text moved
away is not counted, and a document imported whole (altChunk) is read in its place."""

import io
import re
import zipfile

import pytest

from gzcheck.checker import Checker
from gzcheck.result import Status
from gzcheck.testing import example_report

from .documents import docx_bytes
from .pages import render_html

GRANTED = "/applications/natural_person/results/granted"
_ROW = re.compile(r"<w:tr>(?:(?!</w:tr>).)*予以公开(?:(?!</w:tr>).)*</w:tr>", re.S)
_CHECKER: dict = {}


def check(data: bytes):
    return _CHECKER.setdefault("c", Checker()).check(data, name="report.docx")


def document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def with_parts(data: bytes, changed: dict[str, str | bytes]) -> bytes:
    """A copy of a .docx with some parts replaced or added."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in changed:
                target.writestr(info, source.read(info))
        for name, content in changed.items():
            target.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return out.getvalue()


def faulty() -> tuple[bytes, str, str]:
    """A .docx whose （一）予以公开 row is wrong by 5, that row's XML, and the XML of the correct row."""
    report = example_report("report-2021.json")
    good = document_xml(docx_bytes(report))
    report["applications"]["natural_person"]["results"]["granted"] += 5
    bad = docx_bytes(report)
    return bad, _ROW.search(document_xml(bad)).group(), _ROW.search(good).group()


def replaced(data: bytes, old: str, new: str) -> bytes:
    xml = document_xml(data)
    assert old in xml
    return with_parts(data, {"word/document.xml": xml.replace(old, new, 1)})


def fails_on_granted(result) -> bool:
    return result.status is Status.FAIL and any(f.code == "T3-001" and f.pointer == GRANTED for f in result.findings)


def test_the_faulty_document_fails_as_written():
    data, _, _ = faulty()
    assert fails_on_granted(check(data))


def test_a_row_in_a_content_control_is_read_not_filled_from_the_sums():
    data, row, _ = faulty()
    result = check(replaced(data, row, f"<w:sdt><w:sdtPr/><w:sdtContent>{row}</w:sdtContent></w:sdt>"))
    assert fails_on_granted(result)
    assert result.report["provenance"][GRANTED].get("status") != "derived"


def test_cells_in_custom_xml_are_read():
    data, row, _ = faulty()
    wrapped = re.sub(r"(<w:tc>.*?</w:tc>)", r'<w:customXml w:element="cell">\1</w:customXml>', row, flags=re.S)
    assert fails_on_granted(check(replaced(data, row, wrapped)))


@pytest.mark.parametrize("hide, how", [(("<w:tr>", "<w:tr><w:trPr><w:hidden/></w:trPr>", 1), "Word 隐藏行"),
                                       (("<w:r>", "<w:r><w:rPr><w:vanish/></w:rPr>", -1), "Word 隐藏文字")])
def test_a_hidden_copy_of_the_correct_row_before_the_wrong_one_decides_nothing_and_is_named(hide, how):
    data, row, right = faulty()
    result = check(replaced(data, row, right.replace(*hide) + row))
    assert fails_on_granted(result)
    assert any(f.code == "GZ-010" and how in f.message for f in result.findings)


def test_vanish_switched_off_is_shown():
    data, row, _ = faulty()
    shown = row.replace("<w:r>", '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr>')
    result = check(replaced(data, row, shown))
    assert fails_on_granted(result)
    assert not any("隐藏" in f.message for f in result.findings)


def test_text_moved_away_is_not_counted_and_a_deleted_row_is_not_read():
    data, row, right = faulty()
    moved = right.replace("<w:r>", "<w:moveFrom w:id='1' w:author='a'><w:r>").replace("</w:r>", "</w:r></w:moveFrom>")
    deleted = right.replace("<w:tr>", "<w:tr><w:trPr><w:del w:id='2' w:author='a'/></w:trPr>", 1)
    result = check(replaced(data, row, moved.replace("<w:tr>", "<w:tr>", 1) + deleted + row))
    assert fails_on_granted(result)
    assert any("修订" in f.message for f in result.findings)


def test_a_body_of_one_imported_html_page_is_read_as_word_shows_it():
    report = example_report("report-2021.json")
    report["applications"]["natural_person"]["results"]["granted"] += 5
    data = docx_bytes(example_report("report-2019.json"))
    xml = document_xml(data)
    body = re.search(r"<w:body>(.*?)(<w:sectPr)", xml, re.S)
    xml = xml.replace(body.group(1), '<w:altChunk r:id="chunk1"/>')
    if "xmlns:r=" not in xml:
        xml = xml.replace("<w:document ", '<w:document xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ', 1)
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode("utf-8")
    rels = rels.replace("</Relationships>", '<Relationship Id="chunk1" Type="http://schemas.openxmlformats.org/officeDocument/'
                                            '2006/relationships/aFChunk" Target="report.html"/></Relationships>')
    chunked = with_parts(data, {"word/document.xml": xml, "word/_rels/document.xml.rels": rels,
                                "word/report.html": render_html(report)})
    result = check(chunked)
    assert fails_on_granted(result)
    assert result.report["report_year"] == report["report_year"]


def test_an_imported_document_that_cannot_be_read_is_said():
    data = docx_bytes(example_report("report-2021.json"))
    xml = document_xml(data).replace("<w:body>", '<w:body><w:altChunk r:id="missing"/>', 1)
    if "xmlns:r=" not in xml:
        xml = xml.replace("<w:document ", '<w:document xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ', 1)
    result = check(with_parts(data, {"word/document.xml": xml}))
    assert any(f.code == "GZ-010" and f.severity == "warning" and "嵌入的文档" in f.message for f in result.findings)
