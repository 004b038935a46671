"""Unknown is not zero: cells the reader could not read, what the sums determine of them, and what stays open.

A table cell is a number; or blank as printed (``null``: counted as 0, and reported); or *unread* — listed
in the report's top-level ``unread`` (JSON Pointers), its value ``null`` because nobody knows it. An identity
with exactly one unknown cell determines it: :func:`derive` fills it in, marked ``"status": "derived"`` in
its provenance with the identity it came from, and every other identity through it then checks it.
Identities that still touch an unknown cell are *unverified*: never evaluated as if the cell were 0.
"""

from __future__ import annotations

import copy
from functools import cached_property
from typing import Any, Container

from gzcheck.model.identities import IDENTITY_TABLES, Identity, TableGrid, grid_for
from gzcheck.model.template import FORMAT_VERSIONS, table_reader, template, value_at

UNREAD = "unread"
STATUS_UNREAD, STATUS_DERIVED, STATUS_PRINTED = "unread", "derived", "printed"


class _Unread:
    def __repr__(self) -> str:
        return "UNREAD_CELL"


UNREAD_CELL = _Unread()  # what cell_value gives for a cell whose value nobody knows


def cell_value(report: Any, ptr: str, unread: Container[str]) -> Any:
    """A cell as printed: its value, None for a printed blank, or UNREAD_CELL for a cell the reader could not
    read or one in a table the report does not have — unknown, never 0 and never blank."""
    if ptr in unread:
        return UNREAD_CELL
    node: Any = report
    for key in ptr[1:].split("/"):  # model keys hold no "/" or "~"
        if not isinstance(node, dict):
            return UNREAD_CELL
        node = node.get(key)
    return node


def unread_pointers(report: Any) -> frozenset[str]:
    value = report.get(UNREAD) if isinstance(report, dict) else None
    return frozenset(p for p in value if isinstance(p, str)) if isinstance(value, list) else frozenset()


class TableView:
    """Table 三 or 四 read once for every rule (``ctx.table("applications")``).

    ``view["/applications/total/new_received"]`` is a cell's value: a printed blank is 0, a cell the reader
    could not read is ``None`` — unknown, never to be counted as 0. ``view.is_blank(pointer)`` and
    ``view.is_unread(pointer)`` say which; ``view.pointers`` lists the cells in template order;
    ``view.grid.identities`` are the table's sums (``view.unverified``: those an unread cell leaves unchecked).
    """

    def __init__(self, grid: TableGrid, values: list, blanks: set[int], unknown: set[int]):
        self.grid, self.values, self.blanks, self.unknown = grid, values, blanks, unknown

    @property
    def pointers(self) -> list[str]:
        return list(self.grid.pointers)

    def _index(self, pointer: str) -> int:
        try:
            return self.grid.pointers.index(pointer)
        except ValueError:
            raise KeyError(f"{pointer} is not a cell of this table (see view.pointers)") from None

    def __getitem__(self, pointer: str) -> int | None:
        return self.values[self._index(pointer)]

    def is_blank(self, pointer: str) -> bool:
        """Printed blank (counted as 0 in the sums)."""
        return self._index(pointer) in self.blanks

    def is_unread(self, pointer: str) -> bool:
        """Could not be read: unknown."""
        return self._index(pointer) in self.unknown

    def known(self, identity: Identity) -> bool:
        return not self.unknown or not any(c in self.unknown for c in identity.left + identity.right)

    @cached_property
    def unverified(self) -> list[Identity]:
        return [ident for ident in self.grid.identities if not self.known(ident)] if self.unknown else []


def table_view(report: dict, table: str, unread: frozenset[str]) -> TableView | None:
    if report.get(table) is None or report.get("format_version") not in FORMAT_VERSIONS:
        return None
    grid = grid_for(report["format_version"], table)
    values = grid.read(report)  # unread cells are null (unread_findings holds a report to that)
    unknown = {i for i, ptr in enumerate(grid.pointers) if ptr in unread} if unread else set()
    if not unknown and None not in values:
        return TableView(grid, values, set(), set())  # the common case: every cell printed
    blanks = {i for i, value in enumerate(values) if value is None} - unknown  # printed blank: 0 in the sums
    values = [None if i in unknown else 0 if value is None else value for i, value in enumerate(values)]
    return TableView(grid, values, blanks, unknown)


class ReportFacts:
    """What every rule reads of one report, computed once and shared: unread cells and table views."""

    def __init__(self, report: Any):
        self.report = report
        self.unread = unread_pointers(report)
        self._tables: dict[str, Any] = {}

    def table(self, table: str) -> TableView | None:
        if table not in self._tables:
            ok = isinstance(self.report, dict) and table in IDENTITY_TABLES
            self._tables[table] = table_view(self.report, table, self.unread) if ok else None
        return self._tables[table]

    def blanks(self, table: str) -> tuple[list[str], int]:
        """(pointers of the cells printed blank — unread ones are not —, how many cells) of a table that is
        there; one pass, shared by the rules that need it."""
        key = "blanks:" + table
        if key not in self._tables:
            view = self.table(table)
            if view is not None:  # tables 三 and 四 are read already
                self._tables[key] = ([view.grid.pointers[c] for c in sorted(view.blanks)], len(view.grid.pointers))
            else:
                version = self.report["format_version"]
                cells = template(version).table_cells(table)
                values = table_reader(version, table)(self.report)
                blank = [c.pointer for c, value in zip(cells, values, strict=True) if value is None and c.pointer not in self.unread
                         ] if None in values else []
                self._tables[key] = (blank, len(cells))
        return self._tables[key]

    def unverified(self) -> dict[str, list[Identity]]:
        """Identities per table that touch a cell nobody could read (none when nothing is unread)."""
        if not self.unread:
            return {}
        out = {}
        for table in IDENTITY_TABLES:
            view = self.table(table)
            if view is not None and view.unverified:
                out[table] = view.unverified
        return out


