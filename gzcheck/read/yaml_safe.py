"""Safe YAML loading: plain data only, bounded alias expansion, JSON-shaped result."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from gzcheck.errors import InputError
from gzcheck.model.template import pointer as make_pointer

MAX_YAML_NODES = 200_000  # after alias expansion: a report has about 600


class _Constructor(SafeConstructor):
    """SafeConstructor that keeps dates as the strings they were written as."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _Constructor
    return yaml


def load_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML into plain JSON data and a map JSON Pointer -> line (1-based)."""
    data, marks = load_yaml_marked(text)
    return data, {ptr: mark.line for ptr, mark in marks.items()}


@dataclass(frozen=True)
class Mark:
    """Where a value starts: 1-based line and column; ``quoted`` when the scalar was written in quotes,
    ``multiline`` when it runs over more than one line (a block scalar, a folded plain one)."""

    line: int
    column: int
    quoted: bool = False
    multiline: bool = False


def load_yaml_marked(text: str) -> tuple[Any, dict[str, Mark]]:
    """Parse YAML into plain JSON data and a map JSON Pointer -> where its value starts."""
    yaml = _yaml()
    try:
        node = yaml.compose(text)
        if node is None:
            raise InputError("YAML 文件没有内容", "the YAML file has no content")
        _check_expansion(node)
        data = yaml.constructor.construct_document(node)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        where = f"第 {line} 行：" if line else ""
        raise InputError(f"YAML 格式错误，{where}{exc.problem or exc.context}",
                         f"malformed YAML{f' at line {line}' if line else ''}: {exc.problem or exc.context}", line=line) from None
    except YAMLError as exc:
        raise InputError(f"YAML 内容无法读取：{exc}", f"unreadable YAML: {exc}") from None
    except RecursionError:
        raise InputError("YAML 嵌套过深，无法读取", "the YAML is nested too deeply to read") from None
    except (ValueError, OverflowError, TypeError) as exc:  # a scalar its tag cannot make (!!float abc, a 5,000-digit int)
        raise InputError("YAML 中有无法转换的值（例如标注为数字的文字，或位数过多的整数）",
                         f"the YAML holds a value that cannot be converted ({exc})") from None
    marks: dict[str, Mark] = {}
    _index_marks(node, "", marks)
    _check_json_shape(data, "")
    return data, marks


def _check_expansion(root: Node) -> None:
    """Refuse documents whose aliases expand past a sane size ("billion laughs")."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: Node) -> int:
        if id(node) in open_nodes:
            raise InputError("YAML 中有循环引用（一个别名指向包含它自己的内容），无法读取",
                             "the YAML refers to itself (an alias inside its own anchor)")
        known = sizes.get(id(node))
        if known is not None:
            return known
        open_nodes.add(id(node))
        total = 1
        if isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, SequenceNode):
            total += sum(size(v) for v in node.value)
        sizes[id(node)] = total
        open_nodes.discard(id(node))
        if total > MAX_YAML_NODES:
            raise InputError(f"YAML 文件展开后过大（超过 {MAX_YAML_NODES} 个节点），可能是恶意的别名嵌套",
                             f"the YAML expands to more than {MAX_YAML_NODES} nodes (alias bomb?)")
        return total

    size(root)


def _index_marks(node: Node, ptr: str, marks: dict[str, Mark]) -> None:
    if ptr not in marks:
        start = node.start_mark
        style = getattr(node, "style", None)
        multiline = style in ("|", ">") or node.end_mark.line > start.line
        marks[ptr] = Mark(start.line + 1, start.column + 1, style in ("'", '"'), multiline and isinstance(node.value, str))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key.value, str):
                _index_marks(value, ptr + make_pointer(key.value), marks)
    elif isinstance(node, SequenceNode):
        for i, value in enumerate(node.value):
            _index_marks(value, f"{ptr}/{i}", marks)


def _check_json_shape(value: Any, ptr: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InputError(f"YAML 中的键必须是文字，{ptr or '报告最外层'} 下有键 {key!r}；请给它加引号",
                                 f"YAML keys must be strings; {ptr or 'the top level'} has key {key!r}: quote it", pointer=ptr or None)
            _check_json_shape(item, ptr + make_pointer(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_json_shape(item, f"{ptr}/{i}")
    elif isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{ptr or '报告最外层'} 的值 {value} 不是有限数字", f"{ptr or 'the top level'} holds {value}, not a finite number", pointer=ptr or None)
    elif not (value is None or isinstance(value, (str, int, float, bool))):
        raise InputError(f"{ptr or '报告最外层'} 的值类型 {type(value).__name__} 不是报告可用的数据",
                         f"{ptr or 'the top level'} holds a {type(value).__name__}, which a report cannot hold", pointer=ptr or None)
