"""The sums the templates imply, as data: every cell of tables 三 and 四 in a fixed order, and the identities
``sum(left) == sum(right)`` between them (the 勾稽关系, each row's 总计, each column's （七）总计, each
table-四 group's 总计). Rules check them, the reader derives unread cells from them.
"""

from __future__ import annotations

from typing import NamedTuple
from functools import cache

from gzcheck.model.template import compiled_reader, pointer, template

TOTAL = "total"
IDENTITY_TABLES = ("applications", "review_and_litigation")


class Identity(NamedTuple):
    key: str                 # stable id, e.g. "row:results/total"
    anchor: str              # JSON Pointer reported when the identity fails unlocalised
    left: tuple[int, ...]    # the printed total side (indexes into the grid's cells)
    right: tuple[int, ...]   # the side that is summed up
    zh: str                  # what the identity says, for messages
    en: str


class TableGrid:
    """The cells of one table in a fixed order, and the identities between them."""

    def __init__(self, table: str, paths: list[tuple[str, ...]], identities: list[Identity]):
        self.table = table
        self.paths = paths
        self.pointers = [pointer(*p) for p in paths]
        self.index = {ptr: i for i, ptr in enumerate(self.pointers)}
        self.identities = identities
        self.by_key = {ident.key: ident for ident in identities}
        self.read = compiled_reader(paths)  # the table's cells as printed, in this order
        self.memberships: list[list[Identity]] = [[] for _ in paths]
        for ident in identities:
            for cell in set(ident.left + ident.right):
                self.memberships[cell].append(ident)
        self.totals = frozenset(c for ident in identities for c in ident.left)  # cells printed as a sum
        self.residuals = _compiled_residuals(identities)


def _compiled_residuals(identities: list[Identity]):
    """values → every identity's residual (left − right) in one call. Generated once per template from the
    identities above (no outside text reaches it): one expression instead of a Python loop per identity,
    which made checking a clean table most of the cost of a rule."""
    side = lambda cells: "+".join(f"v[{c}]" for c in cells) or "0"  # noqa: E731
    body = ",".join(f"({side(i.left)})-({side(i.right)})" for i in identities)
    return eval(f"lambda v: ({body},)")  # noqa: S307 - the text is built from integers above


def residual(identity: Identity, values) -> float:
    get = values.__getitem__
    return sum(map(get, identity.left)) - sum(map(get, identity.right))


def grid_for(version: str, table: str) -> TableGrid:
    return table3_grid(version) if table == "applications" else table4_grid()


@cache
def table3_grid(version: str) -> TableGrid:
    tpl = template(version)
    columns = tpl.keys_at("applications")
    first_column = [c for c in tpl.table_cells("applications") if c.path[1] == columns[0]]
    rows = [c.path[2:] for c in first_column]
    labels = {c.path[2:]: c.labels_zh[-1] for c in first_column}
    labels_en = {c.path[2:]: c.labels_en[-1] for c in first_column}
    col_zh = {c.path[1]: c.labels_zh[1] for c in tpl.table_cells("applications")}
    col_en = {c.path[1]: c.labels_en[1] for c in tpl.table_cells("applications")}
    paths = [("applications", col) + row for col in columns for row in rows]
    index = {path: i for i, path in enumerate(paths)}
    cell = lambda col, row: index[("applications", col) + row]  # noqa: E731
    parts_columns = [c for c in columns if c != TOTAL]
    result_total = ("results", TOTAL)
    result_parts = [r for r in rows if r[0] == "results" and r != result_total]
    identities = []
    for row in rows:
        identities.append(Identity(
            f"row:{'/'.join(row)}", pointer("applications", TOTAL, *row),
            (cell(TOTAL, row),), tuple(cell(c, row) for c in parts_columns),
            f"「{labels[row]}」行的总计等于自然人与五类法人或其他组织之和",
            f"row '{labels_en[row]}': total equals natural persons plus the five organisation columns"))
    for col in columns:
        identities.append(Identity(
            f"results:{col}", pointer("applications", col, *result_total),
            (cell(col, result_total),), tuple(cell(col, r) for r in result_parts),
            f"「{col_zh[col]}」列的（七）总计等于（一）至（六）各项之和",
            f"column '{col_en[col]}': (7) total equals the sum of results (1) to (6)"))
        identities.append(Identity(
            f"balance:{col}", pointer("applications", col),
            (cell(col, result_total), cell(col, ("carried_forward_to_next_year",))),
            (cell(col, ("new_received",)), cell(col, ("carried_over_from_previous_year",))),
            f"「{col_zh[col]}」列的勾稽关系：一（本年新收）+ 二（上年结转）= 三（七）总计 + 四（结转下年度）",
            f"column '{col_en[col]}' balance: new (1) + carried over (2) = results total (3.7) + carried forward (4)"))
    return TableGrid("applications", paths, identities)


@cache
def table4_grid() -> TableGrid:
    tpl = template("2021")  # table 四 is the same in both templates
    groups = tpl.keys_at("review_and_litigation")
    paths: list[tuple[str, ...]] = []
    identities = []
    for group in groups:
        leaves = tpl.keys_at("review_and_litigation", group)
        start = len(paths)
        paths += [("review_and_litigation", group, leaf) for leaf in leaves]
        total = start + leaves.index(TOTAL)
        label = next(c.labels_zh[1] for c in tpl.table_cells("review_and_litigation") if c.path[1] == group)
        identities.append(Identity(
            f"group:{group}", pointer("review_and_litigation", group, TOTAL), (total,),
            tuple(i for i in range(start, len(paths)) if i != total),
            f"「{label}」的总计等于结果维持、结果纠正、其他结果、尚未审结之和",
            f"'{group}': total equals upheld + corrected + other result + pending"))
    return TableGrid("review_and_litigation", paths, identities)
