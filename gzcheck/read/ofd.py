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

import posixpath
import re
from dataclasses import dataclass

from gzcheck.errors import InputError
from gzcheck.read.zipped import Package

MEDIA_TYPE = "application/ofd"
MAX_PAGES = 300
MAX_OBJECTS = 200_000     # text objects in the whole file
POINTS = 72 / 25.4        # points per millimetre
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$")


@dataclass
class _Run:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def read_ofd(data: bytes) -> tuple[str, list[tuple[int, dict]]]:
    """(text, spans): the document's text as lines, and ``spans`` of (offset, {"page", "bbox"})."""
    package = Package(data, "OFD")
    root = package.xml("OFD.xml")
    doc_root = _text(root, "DocRoot")
    if not doc_root:
        raise InputError("OFD 文件缺少 DocRoot，可能已损坏", "the OFD file lacks its DocRoot; it may be damaged")
    doc_path = doc_root.lstrip("/")
    document = package.xml(doc_path)
    base = posixpath.dirname(doc_path)
    width, height = _box(_text(document, "PhysicalBox") or "0 0 210 297")[2:]
    templates = {t.get("ID"): _resolve(base, t.get("BaseLoc", "")) for t in _all(document, "TemplatePage")}
    pages = [_resolve(base, page.get("BaseLoc", "")) for page in _all(document, "Page")]
    if not pages:
        raise InputError("OFD 文件没有页面", "the OFD file has no pages")
    if len(pages) > MAX_PAGES:
        raise InputError(f"OFD 有 {len(pages)} 页，超过 {MAX_PAGES} 页的上限", f"the OFD has {len(pages)} pages (limit {MAX_PAGES})")
    runs_by_page: list[list[_Run]] = []
    heights: list[float] = []
    budget = MAX_OBJECTS
    for path in pages:
        content = package.xml(path)
        page_height = _box(_text(content, "PhysicalBox") or f"0 0 {width} {height}")[3]
        runs: list[_Run] = []
        for template in _all(content, "Template"):
            if templates.get(template.get("TemplateID")) in package.names:
                runs += _runs(package.xml(templates[template.get("TemplateID")]))
        runs += _runs(content)
        budget -= len(runs)
        if budget < 0:
            raise InputError("OFD 文件中的文字对象过多，不予读取", "the OFD file holds too many text objects; refused")
        runs_by_page.append(runs)
        heights.append(page_height)
    lines = [_with_wrapped_numbers(_lines(runs)) for runs in runs_by_page]
    lines = _without_running_lines(lines)
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
        raise InputError("OFD 文件中没有文字（可能是扫描件），暂无法读取", "the OFD file holds no text (a scan?)")
    return "".join(text), spans


def _runs(content) -> list[_Run]:
    """The page's text objects (in layers and blocks, hidden ones left out) as runs with boxes in mm."""
    out: list[_Run] = []
    for node in content.iter():
        if _local(node.tag) != "TextObject" or node.get("Visible", "true").lower() == "false":
            continue
        bx, by = _box(node.get("Boundary", "0 0 0 0"))[:2]
        size = float(node.get("Size", "3.5") or 3.5)
        ctm = [float(v) for v in (node.get("CTM") or "1 0 0 1 0 0").split()]
        if len(ctm) != 6:
            ctm = [1, 0, 0, 1, 0, 0]
        scale = abs(ctm[3]) or 1
        for code in node:
            if _local(code.tag) != "TextCode" or not code.text:
                continue
            x, y = float(code.get("X", "0") or 0), float(code.get("Y", "0") or 0)
            deltas = _deltas(code.get("DeltaX", ""), len(code.text))
            start, chars = x, ""
            positions = []
            for i in range(len(code.text)):
                positions.append(x)
                if i < len(deltas):
                    x += deltas[i]
            # a run split where one character's advance is half a character more than its usual one: cells of a
            # table row drawn in one TextCode
            usual = sorted(deltas)[len(deltas) // 2] if deltas else size
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


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


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


def _without_running_lines(pages: list[list[list[_Run]]]) -> list[list[list[_Run]]]:
    """Page numbers, and a first or last line repeated on most pages (a running header or footer), dropped."""
    def text(line: list[_Run]) -> str:
        return re.sub(r"\d+", "#", _joined(line).strip())

    edges: dict[str, int] = {}
    for lines in pages:
        for line in {text(line) for line in (lines[:1] + lines[-1:])}:
            edges[line] = edges.get(line, 0) + 1
    running = {line for line, count in edges.items() if len(pages) >= 3 and count >= 0.6 * len(pages)}
    out = []
    for lines in pages:
        kept = list(lines)
        for edge in (0, -1):
            while kept and (_PAGE_NUMBER.match(_joined(kept[edge])) or text(kept[edge]) in running):
                kept.pop(edge)
        out.append(kept)
    return out


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
