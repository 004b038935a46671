"""An OFD document (GB/T 33190, the fixed-layout format of official documents) read as a PDF is read: the
text objects of each page with their positions, in the order the page draws them, a new line wherever a piece
is not beside the one before and the gaps between pieces as spaces (the layout a PDF reader gives), page numbers and running headers or footers
dropped, every piece kept with its page and box (in points from the page's bottom left, as for a PDF).

The package is a zip of XML, read with the standard library within the caps of a Word file
(``zipped.Package``): OFD.xml → the document (its pages, in order) → each page's content, its template
pages' content first. A text object's place is its ``Boundary`` origin plus the ``TextCode``'s ``X``/``Y``
(each character advanced by ``DeltaX``), turned by its ``CTM``; units are millimetres, y downwards.
"""

from __future__ import annotations

import math
import posixpath
from itertools import accumulate
import re
from dataclasses import dataclass

from gzcheck.errors import InputError
from gzcheck.read.hidden import hidden_notes, holds_report_content
from gzcheck.read.running import without_running_lines
from gzcheck.read.zipped import Package

MAX_PAGES = 300
POINTS = 72 / 25.4        # points per millimetre
MAX_CHARS = 2_000_000     # characters of text in the whole file
MIN_SIZE = 0.7            # mm: text smaller than 2 points is not read


@dataclass
class _Run:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def read_ofd(data: bytes):
    """(text, spans, notes): the document's text as lines, ``spans`` of (offset, {"page", "bbox"}), and notes
    naming text a reader does not see where it holds report content."""
    package = Package(data, "OFD")
    doc_root = _text(package.xml("OFD.xml"), "DocRoot")
    if not doc_root:
        raise InputError("OFD 文件缺少 DocRoot，可能已损坏", "the OFD file lacks its DocRoot; it may be damaged")
    doc_path = doc_root.lstrip("/")
    document = package.xml(doc_path)
    base = posixpath.dirname(doc_path)
    size = _box(_text(document, "PhysicalBox") or "0 0 210 297")
    templates = {t.get("ID"): _resolve(base, t.get("BaseLoc", "")) for t in _all(document, "TemplatePage")}
    pages = [_resolve(base, page.get("BaseLoc", "")) for page in _all(document, "Page")]
    if not pages:
        raise InputError("OFD 文件没有页面", "the OFD file has no pages")
    if len(pages) > MAX_PAGES:
        raise InputError(f"OFD 有 {len(pages)} 页，超过 {MAX_PAGES} 页的上限", f"the OFD has {len(pages)} pages (limit {MAX_PAGES})")
    reader, template_pages = _Reader(), {}
    runs_by_page, heights = [], []
    for number, path in enumerate(pages, start=1):
        content = package.xml(path)
        box = _box(_text(content, "PhysicalBox") or " ".join(map(str, size)))
        runs: list[_Run] = []
        for template in _all(content, "Template"):   # a page's template (its running header) is drawn under it
            location = templates.get(template.get("TemplateID"))
            if location in package.names:
                if location not in template_pages:
                    template_pages[location] = package.xml(location)   # parsed once, drawn on every page
                runs += reader.runs(template_pages[location], number, box)
        runs_by_page.append(runs + reader.runs(content, number, box))
        heights.append(box[3])
    lines = without_running_lines([_with_wrapped_numbers(_lines(runs)) for runs in runs_by_page], _joined)
    text, spans, offset = [], [], 0
    for number, page_lines in enumerate(lines, start=1):
        for line in page_lines:
            joined = _joined(line)
            x0, top = min(r.x0 for r in line), min(r.top for r in line)
            x1, bottom = max(r.x1 for r in line), max(r.bottom for r in line)
            page_height = heights[number - 1]
            spans.append((offset, {"page": number, "bbox": [round(x0 * POINTS, 1), round((page_height - bottom) * POINTS, 1),
                                                           round(x1 * POINTS, 1), round((page_height - top) * POINTS, 1)]}))
            text.append(joined + "\n")
            offset += len(joined) + 1
    if not "".join(text).strip():
        pictures = _page_pictures(package, document, base, pages)
        if pictures:
            raise ScannedOfd(pictures)
        raise InputError("OFD 文件中没有可读的文字，也不是每页一张图片的扫描件，无法读取", "the OFD file holds no readable text, nor a picture of each page")
    return "".join(text), spans, hidden_notes(reader.hidden)


