"""Scans and pictures of a report, read offline with OCR (the optional ``gzcheck[ocr]``: RapidOCR, whose
PP-OCR models ship inside its wheel and run on the CPU with onnxruntime — nothing is downloaded at run time).

Tables are read by their structure, not by luck: the ruling lines of each table are found in the image, the
grid's cells (merged ones too) are laid out row by row as a Word table is (``CELL`` before each cell, a row a
line), and every piece of text the OCR finds is put in the cell it lies in. A cell with ink in it that the
page-wide pass left empty (a lone "0" its detector skipped) is recognised again on its own crop. A number read
unsure (low confidence, something else read into it, or nothing read from the ink) is not given as printed:
the cell reads ``?`` and the digits read, an unknown cell that the sums may fill only with that value
(provenance ``candidates``), else it stays unknown. Text outside the tables is rebuilt line by line.

Every piece keeps its page and box (in the page image's pixels at ``DPI``) for provenance. Bounded: images
over ``MAX_SIDE`` pixels a side or ``MAX_PIXELS`` in all are refused before they are decoded.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from gzcheck.errors import InputError
from gzcheck.read.html_render import CELL
from gzcheck.read.scan_grid import borderless_grids

DPI = 150                 # PDF pages are rendered at this resolution for OCR
MAX_SIDE = 20_000         # pixels a side
MAX_PIXELS = 60_000_000   # pixels in all (a decompression bomb is refused before it is decoded)
MAX_PAGES = 40
INK = 170                 # darker than this is ink (thin strokes of a small digit are grey, not black)
MIN_CONFIDENCE = 0.8      # a number read with less is not given as printed
_ZERO_FRACTION = re.compile(r"\d+\.0+")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
def ocr_missing() -> InputError:
    return InputError("这是扫描件或图片（没有文字层），需要先安装文字识别（OCR）组件才能读取；请信息化人员运行 pip install 'gzcheck[ocr]'",
                      "a scan or picture without a text layer: install OCR to read it: pip install 'gzcheck[ocr]'")


def _engine():
    RapidOCR = _ocr_package()  # noqa: N806 - the package's class
    if _ENGINE.get("ocr") is None:
        _ENGINE["ocr"] = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)  # the same answer on every machine
    return _ENGINE["ocr"]


_ENGINE: dict[str, Any] = {}


def _ocr_package():
    """RapidOCR's engine class; without the ``ocr`` extra (which also brings Pillow and NumPy) the clear error
    that says how to install it."""
    try:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]
    except ImportError:
        raise ocr_missing() from None
    return RapidOCR


def image_pages(data: bytes) -> list:
    """The pages of an image file (every frame of a TIFF) as greyscale arrays."""
    _ocr_package()
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():  # over the limit is a refusal here, not a warning
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(io.BytesIO(data))
            except Image.DecompressionBombWarning:
                raise Image.DecompressionBombError("too many pixels") from None
        width, height = image.size
        if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
            raise InputError(f"图片尺寸 {width}×{height} 像素过大，不予读取（上限每边 {MAX_SIDE} 像素）",
                             f"the image is {width}×{height} pixels, too large to read (limit {MAX_SIDE} a side)")
        pages = []
        for frame in range(min(getattr(image, "n_frames", 1), MAX_PAGES)):
            image.seek(frame)
            pages.append(_grey(image))
        return pages
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise InputError(f"图片像素过多（上限 {MAX_PIXELS:,} 像素），过大，不予读取", f"the image has too many pixels (limit {MAX_PIXELS:,})") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError("图片文件已损坏或格式不对，无法读取", f"the image cannot be read ({type(exc).__name__})") from None


def pdf_pages(pdf) -> tuple[list, list[float]]:
    """The pages of an opened PDF rendered for OCR, and each page's height in points."""
    _ocr_package()
    if len(pdf) > MAX_PAGES:
        raise InputError(f"扫描件有 {len(pdf)} 页，超过文字识别（OCR）的上限 {MAX_PAGES} 页", f"the scan has {len(pdf)} pages (OCR limit {MAX_PAGES})")
    return [_grey(pdf[i].render(scale=DPI / 72).to_pil()) for i in range(len(pdf))], [pdf[i].get_height() for i in range(len(pdf))]


def _grey(image):
    import numpy as np

    return np.asarray(image.convert("L"))


@dataclass
class _Piece:
    text: str
    page: int
    box: tuple[int, int, int, int]   # x0, y0, x1, y1 in the page image's pixels


