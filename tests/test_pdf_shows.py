"""A PDF is read as a reader sees it (issue #27, 3): a copy of the right row drawn white on white, at 1 pt or
in the invisible render mode, before the printed wrong row, decides nothing and is named; invisible text
laid over a picture (a scan made searchable) is read as what the picture shows."""

import pytest

from gzcheck.checker import Checker
from gzcheck.errors import InputError
from gzcheck.read.pdf import read_pdf
from gzcheck.result import Status
from gzcheck.testing import example_report

from .pages import render_text
from .pdfs import text_pdf
from .test_documents import FIXTURES

HOW = {"white": "白色文字", "tiny": "字号过小"}
GRANTED = "/applications/natural_person/results/granted"
_CHECKER: dict = {}


def check(data: bytes):
    return _CHECKER.setdefault("c", Checker()).check(data, name="report.pdf")


def named(result, how: str):
    return [f for f in result.findings if f.code == "GZ-010" and how in f.message]


@pytest.mark.parametrize("kind", sorted(HOW))
def test_a_hidden_copy_of_the_right_row_in_a_word_export_decides_nothing_and_is_named(kind):
    result = check((FIXTURES / f"hidden-{kind}.pdf").read_bytes())
    assert result.status is Status.FAIL
    assert any(f.code == "T3-001" and f.pointer and f.pointer.endswith("/results/granted") for f in result.findings)
    [first, *_] = named(result, HOW[kind])
    assert "予以公" in first.message and "13" in first.message


def lines_of(report: dict) -> list[str]:
    return render_text(report, "rows").split("\n")


def faulty_lines() -> tuple[list[str], int, str]:
    """The 2021 example as lines with （一）予以公开 wrong by 5, the index of that row, and the right row."""
    report = example_report("report-2021.json")
    right = next(line for line in lines_of(report) if line.startswith("（一）予以公开"))
    report["applications"]["natural_person"]["results"]["granted"] += 5
    lines = lines_of(report)
    return lines, next(i for i, line in enumerate(lines) if line.startswith("（一）予以公开")), right


def test_the_faulty_lines_fail_as_printed():
    lines, _, _ = faulty_lines()
    result = check(text_pdf(lines))
    assert result.status is Status.FAIL and any(f.pointer == GRANTED for f in result.findings)


def test_an_invisible_copy_of_the_right_row_decides_nothing_and_is_named():
    lines, at, right = faulty_lines()
    result = check(text_pdf(lines[:at] + [right] + lines[at:], invisible_lines=frozenset({at})))
    assert result.status is Status.FAIL and any(f.pointer == GRANTED for f in result.findings)
    assert named(result, "不可见文字")


def test_invisible_text_over_a_picture_is_an_ocr_layer_and_is_read():
    lines, _, _ = faulty_lines()
    plain, scanned = check(text_pdf(lines)), check(text_pdf(lines, invisible=True, picture=True))
    assert scanned.report["applications"] == plain.report["applications"]
    assert [(f.code, f.pointer) for f in scanned.findings] == [(f.code, f.pointer) for f in plain.findings]
    assert not named(scanned, "")  # nothing said to be hidden


def test_a_pdf_whose_text_no_reader_sees_is_said_to_be_so():
    with pytest.raises(InputError, match="no reader can see"):
        read_pdf(text_pdf(lines_of(example_report("report-2021.json")), invisible=True))
