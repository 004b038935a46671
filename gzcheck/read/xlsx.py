"""An Excel workbook (.xlsx) of the report's tables, read as the extractor reads a Word document: each visible
sheet's rows as lines of cells (``CELL`` before each), a merged cell once — across its columns as one cell, down
its rows as the empty cells a Word table's vertical merge leaves — and a row holding one text only (a title,
a table's heading) as a line of text. Numbers are the values the file shows (the ones Excel or WPS saved
with it), never recomputed; a formula whose saved value is missing is unknown, and one whose saved value is
not what its cells add up to is said.

openpyxl reads the workbook (shared strings, merged ranges, hidden rows and sheets); the zip's parts are
first checked within the same caps as a Word file's.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from gzcheck.errors import InputError
from gzcheck.read.hidden import Note, hidden_notes, holds_report_content
from gzcheck.read.html_render import CELL
from gzcheck.read.zipped import Package

MAX_CELLS = 200_000      # cells read in all: a report's tables have a few hundred
MAX_SHEET_BYTES = 8 * 1024 * 1024   # one sheet's XML (or the shared strings), before openpyxl builds it in memory
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
UNSURE = "?"             # an unknown cell (see extraction.cells)
SHOWN = 5                # formulas named one by one


@dataclass
class Workbook:
    text: str
    spans: list[tuple[int, dict]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    title: str | None = None


def read_xlsx(data: bytes) -> Workbook:
    package = Package(data, "Excel")
    if "xl/workbook.xml" not in package.names:
        raise InputError("这是一个压缩文件，但不是 Excel 工作簿（.xlsx）", "a zip file, but not an Excel workbook (.xlsx)")
    parts = package.all_xml()
    sheets = [raw for name, raw in parts.items() if name.startswith("xl/worksheets/")]
    if any(len(raw) > MAX_SHEET_BYTES for raw in sheets + [parts.get("xl/sharedStrings.xml", b"")]):
        raise InputError("Excel 文件中的工作表过大（年报表格只有几百个单元格），不予读取",
                         "a sheet of the workbook is too large for a report's tables; refused")
    has_formulas = any(_FORMULA.search(raw) for raw in sheets)
    import openpyxl  # type: ignore[import-untyped]

    try:
        shown = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        # the formulas themselves only where there are any (a second reading of the whole file)
        written = openpyxl.load_workbook(io.BytesIO(data), data_only=False) if has_formulas else shown
    except (KeyError, ValueError, TypeError, OSError, IndexError, AttributeError) as exc:
        raise InputError("Excel 文件内容格式异常（可能已损坏），无法读取；请用 Excel 或 WPS 重新保存后再检查",
                         f"the Excel file is malformed and cannot be read ({type(exc).__name__})") from None
    out = Workbook("")
    text: list[str] = []
    offset, cells, formulas = 0, 0, _Formulas()
    hidden: list[tuple[str, str, str, str, int | None]] = []

    def emit(piece: str, where: dict | None) -> None:
        nonlocal offset
        if where is not None:
            out.spans.append((offset, where))
        text.append(piece)
        offset += len(piece)

    for sheet in shown.worksheets:
        cells += sheet.max_row * sheet.max_column
        if cells > MAX_CELLS:
            raise InputError(f"Excel 文件的单元格过多（上限 {MAX_CELLS:,} 个），不予读取", f"the workbook has too many cells (limit {MAX_CELLS:,})")
        if sheet.sheet_state != "visible":
            content = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
            if holds_report_content(content, in_table=True):
                hidden.append((f"隐藏的工作表「{sheet.title}」", f"hidden sheet '{sheet.title}'", "隐藏工作表", content, None))
            continue
        _sheet(sheet, written[sheet.title], emit, hidden, formulas)
        emit("\n", None)
    out.text = "".join(text)
    out.notes = hidden_notes(hidden) + formulas.notes()
    return out


def _sheet(sheet, formulas_sheet, emit, hidden: list, formulas: "_Formulas") -> None:
    merged_down: set[tuple[int, int]] = set()     # cells under a merged cell's first row: emitted empty
    merged_across: set[tuple[int, int]] = set()   # cells right of a merged cell's first column, in its first row
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col + 1, merged.max_col + 1):
                (merged_across if row == merged.min_row else merged_down).add((row, col))
            if row > merged.min_row:
                merged_down.add((row, merged.min_col))
    hidden_cols = {col for col in range(1, sheet.max_column + 1) if _column_hidden(sheet, col)}
    for col in sorted(hidden_cols):
        content = CELL.join(str(sheet.cell(row, col).value or "") for row in range(1, sheet.max_row + 1))
        if holds_report_content(content, in_table=True):
            hidden.append((f"工作表「{sheet.title}」第{_letter(col)}列", f"sheet '{sheet.title}' column {_letter(col)}", "隐藏列", content, None))
    used = [col for col in range(1, sheet.max_column + 1) if col not in hidden_cols
            and any(sheet.cell(row, col).value not in (None, "") for row in range(1, sheet.max_row + 1))]
    if not used:
        return
    first, last = used[0], used[-1]
    blank_before = False
    for row in range(1, sheet.max_row + 1):
        texts: list[tuple[int, str]] = []
        for col in range(first, last + 1):
            if col in hidden_cols or (row, col) in merged_across:
                continue
            if (row, col) in merged_down:
                texts.append((col, ""))
                continue
            cell = sheet.cell(row, col)
            text = _shown(cell, formulas_sheet.cell(row, col), sheet.title, formulas)
            if text and _invisible(cell):  # a reader sees an empty cell
                hidden.append((f"工作表「{sheet.title}」{cell.coordinate}单元格", f"sheet '{sheet.title}' cell {cell.coordinate}",
                               "白色文字或隐藏格式", text, None))
                text = ""
            texts.append((col, text))
        if sheet.row_dimensions[row].hidden:
            content = CELL.join(text for _, text in texts)
            if holds_report_content(content, in_table=True):
                hidden.append((f"工作表「{sheet.title}」第{row}行", f"sheet '{sheet.title}' row {row}", "隐藏行", content, None))
            continue
        filled = [(col, text) for col, text in texts if text.strip()]
        if not filled:
            if not blank_before:
                emit("\n", None)   # an empty row ends a table
            blank_before = True
            continue
        blank_before = False
        if len(filled) == 1 and not _is_count(filled[0][1]):
            col, text = filled[0]  # a title or a table's heading: a line of text
            emit(text, _where(sheet.title, row, col))
            emit("\n", None)
            continue
        for col, text in texts:
            emit(CELL + text, _where(sheet.title, row, col))
        emit("\n", None)


def _where(sheet: str, row: int, col: int) -> dict:
    return {"sheet": sheet, "ref": f"{_letter(col)}{row}"}


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return get_column_letter(col)


def _column_hidden(sheet, col: int) -> bool:
    for dimension in sheet.column_dimensions.values():   # a dimension may stand for a run of columns (min..max)
        low, high = dimension.min or 0, dimension.max or 0
        if dimension.hidden and (low <= col <= high or dimension.index == _letter(col)):
            return True
    return False


_WHITE = ("FFFFFFFF", "00FFFFFF")


def _invisible(cell) -> bool:
    """Whether a reader sees the cell empty: a number format with nothing to show (";;;"), or white text on a
    cell with no fill (or a white one)."""
    if re.fullmatch(r"\s*;\s*;\s*;?\s*", cell.number_format or ""):
        return True
    colour = getattr(cell.font.color, "rgb", None) if cell.font is not None and cell.font.color is not None else None
    if not isinstance(colour, str) or colour.upper() not in _WHITE:
        return False
    fill = cell.fill
    background = getattr(fill.fgColor, "rgb", None) if fill is not None and fill.fill_type == "solid" else None
    return background is None or (isinstance(background, str) and background.upper() in _WHITE)


def _is_count(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\??\d[\d,]*\s*", text))


def _shown(cell, written, sheet: str, formulas: "_Formulas") -> str:
    """The cell as the workbook shows it; a formula's saved value (unknown without one)."""
    value = cell.value
    formula = written.value if isinstance(written.value, str) and written.value.startswith("=") else None
    if formula is not None:
        formulas.seen(sheet, cell.coordinate, formula, value, cell.parent)
        if value is None:
            return UNSURE   # never calculated and saved: what it shows is not in the file
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(Decimal(str(value)))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return " ".join(str(value).split())


