"""How a scan's tables are laid out before any OCR (issue #29): the page turned straight to within a tenth of a
degree, a table continued on a new page keeps its column measure, and a number wrapped over two lines of its cell
is never given as printed. Pictures drawn here, no LibreOffice needed."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("cv2", reason="OpenCV comes with OCR (gzcheck[ocr], in the test extra)")

from gzcheck.read import scan  # noqa: E402
from gzcheck.read.scan import _Cell, _Piece  # noqa: E402


def ruled_page(angle: float):
    """A page with a ruled table and lines of 'text' (short dashes), turned by ``angle`` degrees."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (1200, 1600), 236)
    draw = ImageDraw.Draw(page)
    for y in range(150, 420, 30):   # text lines above the table
        for x in range(150, 1050, 26):
            draw.rectangle((x, y, x + 18, y + 18), fill=30)
    for y in range(500, 1501, 100):
        draw.line((150, y, 1050, y), fill=20, width=2)
    for x in range(150, 1051, 90):
        draw.line((x, 500, x, 1500), fill=20, width=2)
    return np.asarray(page.rotate(angle, resample=Image.BICUBIC, fillcolor=236))


@pytest.mark.parametrize("angle", [-1.45, -0.7, -0.25, 0.3, 0.55, 1.2])
def test_a_turned_page_is_turned_straight(angle):
    straight = scan._deskewed(ruled_page(angle))
    [(_, vertical, (x, y, w, h))] = scan._tables(straight)
    first_line = [int(np.flatnonzero(vertical[row] > 0)[0]) for row in (10, h - 10)]
    assert abs(first_line[0] - first_line[1]) <= 2, (angle, first_line)  # 0.1° over 1,000 pixels is under 2


def test_a_straight_page_is_left_as_it_is():
    page = ruled_page(0)
    assert scan._deskewed(page) is page


def piece(text: str, left: int, right: int) -> _Piece:
    return _Piece(text, 1, (left, 0, right, 30))


def test_a_lone_row_continued_on_a_new_page_keeps_its_blank_first_count():
    # the table on the page before: label 0-270, numbers from 270; the new page holds only the last row,
    # whose first count is blank, so its own numbers would seem to begin a column later
    before = [[piece("一、本年新收", 0, 270), piece("5", 270, 360), piece("6", 360, 450)],
              [piece("二、上年结转", 0, 270), piece("1", 270, 360), piece("2", 360, 450)],
              [piece("（七）总计", 0, 270), piece("6", 270, 360), piece("8", 360, 450)]]
    measure = scan._numbers_from(before, None)
    lone = [[piece("四、结转下年度继续办理", 3, 273), piece("", 273, 363), piece("26", 363, 453)]]
    kept = scan._without_label_blanks(lone, scan._numbers_from(lone, measure))
    assert [p.text for p in kept[0]] == ["四、结转下年度继续办理", "", "26"]
    # read alone, the same row would lose the blank: that is what the carried measure prevents
    assert [p.text for p in scan._without_label_blanks(lone, scan._numbers_from(lone, None))[0]] == ["四、结转下年度继续办理", "26"]


def test_a_label_column_left_blank_is_no_value_cell():
    rows = [[piece("一、本年新收", 0, 180), piece("", 180, 270), piece("5", 270, 360)],
            [piece("二、上年结转", 0, 180), piece("", 180, 270), piece("1", 270, 360)],
            [piece("（七）总计", 0, 180), piece("", 180, 270), piece("", 270, 360)]]
    kept = scan._without_label_blanks(rows, scan._numbers_from(rows, None))
    assert [[p.text for p in row] for row in kept] == [["一、本年新收", "5"], ["二、上年结转", "1"], ["（七）总计", ""]]


def test_a_number_wrapped_over_two_lines_of_its_cell_is_not_given_as_printed():
    page = np.full((200, 200), 236, np.uint8)
    cell = _Cell(top=20, left=20, bottom=120, right=120, row=0,
                 texts=[(30.0, 30.0, "12", 70.0, 55.0), (60.0, 30.0, "1", 45.0, 85.0)])
    assert scan._cell_text(None, page, cell) == "?121"   # the lone "1" may be a 7 read without context
    one_line = _Cell(top=20, left=20, bottom=120, right=120, row=0, texts=[(30.0, 30.0, "12", 70.0, 55.0), (31.0, 72.0, "1", 85.0, 55.0)])
    assert scan._cell_text(None, page, one_line) == "121"


def test_a_place_in_a_picture_is_cut_out_as_it_was_printed():
    import io

    from PIL import Image, ImageDraw

    from gzcheck.read.crops import MARGIN, crop_pngs

    page = Image.new("L", (400, 300), 240)
    ImageDraw.Draw(page).rectangle((100, 100, 149, 129), fill=0)
    buffer = io.BytesIO()
    page.save(buffer, "PNG")
    nowhere = [{"page": 2, "bbox": [1, 1, 5, 5]}, {"page": 1, "bbox": [900, 900, 950, 950]}, {"page": 1}, {"bbox": [1, 1, 2, 2]}]
    [found, *missing] = crop_pngs(buffer.getvalue(), False, [{"page": 1, "bbox": [100, 100, 150, 130]}, *nowhere])
    crop = Image.open(io.BytesIO(found or b""))
    assert crop.size == (50 + 2 * MARGIN, 30 + 2 * MARGIN)
    assert crop.getpixel((MARGIN + 5, MARGIN + 5)) == 0 and crop.getpixel((2, 2)) == 240
    assert missing == [None] * len(nowhere)
    assert crop_pngs(b"not a picture", False, [{"page": 1, "bbox": [1, 1, 5, 5]}]) == [None]
