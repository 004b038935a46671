"""The national templates' tables, read from the JSON Schema.

The schema is the single source of truth for key names and labels: this
module walks it once per template and exposes the cells, rows and columns the
rules and messages need, so nothing else keeps a second copy that can drift.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from gzcheck.model.schema import report_schema

FORMAT_VERSIONS = ("2019", "2021")
TABLE_KEYS = ("active_disclosure", "applications", "review_and_litigation")
TABLE_NAMES = {
    "active_disclosure": ("表二", "table 2"),
    "applications": ("表三", "table 3"),
    "review_and_litigation": ("表四", "table 4"),
}
LEAF_KINDS = {"#/$defs/count": "count", "#/$defs/signed_count": "signed", "#/$defs/amount": "amount"}


def escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def pointer(*parts: str) -> str:
    joined = "/".join(parts)
    if "~" not in joined and joined.count("/") == len(parts) - 1:  # the model's keys: nothing to escape
        return "/" + joined
    return "".join("/" + escape(p) for p in parts)


def value_at(doc: Any, path) -> Any:
    """The value at a path of keys in a report (the model has no lists). On the rules' hot path: keep it bare."""
    for key in path:
        doc = doc[key]
    return doc


def split_pointer(ptr: str) -> list[str]:
    if not ptr:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]


class Cell(NamedTuple):
    """One numeric cell of a table: its path, kind, labels along the path, and JSON Pointer."""

    path: tuple[str, ...]
    kind: str  # count, signed or amount
    labels_zh: tuple[str, ...]
    labels_en: tuple[str, ...]
    pointer: str


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    defs = report_schema()["$defs"]
    while "$ref" in node and node["$ref"] not in LEAF_KINDS:
        node = defs[node["$ref"].rsplit("/", 1)[1]]
    return node


def _leaves(node, path, zh, en):
    ref = node.get("$ref")
    if ref in LEAF_KINDS:
        yield Cell(path, LEAF_KINDS[ref], zh, en, pointer(*path))
        return
    body = _resolve(node)
    for key, child in body.get("properties", {}).items():
        yield from _leaves(child, path + (key,), zh + (child.get("title", key),), en + (child.get("description", key),))


class Template(NamedTuple):
    version: str
    cells: tuple[Cell, ...]

    def table_cells(self, table: str) -> tuple[Cell, ...]:
        return _table_cells(self.version, table)

    def by_pointer(self, ptr: str) -> Cell:
        return _index(self.version)[ptr]

    def keys_at(self, *path: str) -> tuple[str, ...]:
        """The child keys of an object in the model, in template order."""
        node = _resolve(_top_node(self.version, path[0]))
        for key in path[1:]:
            node = _resolve(node["properties"][key])
        return tuple(node.get("properties", {}))


def _top_node(version: str, key: str) -> dict[str, Any]:
    schema = report_schema()
    if key in ("active_disclosure", "applications"):
        table = {"active_disclosure": "table2", "applications": "table3"}[key]
        return {"$ref": f"#/$defs/{table}_{version}"}
    return schema["properties"][key]


@cache
def template(version: str) -> Template:
    if version not in FORMAT_VERSIONS:
        raise KeyError(version)
    cells: list[Cell] = []
    for table in TABLE_KEYS:
        zh, en = TABLE_NAMES[table]
        cells.extend(_leaves(_top_node(version, table), (table,), (zh,), (en,)))
    return Template(version, tuple(cells))


@cache
def section_headings() -> dict[str, str]:
    """Section key → the template's heading (一、总体情况 …), in template order."""
    props = report_schema()["$defs"]["sections"]["properties"]
    return {key: node["title"] for key, node in props.items()}


@cache
def _table_cells(version: str, table: str) -> tuple[Cell, ...]:
    return tuple(c for c in template(version).cells if c.path[0] == table)