_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")
_SUM = re.compile(r"=\s*SUM\(([A-Z0-9$:,\s]+)\)\s*", re.I)
_ADDED = re.compile(r"=\s*(\$?[A-Z]{1,3}\$?\d+(?:\s*\+\s*\$?[A-Z]{1,3}\$?\d+)*)\s*", re.I)


class _Formulas:
    """Formulas met while reading: a sum whose saved value is not what its cells (as shown) add up to is said,
    and formulas with no saved value are counted."""

    def __init__(self):
        self.disagreeing: list[tuple[str, str, str, Decimal, object]] = []
        self.unsaved: list[tuple[str, str]] = []

    def seen(self, sheet: str, ref: str, formula: str, saved, worksheet) -> None:
        if saved is None:
            self.unsaved.append((sheet, ref))
            return
        computed = _sum_of(formula, worksheet)
        if computed is not None and isinstance(saved, (int, float)) and not isinstance(saved, bool) and computed != Decimal(str(saved)):
            self.disagreeing.append((sheet, ref, formula, computed, saved))

    def notes(self) -> list[Note]:
        notes: list[Note] = []
        for sheet, ref, formula, computed, saved in self.disagreeing[:SHOWN]:
            shown = int(saved) if isinstance(saved, float) and saved.is_integer() else saved
            notes.append(("warning", f"工作表「{sheet}」{ref}单元格的公式 {formula} 按表中数字算得 {computed}，但文件保存并显示的是 {shown}"
                                     "（公式未重新计算，或数字被手工改过）；按显示的数字检查",
                          f"sheet '{sheet}' cell {ref}: its formula {formula} adds up to {computed} from the table's numbers, but the "
                          f"file saved and shows {shown} (not recalculated, or typed over); checked as shown", None))
        if len(self.disagreeing) > SHOWN:
            more = len(self.disagreeing) - SHOWN
            notes.append(("warning", f"另有 {more} 个公式的保存值与算得的不一致", f"{more} more formulas disagree with their saved values", None))
        if self.unsaved:
            sheet, ref = self.unsaved[0]
            notes.append(("warning", f"有 {len(self.unsaved)} 个公式单元格（如工作表「{sheet}」{ref}）没有保存计算结果，按未能读取处理；"
                                     "请在 Excel 或 WPS 中打开并保存后再检查",
                          f"{len(self.unsaved)} formula cell(s) (e.g. sheet '{sheet}' {ref}) have no saved value and are unknown; "
                          "open and save the workbook in Excel or WPS, then check again", None))
        return notes