def _solve(identity: Identity, cell: int, values: list) -> int | float:
    """The value of ``cell`` that makes ``identity`` hold, the other cells as they are."""
    left = sum(values[c] for c in identity.left if c != cell)
    right = sum(values[c] for c in identity.right if c != cell)
    return right - left if cell in identity.left else left - right


def propagate(view: TableView, printed: frozenset[int] = frozenset(),
              candidates: dict[int, frozenset[int]] | None = None) -> dict[int, Identity]:
    """Fill unknown cells that an identity determines (exactly one unknown, a whole non-negative value),
    repeatedly, in identity order; ``view`` is updated in place. Returns each derived cell's identity.
    ``printed`` cells stay unknown: their digits are on the page, and the sums are what must judge them. A
    cell with ``candidates`` (what OCR read there, unsure) is filled only with one of them."""
    candidates = candidates or {}
    derived: dict[int, Identity] = {}
    progress = bool(view.unknown)
    while progress:
        progress = False
        for ident in view.grid.identities:
            open_cells = {c for c in ident.left + ident.right if c in view.unknown}
            if len(open_cells) != 1 or open_cells <= printed:
                continue
            cell = open_cells.pop()
            value = _solve(ident, cell, view.values)
            if value < 0 or value != int(value):
                continue  # no count makes it hold: a printed cell is wrong (the rules report it)
            if cell in candidates and int(value) not in candidates[cell]:
                continue  # the sums say what OCR did not read there: it stays unknown, never a guess
            view.values[cell] = int(value)
            view.unknown.discard(cell)
            derived[cell] = ident
            progress = True
    return derived


def readings_against_sums(view: TableView, candidates: dict[int, frozenset[int]]) -> list[tuple[int, Identity, int]]:
    """Cells left unknown whose unsure OCR reading an identity contradicts — the identity's other cells all
    known, the value it determines not among the readings: (cell, identity, value). The printed digits may be
    wrong or misread; either way a person must look at that cell."""
    out = []
    for cell in sorted(view.unknown & candidates.keys()):
        for ident in view.grid.identities:
            others = [c for c in ident.left + ident.right if c != cell]
            if cell not in ident.left + ident.right or any(c in view.unknown or view.values[c] is None for c in others):
                continue
            value = _solve(ident, cell, view.values)
            if value >= 0 and value == int(value) and int(value) not in candidates[cell]:
                out.append((cell, ident, int(value)))
                break
    return out


def printed_pointers(report: Any) -> frozenset[str]:
    """Unread cells whose digits are printed but could not be placed (provenance status ``printed``)."""
    provenance = report.get("provenance") if isinstance(report, dict) else None
    if not isinstance(provenance, dict):
        return frozenset()
    return frozenset(ptr for ptr, entry in provenance.items() if isinstance(entry, dict) and entry.get("status") == STATUS_PRINTED)


def ocr_candidates(report: Any, pointers: list[str]) -> dict[int, frozenset[int]]:
    """Cell index → the values OCR read there unsure (provenance ``candidates``), for the cells that have them."""
    provenance = report.get("provenance") if isinstance(report, dict) else None
    if not isinstance(provenance, dict):
        return {}
    out = {}
    for i, ptr in enumerate(pointers):
        entry = provenance.get(ptr)
        if isinstance(entry, dict) and isinstance(entry.get("candidates"), list):
            out[i] = frozenset(v for v in entry["candidates"] if isinstance(v, int))
    return out


def derive(report: Any) -> Any:
    """The report with every unread cell of tables 三 and 四 that the identities determine filled in.
    The input is never changed; without unread cells it is returned as it is."""
    unread = unread_pointers(report)
    if not unread:
        return report
    found: dict[str, tuple[int, Identity]] = {}
    printed = printed_pointers(report)
    for table in IDENTITY_TABLES:
        view = table_view(report, table, unread)
        if view is None or not view.unknown:
            continue
        mine = frozenset(i for i, ptr in enumerate(view.grid.pointers) if ptr in printed)
        for cell, ident in propagate(view, mine, ocr_candidates(report, view.grid.pointers)).items():
            found[view.grid.pointers[cell]] = (view.values[cell], ident)
    if not found:
        return report
    out = dict(report)
    for table in IDENTITY_TABLES:
        if any(ptr.startswith(f"/{table}/") for ptr in found):
            out[table] = copy.deepcopy(report[table])
    provenance = dict(report.get("provenance") or {})
    for ptr, (value, ident) in sorted(found.items()):
        *parents, last = ptr[1:].split("/")
        value_at(out, parents)[last] = value
        entry = dict(provenance.get(ptr) or {})
        entry.update(status=STATUS_DERIVED, derived_from=ident.key)
        provenance[ptr] = entry
    out["provenance"] = dict(sorted(provenance.items()))
    out[UNREAD] = sorted(unread - set(found))
    return out