def compiled_reader(paths: list[tuple[str, ...]]):
    """report → the values at ``paths`` (key paths into the report) in order, as printed (None for a blank), in
    one call that fetches each object once: code generated once per template from the schema's own keys."""
    groups: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for i, path in enumerate(paths):
        groups.setdefault(path[:-1], []).append((i, path[-1]))
    lines = ["def read(r):"]
    items: dict[int, str] = {}
    for g, (parent, cells) in enumerate(groups.items()):
        lines.append(f"    g{g} = r" + "".join(f"[{key!r}]" for key in parent))
        items.update((i, f"g{g}[{key!r}]") for i, key in cells)
    lines.append("    return [" + ", ".join(items[i] for i in range(len(paths))) + "]")
    namespace: dict = {}
    exec("\n".join(lines), namespace)  # noqa: S102 - the text is built from the template's keys, quoted by repr
    return namespace["read"]


@cache
def table_reader(version: str, table: str):
    """report → every cell of ``table`` as printed, in :meth:`Template.table_cells` order (see compiled_reader)."""
    return compiled_reader([cell.path for cell in _table_cells(version, table)])


@cache
def _index(version: str) -> dict[str, Cell]:
    return {cell.pointer: cell for cell in template(version).cells}


def describe(ptr: str | None, version: str | None, lang: str = "zh") -> str:
    """A cell in the template's words: 表三「（七）总计」行「总计」列, 表三「（三）不予公开」下「1.属于国家秘密」行「自然人」列,
    表四「行政复议」「结果维持」; a section or field by its title; the whole report for none."""
    if not ptr:
        return "整份报告" if lang == "zh" else "the whole report"
    words = cell_words(ptr, version, lang)
    if words is None:
        return _describe_field(ptr, lang)
    if "row" not in words:
        return words["table"] + ("".join(f"「{part}」" for part in words["column"]) if lang == "zh"
                                 else ", " + " / ".join(words["column"]))
    row, column = words["row"], words["column"][0]
    if lang == "zh":
        row_zh = "「" + "」下「".join(row) + "」"
        return f"{words['table']}{row_zh}行「{column}」列"
    return f"{words['table']}, row '{' / '.join(row)}', column '{column}'"


def cell_words(ptr: str, version: str | None, lang: str = "zh") -> dict[str, Any] | None:
    """A table cell's labels as the template prints them: ``table``, ``row`` (its group, then its own label, for
    a numbered item of table 三) and ``column`` (its levels); None for a pointer that is not a cell."""
    cell = _index(version).get(ptr) if version in FORMAT_VERSIONS else None
    if cell is None:
        return None
    labels = cell.labels_zh if lang == "zh" else cell.labels_en
    head, rest = labels[0], labels[1:]
    if cell.path[0] != "applications":
        return {"table": head, "column": list(rest)}
    column, row = rest[0], rest[1:]
    if len(row) == 3:  # 三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密: the group and the item name it
        row = row[1:]
    elif len(row) == 2:  # 三、本年度办理结果 / （一）予以公开
        row = row[1:]
    return {"table": head, "row": list(row), "column": [column]}


_PARTS = {"text": ("正文", "text"), "heading": ("标题", "heading")}


def _describe_field(ptr: str, lang: str) -> str:
    """A section (「六、其他需要报告的事项」部分正文) or a top-level field (发布日期) by the schema's own titles;
    anything else stays the pointer."""
    zh = lang == "zh"
    parts = split_pointer(ptr)
    properties = report_schema()["properties"]
    if parts[0] == "sections" and len(parts) in (2, 3):
        node = report_schema()["$defs"]["sections"]["properties"].get(parts[1])
        part = _PARTS.get(parts[2]) if len(parts) == 3 else ("", "")
        if node is not None and part is not None:
            return f"「{node['title']}」部分{part[0]}" if zh else f"section '{node['description']}'" + (f" {part[1]}" if part[1] else "")
    elif len(parts) == 1 and parts[0] in properties and "title" in properties[parts[0]]:
        node = properties[parts[0]]
        return node["title"] if zh else parts[0].replace("_", " ")
    return ptr