@dataclass
class _Cell:
    top: int
    left: int
    bottom: int
    right: int
    row: int
    texts: list[tuple[float, float, str, float, float]] = field(default_factory=list)   # (y0, x0, text, x1, y1)


def read_scan(pages: list, heights: list[float] | None = None) -> tuple[str, list[tuple[int, dict]]]:
    """The pages' text as the extractor reads a Word document — tables as rows of cells — and where each piece
    was: ``spans`` of (offset, {"page": n, "bbox": [x0, y0, x1, y1]}). A picture's boxes are in its pixels from
    the top left; a PDF page's (``heights``: each page's height in points) in PDF points from its bottom left,
    as a PDF with a text layer gives them."""
    blocks = scan_blocks(pages)
    pieces = [piece for kind, block in blocks for piece in (block if kind == "lines" else _table_pieces(block))]
    text, spans = [], []
    offset = 0
    for piece in pieces:
        box = list(piece.box)
        if heights is not None:
            scale, height = 72 / DPI, heights[piece.page - 1]
            box = [round(box[0] * scale, 1), round(height - box[3] * scale, 1), round(box[2] * scale, 1),
                   round(height - box[1] * scale, 1)]
        spans.append((offset, {"page": piece.page, "bbox": box}))
        text.append(piece.text)
        offset += len(piece.text)
    if sum(len(p.text.strip()) for p in pieces) < 20:
        raise InputError("图片或扫描件中没有识别出文字", "no text could be recognised in the picture or scan")
    return "".join(text), spans


def scan_blocks(pages: list) -> list[tuple[str, Any]]:
    """The pages read with OCR, top to bottom: ("lines", pieces) of text and ("table", rows of cell pieces)."""
    engine = _engine()
    blocks: list[tuple[str, Any]] = []
    numbers_from: int | None = None   # where the last table's numbers begin, in its own frame
    for number, image in enumerate(pages, start=1):
        page_blocks, skew = _page_blocks(engine, image, number)
        for index, (kind, rows) in enumerate(page_blocks):
            if kind != "table":
                continue
            continued = index == 0 and blocks and blocks[-1][0] == "table"
            numbers_from = _numbers_from(rows, numbers_from if continued else None)
            page_blocks[index] = (kind, _without_label_blanks(rows, numbers_from))
        if blocks and blocks[-1][0] == "table" and page_blocks and page_blocks[0][0] == "table":
            _continue_row(blocks[-1][1], page_blocks[0][1])  # a row the page break cut in two
        if skew:  # boxes where they are on the page as scanned, for its crops
            back = _turning(image, skew)
            for kind, block in page_blocks:
                for piece in (block if kind == "lines" else [p for row in block for p in row]):
                    piece.box = _unturned(piece.box, back)
        blocks += page_blocks
    return blocks


def _numbers_from(rows: list[list[_Piece]], before: int | None) -> int | None:
    """How far right of the table's left edge most rows' numbers begin. A table continued from the page before
    with few rows of its own (a lone last row, its first count left blank) keeps the earlier table's measure."""
    left = min(piece.box[0] for row in rows for piece in row)
    starts = [next(p.box[0] for p in row if _is_number(p.text)) - left for row in rows if any(_is_number(p.text) for p in row)]
    if before is not None and len(starts) < 3:
        return before
    return max(sorted(set(starts)), key=starts.count) if starts else before


def _without_label_blanks(rows: list[list[_Piece]], numbers_from: int | None) -> list[list[_Piece]]:
    """The rows without the empty cells left of where the numbers begin (a label's second column left blank
    is no value cell)."""
    if numbers_from is None:
        return rows
    left = min(piece.box[0] for row in rows for piece in row)
    return [[p for p in row if p.text.strip() or p.box[2] - left > numbers_from + 3] for row in rows]


def _is_number(text: str) -> bool:
    return text.strip().lstrip("?").isdigit()


def _continue_row(above: list[list[_Piece]], below: list[list[_Piece]]) -> None:
    """A table row the page break cut: the new page's first row holds only words (the ends of labels) and no
    value; each is put at the end of the matching label of the row before the break (the last one if they do
    not pair up), and the row is dropped."""
    if not above or not below:
        return
    words = [cell for cell in below[0] if cell.text.strip()]
    if not words or any(ch.isdigit() for cell in words for ch in cell.text):
        return
    labels = [cell for cell in above[-1] if cell.text.strip() and not cell.text.strip().replace("?", "").isdigit()]
    if not labels:
        return
    pairs = zip(labels, words, strict=True) if len(labels) == len(words) else [(labels[-1], w) for w in words]
    for label, word in pairs:
        label.text += word.text.strip()
    del below[0]