class ScannedOfd(InputError):
    """An OFD whose pages are pictures (a scan, or a PDF converted page by page to images): read with OCR."""

    def __init__(self, pictures: list[bytes]) -> None:
        from gzcheck.read.scan import ocr_missing

        missing = ocr_missing()
        super().__init__(missing.message, missing.message_en)
        self.pictures = pictures


def _page_pictures(package: Package, document, base: str, pages: list[str]) -> list[bytes]:
    """Each page's picture, when every page is one picture covering most of it (an ImageObject whose resource
    is a MultiMedia file of the document's resources); else nothing."""
    media = {}
    for res_name in ("PublicRes", "DocumentRes"):
        for location in filter(None, (node.text.strip() for node in _all(document, res_name) if node.text)):
            res_path = _resolve(base, location)
            res = package.xml(res_path, optional=True)
            if res is None:
                continue
            res_base = _resolve(posixpath.dirname(res_path), res.get("BaseLoc", ""))
            for item in _all(res, "MultiMedia"):
                file = _text(item, "MediaFile")
                if file:
                    media[item.get("ID")] = _resolve(res_base, file)
    pictures = []
    for path in pages:
        content = package.xml(path)
        box = _box(_text(content, "PhysicalBox") or "0 0 210 297")
        area = max(box[2] * box[3], 1e-6)
        images = [(b[2] * b[3], node) for node in _all(content, "ImageObject") for b in [_box(node.get("Boundary", "0 0 0 0"))]]
        largest = max(images, key=lambda pair: pair[0], default=None)
        location = media.get(largest[1].get("ResourceID")) if largest and largest[0] >= 0.6 * area else None
        if location is None or location not in package.names:
            return []
        pictures.append(package.raw(location) or b"")
    return pictures


class _Reader:
    """Reads pages' text objects within the file's character budget, setting aside the text no reader sees:
    an object marked invisible, transparent, white, under 2 points, or off the page."""

    def __init__(self):
        self.chars = 0
        self.hidden: list[tuple[str, str, str, str, int | None]] = []

    def runs(self, content, page: int, box: list[float]) -> list[_Run]:
        """The page's text objects (in layers and blocks) as runs with boxes in mm."""
        out: list[_Run] = []
        for node in content.iter():
            if _local(node.tag) != "TextObject":
                continue
            codes = [code for code in node if _local(code.tag) == "TextCode" and code.text]
            self.chars += sum(len(code.text) for code in codes)
            if self.chars > MAX_CHARS:
                raise InputError("OFD 文件中的文字过多，不予读取", "the OFD file holds too much text; refused")
            placed = [run for code in codes for run in _code_runs(node, code)]
            why = _unseen(node, placed, box)
            if why:
                words = "".join(run.text for run in placed)
                if holds_report_content(words):
                    self.hidden.append((f"第{page}页", f"page {page}", why, words, None))
                continue
            out += placed
        return out


def _unseen(node, runs: list[_Run], box: list[float]) -> str | None:
    """Why a reader does not see the text object, or None."""
    fill = next((child for child in node if _local(child.tag) == "FillColor"), None)
    colour = (fill.get("Value") or "").split() if fill is not None else []
    if node.get("Visible", "true").lower() == "false":
        return "不可见"
    if node.get("Alpha") == "0" or (fill is not None and fill.get("Alpha") == "0"):
        return "透明"
    if [_number(v) for v in colour] == [255, 255, 255]:
        return "白色文字"
    if _number(node.get("Size", "3.5")) < MIN_SIZE:
        return "字号小于2磅"
    if runs and all(r.x1 < box[0] or r.x0 > box[0] + box[2] or r.bottom < box[1] or r.top > box[1] + box[3] for r in runs):
        return "在页面之外"
    return None


