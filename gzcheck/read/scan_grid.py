"""The grid of a scanned table printed without ruling lines, inferred from where the OCR found its text.

Rows are the lines that hold numbers, each down to the next such line (a wrapped label's further lines, and
the last digits of a number wrapped in its narrow cell, belong to the row above them, as a Word table prints
them; a number read over two lines is unsure, as in a ruled table). Columns are where the
numbers of the complete rows stand: in every column its numbers overlap one another, whatever their alignment,
and two columns do not. The label area left of the numbers is split into the sub-columns its text begins at
(a group label, then a row's own label). A cell is a box; what lies in it is put there by the same rule as in
a ruled table, and a cell whose number the page-wide pass missed or ran together with its neighbour's is
recognised again on its own crop. A table whose rows do not agree on their columns gets no grid: its numbers
stay lines of text, which the extractor leaves unknown rather than guess.
"""

from __future__ import annotations

from collections import Counter
from statistics import median

Box = tuple  # (x0, y0, x1, y1, text, confidence)
CellBox = tuple[int, int, int, int, int]   # top, left, bottom, right, row
MIN_COLUMNS = 5   # tables 三 (7 columns) and 四 (15); table 二's blocks (2–4 numbers a row) read well as lines
SINGLE_ROW_COLUMNS = 15   # table 四 has one row: all fifteen of its numbers place themselves


def is_count(text: str) -> bool:
    return text.strip().isdigit()


def borderless_grids(boxes: list[Box], lines: list[list[Box]]) -> list[list[CellBox]]:
    """Cell boxes of each table without ruling lines among ``lines`` (the boxes outside ruled tables, grouped
    into visual lines top to bottom)."""
    grids = []
    for region in _regions(lines):
        grid = _grid(region)
        if grid:
            grids.append(grid)
    return grids


def _numbers(line: list[Box]) -> list[Box]:
    return [box for box in line if is_count(box[4])]


def _regions(lines: list[list[Box]]) -> list[list[list[Box]]]:
    """Runs of lines that hold three numbers or more, with the label lines between them (lines whose text
    lies wholly left of the numbers)."""
    regions: list[list[list[Box]]] = []
    current: list[list[Box]] = []
    numbers_left = float("inf")
    for line in lines:
        numbers = _numbers(line)
        if len(numbers) >= 3:
            current.append(line)
            numbers_left = min(numbers_left, min(box[0] for box in numbers))
        elif current and (max(box[2] for box in line) < numbers_left or (numbers and min(box[0] for box in line) >= numbers_left)):
            current.append(line)  # a label's further line, or the last digits of numbers wrapped in their cells
        else:
            if current:
                regions.append(current)
            current, numbers_left = [], float("inf")
    if current:
        regions.append(current)
    return regions


def _grid(region: list[list[Box]]) -> list[CellBox]:
    rows = [line for line in region if len(_numbers(line)) >= 3]
    count, _ = Counter(len(_numbers(line)) for line in rows).most_common(1)[0]
    complete = [_numbers(line) for line in rows if len(_numbers(line)) == count]
    if count < MIN_COLUMNS or len(complete) < (1 if count >= SINGLE_ROW_COLUMNS else 2):
        return []  # too few columns to be table 三 or 四, or too few rows to tell where the columns are
    spans = [(min(line[j][0] for line in complete), max(line[j][2] for line in complete)) for j in range(count)]
    if any(left[1] >= right[0] for left, right in zip(spans, spans[1:], strict=False)):
        return []  # the rows do not agree on their columns
    height = median(box[3] - box[1] for line in region for box in line)
    right_edge = max(box[2] for line in rows for box in _numbers(line)) + height / 2
    edges = ([spans[0][0] - height / 2] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:], strict=False)]
             + [right_edge])
    labels = [box for line in region for box in line if box[2] <= edges[0]]
    left = min([box[0] for box in labels] + [edges[0] - height]) - height / 2
    starts = _label_columns([box[0] for box in labels], height) or [left]
    label_edges = [left] + [x - height / 4 for x in starts[1:]] + [edges[0]]
    tops = [min(box[1] for box in line) - height / 4 for line in rows]
    last = max(box[3] for box in region[-1]) + height / 4
    cells: list[CellBox] = []
    for r, top in enumerate(tops):
        bottom = tops[r + 1] if r + 1 < len(tops) else last
        beside = [box for box in labels if top <= (box[1] + box[3]) / 2 < bottom]
        # a label that runs across the sub-columns (一、本年新收… spans them all) is one merged cell in this row
        kept = [label_edges[0]] + [x for x in label_edges[1:-1] if not any(b[0] + height / 2 < x < b[2] - height / 2 for b in beside)]
        row_edges = kept + [label_edges[-1]]
        cells += [(int(top), int(a), int(bottom), int(b), r) for a, b in zip(row_edges, row_edges[1:], strict=False)]
        cells += [(int(top), int(a), int(bottom), int(b), r) for a, b in zip(edges, edges[1:], strict=False)]
    return cells


def _label_columns(lefts: list[float], height: float) -> list[float]:
    """Where the label area's sub-columns begin: left edges more than a character apart start a new one."""
    starts: list[float] = []
    for x in sorted(lefts):
        if not starts or x - starts[-1] > height:
            starts.append(x)
    return starts