def _deskewed(image):
    """The page turned straight: a scan is rarely square to the glass, and a ruling line 1.5° off is no line."""
    return _turned(image, _skew(image))


def _skew(image) -> float:
    """The page's tilt in degrees: the angle at which the ink's rows and columns are sharpest (the variance of
    the histograms of its pixels' turned coordinates, on a half-size copy — turning the points, not the
    picture, so that no angle is favoured by the blur of resampling). 0 for a page square to the glass."""
    import cv2
    import numpy as np

    small = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small < 160)
    if len(ys) < 100:
        return 0.0
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)

    def sharpness(angle: float) -> float:
        cos, sin = np.cos(np.radians(angle)), np.sin(np.radians(angle))
        down, across = np.round(ys * cos + xs * sin).astype(np.int64), np.round(xs * cos - ys * sin).astype(np.int64)
        return float(np.bincount(down - down.min()).var() + np.bincount(across - across.min()).var())

    best = max((a / 10 for a in range(-25, 26)), key=sharpness)
    best = max((best + a / 50 for a in range(-5, 6)), key=sharpness)
    return 0.0 if abs(best) < 0.05 else best


def _turning(image, angle: float):
    import cv2

    height, width = image.shape
    return cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)


def _turned(image, skew: float):
    import cv2

    if not skew:
        return image
    height, width = image.shape
    return cv2.warpAffine(image, _turning(image, -skew), (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _unturned(box: tuple[int, int, int, int], back) -> tuple[int, int, int, int]:
    """A box on the straightened page as the box it covers on the page as scanned (``back``: the turn that
    undoes the straightening), so a crop of the original shows it."""
    import numpy as np

    corners = np.array([[box[0], box[1], 1], [box[2], box[1], 1], [box[0], box[3], 1], [box[2], box[3], 1]], np.float64)
    turned = corners @ back.T
    return int(turned[:, 0].min()), int(turned[:, 1].min()), int(round(turned[:, 0].max())), int(round(turned[:, 1].max()))


def _page_blocks(engine, page_image, page: int) -> tuple[list[tuple[str, Any]], float]:
    """The page as blocks from top to bottom — ("lines", pieces) of text, ("table", rows of cell pieces), boxes
    on the page turned straight — and the page's skew."""
    skew = _skew(page_image)
    image = _turned(page_image, skew)
    found, _ = engine(image, use_cls=False)  # the direction classifier turns a lone 9 into a 6
    boxes = []
    for corners, text, confidence in found or []:
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        boxes.append((min(xs), min(ys), max(xs), max(ys), text, float(confidence)))
    tables = [cells for cells in (_cells(image, table) for table in _tables(image)) if cells]
    unruled = [box for box in boxes if not any(cells[0].top <= (box[1] + box[3]) / 2 < max(c.bottom for c in cells) for cells in tables)]
    tables += [sorted((_Cell(*spec) for spec in grid), key=lambda c: (c.row, c.left)) for grid in borderless_grids(unruled, _lines(unruled))]
    outside = []
    for box in boxes:
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if not any(cells[0].top <= cy < max(c.bottom for c in cells) for cells in tables):
            outside.append(box)
            continue
        over = [c for cells in tables for c in cells if _overlap(box, c) > 0.25 * (box[2] - box[0]) * (box[3] - box[1])]
        cell = next((c for c in over if c.left <= cx < c.right and c.top <= cy < c.bottom), None)
        if cell is not None and len(over) == 1:
            cell.texts.append((box[1], box[0], _checked(box[4], box[5], cell=True), box[2], box[3]))
        elif cell is None and not over:
            outside.append(box)
        # a box over several cells ran their texts together: each of those cells is read from its own crop
    blocks: list[tuple[int, str, Any]] = [(int(line[0][1]), "lines", [_line_piece(line, page)]) for line in _lines(outside)]
    for cells in tables:
        blocks.append((min(c.top for c in cells), "table", _table_rows(engine, image, cells, page)))
    return [(kind, block) for _, kind, block in sorted(blocks, key=lambda b: b[0])], skew


def _numbered(text: str) -> str:
    """A row label whose leading 一 the OCR took for a ruling line (、本年新收…): its numbering put back, from
    the template's own labels."""
    for label in _numbered_labels():
        numeral, rest = label.split("、", 1)
        if text[1:1 + 6] == rest[:6]:
            return numeral + "、" + text[1:]
        if text[:6] == rest[:6]:  # the 、 lost too
            return numeral + "、" + text
    return text


@cache
def _numbered_labels() -> tuple[str, ...]:
    from gzcheck.model.template import FORMAT_VERSIONS, template

    return tuple(sorted({label for version in FORMAT_VERSIONS for cell in template(version).cells
                         for label in cell.labels_zh if re.match(r"^[一二三四五六七八九十]+、", label)}))


def _has_ink(crop) -> bool:
    """Whether a cell holds a stroke (specks of scan noise and JPEG's ringing by a line are not one)."""
    import cv2
    import numpy as np

    ink = (crop < INK).astype(np.float32)
    neighbours = cv2.filter2D(ink, -1, np.ones((3, 3), np.float32), borderType=cv2.BORDER_CONSTANT) - ink
    return int(((ink > 0) & (neighbours >= 2)).sum()) >= 8  # a stroke's pixels touch others; a speck's do not


def _ink_beyond(image, cell: _Cell, margin: int = 6) -> bool:
    """Whether the cell holds ink outside the OCR boxes found in it (more than a speck)."""
    crop = image[cell.top + 6:cell.bottom - 5, cell.left + 6:cell.right - 5] < 128  # black: a blur's grey is no digit
    for y0, x0, _, x1, y1 in cell.texts:
        top, left = max(0, int(y0) - cell.top - 6 - margin), max(0, int(x0) - cell.left - 6 - margin)
        crop[top:max(top, int(y1) - cell.top - 6 + margin), left:max(left, int(x1) - cell.left - 6 + margin)] = False
    return int(crop.sum()) >= 12


def _overlap(box, cell: _Cell) -> float:
    width = min(box[2], cell.right) - max(box[0], cell.left)
    height = min(box[3], cell.bottom) - max(box[1], cell.top)
    return max(0.0, width) * max(0.0, height)


def _checked(text: str, confidence: float, cell: bool = False) -> str:
    """A piece's text; a number the OCR is not sure of (low confidence, or something else read into a cell's
    number) becomes ``?`` and the digits it read — an unknown cell whose only candidate value they are."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return text
    stripped = text.strip()
    if cell and len(stripped) > 1 and stripped.startswith("0") and stripped.isdigit():
        return "?"  # no count is printed with a leading zero: two cells' digits, or a mark, read as one
    if cell and _ZERO_FRACTION.fullmatch(stripped):
        return "?" + digits[:6]  # "5.0": no count is printed so; a speck read as a point between its digits
    if confidence < MIN_CONFIDENCE and (cell or _NUMBER.fullmatch(stripped)):
        return "?" + digits[:6]
    if cell and not _NUMBER.fullmatch(stripped) and not any("\u4e00" <= ch <= "\u9fff" for ch in stripped):
        return "?" + digits[:6]  # "¥0", "0." : a line's remnant read into the number
    return text


def _lines(boxes: list) -> list[list]:
    """Boxes grouped into visual lines (overlapping most of their height), each sorted left to right."""
    lines: list[list] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        centre = (box[1] + box[3]) / 2
        for line in lines:
            top, bottom = min(b[1] for b in line), max(b[3] for b in line)
            if top <= centre <= bottom:
                line.append(box)
                break
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b[0]) for line in lines]


def _line_piece(line: list, page: int) -> _Piece:
    height = max(b[3] - b[1] for b in line)
    parts = [line[0][4]]
    for before, box in zip(line, line[1:], strict=False):
        parts.append(("  " if box[0] - before[2] > height else "") + box[4])
    box = (int(min(b[0] for b in line)), int(min(b[1] for b in line)), int(max(b[2] for b in line)), int(max(b[3] for b in line)))
    return _Piece("".join(parts) + "\n", page, box)


def _tables(image) -> list[tuple[Any, Any, tuple[int, int, int, int]]]:
    """Each ruled table on the page: its horizontal and vertical line masks and its box."""
    import cv2  # type: ignore[import-untyped]

    height, width = image.shape
    ink = cv2.adaptiveThreshold(255 - image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -10)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, width // 30), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, height // 60))))
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    grid = cv2.dilate(cv2.bitwise_or(horizontal, vertical), cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grid)
    out = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if w > width // 4 and h > 20:
            out.append((horizontal[y:y + h, x:x + w], vertical[y:y + h, x:x + w], (int(x), int(y), int(w), int(h))))
    return out


def _positions(mask, axis: int, share: float) -> list[int]:
    """Where lines run along ``axis`` in ``mask`` over at least ``share`` of it, one position per line."""
    import numpy as np

    counts = (mask > 0).sum(axis=axis)
    hits = np.flatnonzero(counts >= share * mask.shape[axis])
    runs: list[list[int]] = []
    for position in hits.tolist():
        if runs and position - runs[-1][-1] <= 3:
            runs[-1].append(position)
        else:
            runs.append([position])
    return [int(sum(run) / len(run)) for run in runs]


def _cells(image, table) -> list[_Cell]:
    """The table's cells, merged cells as one: the grid of its lines, joined where a line between two
    neighbours is missing."""
    horizontal, vertical, (x, y, w, h) = table
    rows = _positions(horizontal, 1, 0.08)
    cols = _positions(vertical, 0, 0.08)
    if len(rows) < 2 or len(cols) < 2:
        return []
    parent = {(r, c): (r, c) for r in range(len(rows) - 1) for c in range(len(cols) - 1)}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def ruled(mask, a0: int, a1: int, at: int, along_rows: bool) -> bool:
        strip = mask[a0 + 3:a1 - 2, max(0, at - 3):at + 4] if along_rows else mask[max(0, at - 3):at + 4, a0 + 3:a1 - 2]
        if strip.size == 0:
            return True
        return bool(((strip > 0).any(axis=1 if along_rows else 0)).mean() > 0.6)

    for r in range(len(rows) - 1):
        for c in range(len(cols) - 1):
            if c + 1 < len(cols) - 1 and not ruled(vertical, rows[r], rows[r + 1], cols[c + 1], True):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < len(rows) - 1 and not ruled(horizontal, cols[c], cols[c + 1], rows[r + 1], False):
                parent[find((r + 1, c))] = find((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        groups.setdefault(find(key), []).append(key)
    cells = []
    for members in groups.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members) + 1
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members) + 1
        cells.append(_Cell(y + rows[r0], x + cols[c0], y + rows[r1], x + cols[c1], r0))
    return sorted(cells, key=lambda c: (c.row, c.left))


def _table_rows(engine, image, cells: list[_Cell], page: int) -> list[list[_Piece]]:
    """The table's rows, each the cells that begin in it, left to right; a piece's box is its cell's."""
    rows: dict[int, list[_Piece]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(_Piece(_cell_text(engine, image, cell), page, (cell.left, cell.top, cell.right, cell.bottom)))
    return list(rows.values())


def _table_pieces(rows: list[list[_Piece]]) -> list[_Piece]:
    """A table as the extractor reads one: a line per row, CELL before each cell's text."""
    pieces: list[_Piece] = []
    for row in rows:
        pieces += [_Piece(CELL + cell.text, cell.page, cell.box) for cell in row]
        pieces.append(_Piece("\n", row[-1].page, row[-1].box))
    if pieces:
        pieces.append(_Piece("\n", pieces[-1].page, pieces[-1].box))
    return pieces


def _cell_text(engine, image, cell: _Cell) -> str:
    if cell.texts:
        text = _numbered("".join(t[2] for t in sorted(cell.texts, key=lambda t: (round(t[0] / 12), t[1]))))
        if "?" in text and not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return "?" + "".join(ch for ch in text if ch.isdigit())[:6]  # one unsure piece: the whole number is
        if text.isdigit() and _ink_beyond(image, cell):
            return "?" + text  # ink the boxes do not cover (a digit wrapped to a second line, unseen): not all of it
        if text.isdigit() and max(t[0] for t in cell.texts) > min((t[0] + t[4]) / 2 for t in cell.texts):
            return "?" + text  # a number wrapped over lines: its lone last digits are read without context (7 as 1)
        return text
    crop = image[cell.top + 6:cell.bottom - 5, cell.left + 6:cell.right - 5]  # inside the ruling lines
    if crop.size == 0 or not _has_ink(crop):
        return ""  # a blank cell
    import numpy as np

    ys, xs = np.nonzero(crop < INK)  # recognise the ink alone, with a margin, as a line of text
    crop = crop[max(0, ys.min() - 6):ys.max() + 7, max(0, xs.min() - 6):xs.max() + 7]
    found, _ = engine(crop, use_det=False, use_cls=False, use_rec=True)
    if not found:
        return "?"  # ink the OCR cannot read: unknown, never blank
    text, confidence = found[0][0].strip(), float(found[0][1])
    return _checked(text, confidence, cell=True) if text else "?"