def _code_runs(node, code) -> list[_Run]:
    """A TextCode's characters as runs: split where one character's advance is half a character more than its
    usual one (cells of a table row drawn in one TextCode)."""
    bx, by = _box(node.get("Boundary", "0 0 0 0"))[:2]
    size = _number(node.get("Size", "3.5")) or 3.5
    ctm = [_number(v) for v in (node.get("CTM") or "1 0 0 1 0 0").split()]
    if len(ctm) != 6:
        ctm = [1, 0, 0, 1, 0, 0]
    scale = abs(ctm[3]) or 1
    x, y = _number(code.get("X", "0")), _number(code.get("Y", "0"))
    deltas = _deltas(code.get("DeltaX", ""), len(code.text))
    positions = list(accumulate(deltas, initial=x))[:len(code.text)]
    positions += [positions[-1]] * (len(code.text) - len(positions))   # advances not given: the last place
    usual = sorted(deltas)[len(deltas) // 2] if deltas else size
    out, start, chars = [], x, ""
    for i, ch in enumerate(code.text):
        if chars and positions[i] - positions[i - 1] > usual + 0.5 * size:
            out.append(_placed(chars, start, positions[i - 1] + size, y, size, bx, by, ctm, scale))
            start, chars = positions[i], ""
        chars += ch
    if chars.strip():
        out.append(_placed(chars, start, positions[-1] + size, y, size, bx, by, ctm, scale))
    return out


def _placed(text: str, x0: float, x1: float, baseline: float, size: float, bx: float, by: float, ctm: list, scale: float) -> _Run:
    def turn(x: float, y: float) -> tuple[float, float]:
        return ctm[0] * x + ctm[2] * y + ctm[4] + bx, ctm[1] * x + ctm[3] * y + ctm[5] + by

    left, base = turn(x0, baseline)
    right, _ = turn(x1, baseline)
    return _Run(text, min(left, right), base - size * scale * 0.85, max(left, right), base + size * scale * 0.15)


def _deltas(spec: str, count: int) -> list[float]:
    """DeltaX "3 3 g 4 3.5 2" → [3, 3, 3.5, 3.5, 3.5, 3.5, 2] (``g n d``: n times d)."""
    out: list[float] = []
    parts = spec.split()
    i = 0
    while i < len(parts) and len(out) < count:
        if parts[i] == "g" and i + 2 < len(parts):
            out += [_number(parts[i + 2])] * min(int(_number(parts[i + 1])), count)
            i += 3
        else:
            out.append(_number(parts[i]))
            i += 1
    return out[:count]


def _number(text: str | None) -> float:
    """A number of the file, 0 where it is none (or not finite)."""
    try:
        value = float(text or 0)
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


def _lines(runs: list[_Run]) -> list[list[_Run]]:
    """Runs in the order the page draws them (a table cell's lines one after another, as a PDF reader gives
    them), a new line wherever the next run is not beside the last on its line."""
    lines: list[list[_Run]] = []
    for run in runs:
        if lines:
            last = lines[-1][-1]
            middle = (run.top + run.bottom) / 2
            if last.top <= middle <= last.bottom and run.x0 >= last.x1 - 0.5 * (last.bottom - last.top):
                lines[-1].append(run)
                continue
        lines.append([run])
    return lines


_NUMBER_RUN = re.compile(r"\d+")


def _with_wrapped_numbers(lines: list[list[_Run]]) -> list[list[_Run]]:
    """A number too wide for its cell wraps: "15" on one line, "5" right under it. A line of numbers each
    standing right under one number of the line above is the rest of those numbers."""
    out: list[list[_Run]] = []
    for line in lines:
        above = out[-1] if out else None
        if above and all(_NUMBER_RUN.fullmatch(r.text) for r in line + above) and len(line) < len(above):
            height = max(r.bottom - r.top for r in above)
            placed = []
            for run in line:
                middle = (run.x0 + run.x1) / 2
                over = [r for r in above if r.x0 - 0.3 <= middle <= r.x1 + 0.3 and 0 <= run.top - r.top < 2 * height]
                if len(over) != 1:
                    break
                placed.append((over[0], run))
            else:
                for top, run in placed:
                    top.text += run.text
                    top.bottom = max(top.bottom, run.bottom)
                continue
        out.append(line)
    return out


def _joined(line: list[_Run]) -> str:
    """A line's text: runs side by side joined, runs apart (cells of a table row) with a space between."""
    height = max(r.bottom - r.top for r in line)
    parts = [line[0].text]
    for before, run in zip(line, line[1:], strict=False):
        parts.append((" " if run.x0 - before.x1 > 0.3 * height else "") + run.text)
    return "".join(parts)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _all(root, name: str):
    return [node for node in root.iter() if _local(node.tag) == name]


def _text(root, name: str) -> str | None:
    found = _all(root, name)
    return (found[0].text or "").strip() if found else None


def _box(spec: str) -> list[float]:
    values = [_number(v) for v in spec.split()]
    return (values + [0, 0, 0, 0])[:4]


def _resolve(base: str, location: str) -> str:
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(base, location))