def _sum_of(formula: str, worksheet) -> Decimal | None:
    """What ``=SUM(B5:F5)`` or ``=B5+C5+D5`` adds up to from the cells' shown values (a number stored as text
    counted, as a reader counts it); None for any other formula, or where a cell it adds is not a number."""
    from openpyxl.utils import column_index_from_string

    match = _SUM.fullmatch(formula) or _ADDED.fullmatch(formula)
    if match is None:
        return None
    total = Decimal(0)
    for part in re.split(r"[,+]", match.group(1)):
        ref = _RANGE.fullmatch(part.strip())
        if ref is None:
            return None
        col0, row0 = column_index_from_string(ref.group(1).upper()), int(ref.group(2))
        col1 = column_index_from_string(ref.group(3).upper()) if ref.group(3) else col0
        row1 = int(ref.group(4)) if ref.group(4) else row0
        if (row1 - row0 + 1) * (col1 - col0 + 1) > 1000:
            return None
        for row in range(row0, row1 + 1):
            for col in range(col0, col1 + 1):
                value = worksheet.cell(row, col).value
                if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
                    value = Decimal(value.strip())   # a number stored as text: as the reader sees it
                if value is None or value == "" or (isinstance(value, str) and value.strip() in ("/", "-", "—")):
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
                    return None
                total += Decimal(str(value))
    return total
