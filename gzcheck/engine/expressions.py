"""The small, safe expression language of rule packs.

An expression is parsed once, when its pack loads, into a tree of plain tuples; nothing is ever handed to
Python's ``eval``, there is no attribute access, and the work is bounded: the text, the nesting, the
numbers and the patterns all have a cap, and patterns run on RE2, whose time is linear in the text.

    /applications/total/results/total >= 90% * (/applications/total/new_received + /applications/total/carried_over_from_previous_year)
    mentions(other_matters, "信息处理费") and published_by("01-20")

Values are exact decimals, booleans and text. A cell the reader could not read, or a table that is absent,
is *unknown*: arithmetic and comparisons through it stay unknown (``and``/``or`` follow three-valued
logic), so a pack rule never turns a reading gap into a finding. A printed blank counts as 0, as in the
built-in rules.
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, reduce
from typing import Any, Container

from gzcheck.model.template import FORMAT_VERSIONS, section_headings, split_pointer, template
from gzcheck.model.unknowns import UNREAD_CELL, cell_value
from gzcheck.normalize import fold

MAX_LENGTH = 2000       # characters in one expression
MAX_DEPTH = 24          # nesting of brackets, operators and calls
MAX_DIGITS = 24         # digits in a number written in a pack
MAX_PATTERN = 300       # characters in a pattern for matches()
SECTIONS = tuple(section_headings())   # overall_situation … other_matters, in template order
ALL_SECTIONS = "sections"
_CONTEXT = decimal.Context(prec=34, Emax=10**6, Emin=-10**6, traps=[decimal.InvalidOperation, decimal.Overflow])


class ExpressionError(ValueError):
    """A pack expression that cannot be used; ``column`` is 0-based into the expression."""

    def __init__(self, zh: str, en: str, column: int) -> None:
        super().__init__(en)
        self.zh, self.en, self.column = zh, en, column


@dataclass(frozen=True)
class Unknown:
    """A value that could not be determined: ``cells`` are the unread (or absent) places it depends on.

    ``undefined`` marks a ratio whose divisor is 0: there is nothing to check, and nothing to report."""

    cells: tuple[str, ...] = ()
    undefined: bool = False

    def __or__(self, other: "Unknown") -> "Unknown":
        return Unknown(tuple(dict.fromkeys(self.cells + other.cells)), self.undefined and other.undefined)


# -- tokens ------------------------------------------------------------------------------------------------------

_WIDE = str.maketrans({"（": "(", "）": ")", "，": ",", "“": '"', "”": '"', "＋": "+", "－": "-", "＊": "*"})
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?%?)
  | (?P<string>"[^"\n]*"|'[^'\n]*')
  | (?P<op><=|>=|==|!=|≥|≤|≠|[-+*/()<>,])
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
""", re.VERBOSE)
_POINTER = re.compile(r"(?:/(?:[A-Za-z0-9_]+|\*))+")
_SAME_OP = {"≥": ">=", "≤": "<=", "≠": "!="}


@dataclass(frozen=True)
class Token:
    kind: str   # number, string, op, name, pointer, end
    text: str
    column: int


def tokenize(text: str) -> list[Token]:
    """Tokens; a ``/`` where an operand is due starts a pointer, elsewhere it divides."""
    text = text.translate(_WIDE)
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        last = tokens[-1] if tokens else None
        operand_due = last is None or (last.kind == "op" and last.text != ")") or last.text in ("and", "or", "not")
        if text[i] == "/" and operand_due:
            match = _POINTER.match(text, i)
            if match is None:
                raise ExpressionError("这里应是单元格指针（如 /applications/total/new_received）",
                                      "a cell pointer is due here (like /applications/total/new_received)", i)
            tokens.append(Token("pointer", match.group(), i))
            i = match.end()
            continue
        match = _TOKEN.match(text, i)
        if match is None:
            raise ExpressionError(f"无法识别的字符「{text[i]}」", f"unexpected character {text[i]!r}", i)
        if match.lastgroup != "space":
            value = _SAME_OP.get(match.group(), match.group())
            tokens.append(Token(match.lastgroup, value, i))
        i = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# -- parsing: a tree of tuples (kind, column, ...) with a type: num, bool, text, section --------------------------

Node = tuple
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}


@dataclass(frozen=True)
class Function:
    args: tuple[str, ...]          # argument types; a trailing "..." repeats the last
    result: str


FUNCTIONS = {
    "sum": Function(("num", "..."), "num"),
    "min": Function(("num", "..."), "num"),
    "max": Function(("num", "..."), "num"),
    "abs": Function(("num",), "num"),
    "blank": Function(("cell",), "bool"),
    "mentions": Function(("section", "text", "..."), "bool"),
    "mentions_all": Function(("section", "text", "..."), "bool"),
    "matches": Function(("section", "text"), "bool"),
    "chars": Function(("section",), "num"),
    "published_by": Function(("text",), "bool"),
}
NAMES = {"report_year": "num"}


class _Parser:
    def __init__(self, text: str, versions: tuple[str, ...]) -> None:
        if len(text) > MAX_LENGTH:
            raise ExpressionError(f"表达式过长（超过 {MAX_LENGTH} 个字符）", f"the expression is longer than {MAX_LENGTH} characters", 0)
        self.tokens = tokenize(text)
        self.at = 0
        self.depth = 0
        self.versions = versions
        self.pointers: list[str] = []

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def take(self, text: str | None = None) -> Token:
        token = self.token
        if text is not None and token.text != text:
            shown = token.text or "结尾"
            raise ExpressionError(f"这里应是「{text}」，而不是「{shown}」", f"expected {text!r}, found {token.text or 'the end'!r}", token.column)
        self.at += 1
        return token

    def parse(self) -> tuple[Node, str]:
        node, kind = self.logic()
        if self.token.kind != "end":
            raise ExpressionError(f"多余的「{self.token.text}」", f"unexpected {self.token.text!r}", self.token.column)
        return node, kind

    def nest(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"表达式嵌套过深（超过 {MAX_DEPTH} 层）", f"the expression nests deeper than {MAX_DEPTH} levels", column)

    def logic(self) -> tuple[Node, str]:
        self.nest(self.token.column)
        out = self._chain(("and", "or"), self.negation, "bool")
        self.depth -= 1
        return out

    def negation(self) -> tuple[Node, str]:
        return self._prefix("not", "not", "bool", self.comparison, self.negation)

    def comparison(self) -> tuple[Node, str]:
        left, kind = self.arithmetic()
        if self.token.text in _COMPARE:
            op = self.take()
            right, right_kind = self.arithmetic()
            self._want(kind, "num", op.column, op.text, left)
            self._want(right_kind, "num", op.column, op.text, right)
            return ("compare", op.column, op.text, left, right), "bool"
        return left, kind

    def arithmetic(self) -> tuple[Node, str]:
        return self._chain(("+", "-"), self.product, "num")

    def product(self) -> tuple[Node, str]:
        return self._chain(("*", "/"), self.unary, "num")

    def _chain(self, operators: tuple[str, ...], operand, want: str) -> tuple[Node, str]:
        """Operands joined by left-associative operators taking and giving ``want`` (num or bool)."""
        node, kind = operand()
        while self.token.text in operators:
            op = self.take()
            right, right_kind = operand()
            self._want(kind, want, op.column, op.text, node)
            self._want(right_kind, want, op.column, op.text, right)
            node = ("arith", op.column, op.text, node, right) if want == "num" else (op.text, op.column, node, right)
            kind = want
        return node, kind

    def unary(self) -> tuple[Node, str]:
        return self._prefix("-", "neg", "num", self.atom, self.unary)

    def _prefix(self, symbol: str, name: str, want: str, below, again) -> tuple[Node, str]:
        """``symbol`` before an operand (``not x``, ``-x``, repeatable), else the next level down."""
        if self.token.text != symbol:
            return below()
        op = self.take()
        self.nest(op.column)
        inner, kind = again()
        self.depth -= 1
        self._want(kind, want, op.column, symbol, inner)
        return (name, op.column, inner), want

    def atom(self) -> tuple[Node, str]:
        token = self.take()
        if token.kind == "number":
            return ("const", token.column, _number(token)), "num"
        if token.kind == "string":
            return ("const", token.column, token.text[1:-1]), "text"
        if token.kind == "pointer":
            return self.cell(token), "cells" if "*" in token.text else "num"
        if token.text == "(":
            self.nest(token.column)
            node, kind = self.logic()
            self.depth -= 1
            self.take(")")
            return node, kind
        if token.text in ("true", "false"):
            return ("const", token.column, token.text == "true"), "bool"
        if token.kind == "name" and self.token.text == "(":
            return self.call(token)
        if token.kind == "name" and token.text in NAMES:
            return ("name", token.column, token.text), NAMES[token.text]
        if token.kind == "name" and token.text in (*SECTIONS, ALL_SECTIONS):
            return ("section", token.column, token.text), "section"
        if token.kind == "name":
            names = "、".join(f"{key}（{heading[:1]}）" for key, heading in section_headings().items())
            raise ExpressionError(f"不认识的名称「{token.text}」。部分名称可用：{names}，或 sections（全部六个部分）；"
                                  f"数值可用：{'、'.join(NAMES)}", f"unknown name {token.text!r}: use a section name "
                                  f"({', '.join(SECTIONS)}, sections) or {', '.join(NAMES)}", token.column)
        shown = token.text or "结尾"
        raise ExpressionError(f"这里应是数字、单元格指针、函数或括号，而不是「{shown}」",
                              f"a number, cell pointer, function or bracket is due here, not {token.text or 'the end'!r}", token.column)

    def cell(self, token: Token) -> Node:
        for version in self.versions:
            if not expand(token.text, version):
                raise ExpressionError(f"单元格指针 {token.text} 在 {version} 年格式中不存在（用 gzcheck schema 查看全部单元格）",
                                      f"the pointer {token.text} names no cell of the {version} template (see gzcheck schema)", token.column)
            if "*" not in token.text and expand(token.text, version) != (token.text,):
                raise ExpressionError(f"{token.text} 在 {version} 年格式中不是单个单元格；要合计其下各格请写 {token.text}/* 并放进 sum()",
                                      f"{token.text} is not a single cell of the {version} template; sum() its cells with {token.text}/*", token.column)
        self.pointers.append(token.text)
        return ("cell", token.column, token.text)

    def call(self, name: Token) -> tuple[Node, str]:
        function = FUNCTIONS.get(name.text)
        if function is None:
            raise ExpressionError(f"没有函数 {name.text}（可用：{'、'.join(FUNCTIONS)}）",
                                  f"no function {name.text} (available: {', '.join(FUNCTIONS)})", name.column)
        self.take("(")
        self.nest(name.column)
        args: list[tuple[Node, str]] = []
        while self.token.text != ")":
            if args:
                self.take(",")
            args.append(self.logic())
        self.take(")")
        self.depth -= 1
        wanted = list(function.args)
        if wanted[-1] == "...":
            wanted = wanted[:-2] + [wanted[-2]] * max(len(args) - len(wanted) + 2, 1)
        if len(args) != len(wanted):
            raise ExpressionError(f"{name.text}() 的参数个数不对", f"{name.text}() takes {len(function.args)} argument(s)", name.column)
        for (node, kind), want in zip(args, wanted):
            if want == "cell":
                if node[0] != "cell" or kind != "num":
                    raise ExpressionError(f"{name.text}() 的参数应是一个单元格指针", f"{name.text}() takes one cell pointer", node[1])
            elif kind != want and not (kind == "cells" and name.text in ("sum", "min", "max")):
                raise ExpressionError(f"{name.text}() 的参数类型不对：应是{_KIND_ZH[want]}，而不是{_KIND_ZH[kind]}",
                                      f"{name.text}(): an argument should be {want}, not {kind}", node[1])
        self._check_arguments(name, [node for node, _ in args])
        return ("call", name.column, name.text, tuple(node for node, _ in args)), function.result

    def _check_arguments(self, name: Token, args: list[Node]) -> None:
        if name.text == "matches":
            pattern_node = args[1]
            if pattern_node[0] != "const":
                raise ExpressionError("matches() 的模式应是写明的文字", "matches() takes a written pattern", pattern_node[1])
            compile_pattern(pattern_node[2], pattern_node[1])
        if name.text == "published_by":
            node = args[0]
            if node[0] != "const" or parse_deadline(node[2]) is None:
                raise ExpressionError("published_by() 的日期应写成 \"MM-DD\"（统计年度的次年）或 \"YYYY-MM-DD\"",
                                      'published_by() takes "MM-DD" (in the year after the report year) or "YYYY-MM-DD"', node[1])

    def _want(self, kind: str, want: str, column: int, op: str, operand: Node) -> None:
        if kind == "cells":
            raise ExpressionError("带 * 的指针表示多个单元格，只能放在 sum()、min()、max() 里",
                                  "a pointer with * names several cells: put it inside sum(), min() or max()", operand[1])
        if kind != want:
            raise ExpressionError(f"「{op}」两边应是{_KIND_ZH[want]}，这里是{_KIND_ZH[kind]}", f"{op!r} takes {want}, not {kind}", column)


_KIND_ZH = {"num": "数值", "bool": "条件（真/假）", "text": "文字", "section": "部分名称", "cell": "单元格", "cells": "多个单元格"}


def _number(token: Token) -> Decimal:
    text = token.text.rstrip("%")
    if len(text.replace(".", "")) > MAX_DIGITS:
        raise ExpressionError(f"数字 {token.text} 过长（最多 {MAX_DIGITS} 位）", f"the number {token.text} has more than {MAX_DIGITS} digits", token.column)
    value = Decimal(text)
    return value / 100 if token.text.endswith("%") else value


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its source, tree, type and the cell pointers it reads."""

    source: str
    tree: Node
    kind: str
    pointers: tuple[str, ...]

    def evaluate(self, scope: "Scope") -> Any:
        return evaluate(self.tree, scope)

    def nodes(self):
        """Every node of the tree, depth first."""
        stack = [self.tree]
        while stack:
            node = stack.pop()
            yield node
            for part in reversed(node[2:]):
                if isinstance(part, tuple) and part and isinstance(part[0], tuple):
                    stack.extend(reversed(part))  # a call's arguments
                elif isinstance(part, tuple) and part:
                    stack.append(part)


def parse(text: str, versions: tuple[str, ...] = FORMAT_VERSIONS) -> Expression:
    """Parse ``text`` for reports of ``versions``; every pointer must name cells of each. Raises ExpressionError."""
    parser = _Parser(text, versions)
    tree, kind = parser.parse()
    return Expression(text, tree, kind, tuple(dict.fromkeys(parser.pointers)))


@cache
def expand(pattern: str, version: str) -> tuple[str, ...]:
    """The cell pointers of ``version`` a pointer (``*`` matches any one key) names, in template order."""
    parts = split_pointer(pattern)
    out = []
    for cell in template(version).cells:
        if len(cell.path) == len(parts) and all(p in ("*", c) for p, c in zip(parts, cell.path)):
            out.append(cell.pointer)
        elif len(cell.path) > len(parts) and all(p in ("*", c) for p, c in zip(parts, cell.path)) and "*" not in pattern:
            out.append(cell.pointer)  # an object, not a cell: reported by the parser
    return tuple(out)


def compile_pattern(pattern: str, column: int = 0):
    """An RE2 pattern (linear time, no backreferences), or ExpressionError."""
    import re2

    from gzcheck.linear_regex import compile_linear

    if len(pattern) > MAX_PATTERN:
        raise ExpressionError(f"模式过长（超过 {MAX_PATTERN} 个字符）", f"the pattern is longer than {MAX_PATTERN} characters", column)
    # the text is matched folded (simplified, half-width, no spaces): fold the pattern's own characters the
    # same way, and keep them literal (a full-width bracket folds to "(", which must not open a group)
    written = "".join(ch if ch.isascii() else re.escape(fold(ch)) for ch in pattern)
    try:
        return compile_linear(written, 8 << 20)
    except re2.error as exc:
        detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ExpressionError(f"模式「{pattern}」无法使用：{detail}", f"the pattern {pattern!r} cannot be used: {detail}", column) from None


def parse_deadline(text: Any) -> tuple[int | None, int, int] | None:
    """"MM-DD" → (None, m, d); "YYYY-MM-DD" → (y, m, d); anything else → None."""
    if not isinstance(text, str) or not re.fullmatch(r"(\d{4}-)?\d{2}-\d{2}", text):
        return None
    parts = [int(p) for p in text.split("-")]
    year, month, day = ([None] + parts) if len(parts) == 2 else parts
    try:
        dt.date(year or 2024, month, day)
    except ValueError:
        return None
    return year, month, day


# -- evaluation ---------------------------------------------------------------------------------------------------

@dataclass
class Scope:
    """What an expression reads: the report, its template, and which cells are unread."""

    report: dict
    unread: Container[str]

    @property
    def version(self) -> str:
        return self.report["format_version"]

    def cell(self, ptr: str) -> Any:
        value = cell_value(self.report, ptr, self.unread)
        if value is UNREAD_CELL:
            return Unknown((ptr,))
        if value is None:
            return Decimal(0)  # a printed blank counts as 0, as in the built-in rules
        return Decimal(value) if isinstance(value, int) else Decimal(repr(value))

    def text(self, section: str) -> str | None:
        sections = self.report.get("sections") or {}
        if section == ALL_SECTIONS:
            return "\n".join((s or {}).get("text") or "" for s in sections.values())
        body = sections.get(section)
        return None if body is None else body.get("text") or ""


def evaluate(node: Node, scope: Scope) -> Any:
    kind = node[0]
    if kind == "const":
        return node[2]
    if kind == "cell":
        return scope.cell(node[2])
    if kind == "name":
        return Decimal(scope.report["report_year"])
    if kind == "section":
        return node[2]
    if kind == "not":
        value = evaluate(node[2], scope)
        return value if isinstance(value, Unknown) else not value
    if kind in ("and", "or"):
        return _logic(kind, evaluate(node[2], scope), evaluate(node[3], scope))
    if kind == "neg":
        value = evaluate(node[2], scope)
        return value if isinstance(value, Unknown) else -value
    if kind in ("arith", "compare"):
        left, right = evaluate(node[3], scope), evaluate(node[4], scope)
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return _unknown(left) | _unknown(right)
        return _arith(node[2], left, right) if kind == "arith" else _compare(node[2], left, right)
    return _call(node[2], node[3], scope)


def _unknown(value: Any) -> Unknown:
    return value if isinstance(value, Unknown) else Unknown(undefined=True)


def _logic(op: str, left: Any, right: Any) -> Any:
    decisive = op == "or"  # True decides an "or", False an "and", whatever the other side is
    if left is decisive or right is decisive:
        return decisive
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return _unknown(left) | _unknown(right)
    return not decisive


_ARITH = {"+": _CONTEXT.add, "-": _CONTEXT.subtract, "*": _CONTEXT.multiply, "/": _CONTEXT.divide}
_COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}


def _arith(op: str, left: Decimal, right: Decimal) -> Any:
    if op == "/" and right == 0:
        return Unknown(undefined=True)  # a ratio of nothing: nothing to check
    try:
        return _ARITH[op](left, right)
    except (decimal.InvalidOperation, decimal.Overflow):
        return Unknown(undefined=True)


def _compare(op: str, left: Decimal, right: Decimal) -> bool:
    return _COMPARISONS[op](left, right)


def _call(name: str, args: tuple[Node, ...], scope: Scope) -> Any:
    if name in ("sum", "min", "max"):
        values: list[Any] = []
        for arg in args:
            if arg[0] == "cell" and "*" in arg[2]:
                values.extend(scope.cell(p) for p in expand(arg[2], scope.version))
            else:
                values.append(evaluate(arg, scope))
        unknown = [v for v in values if isinstance(v, Unknown)]
        if unknown:
            return reduce(operator.or_, unknown)
        if not values:
            return Decimal(0)
        return sum(values, Decimal(0)) if name == "sum" else (min(values) if name == "min" else max(values))
    if name == "abs":
        value = evaluate(args[0], scope)
        return value if isinstance(value, Unknown) else abs(value)
    if name == "blank":
        value = cell_value(scope.report, args[0][2], scope.unread)
        return Unknown((args[0][2],)) if value is UNREAD_CELL else value is None
    if name == "published_by":
        return _published_by(args[0][2], scope)
    section = args[0][2]
    text = scope.text(section)
    if text is None:
        return Unknown((f"/sections/{section}",))  # an absent section: SEC-001 reports it
    if name == "chars":
        return Decimal(len(re.sub(r"\s+", "", text)))
    folded = fold(text)
    if name == "matches":
        return compiled(args[1][2]).search(folded) is not None
    phrases = [fold(evaluate(arg, scope)) for arg in args[1:]]
    hits = [p in folded for p in phrases]
    return any(hits) if name == "mentions" else all(hits)


@cache
def compiled(pattern: str):
    return compile_pattern(pattern)


def _published_by(deadline: str, scope: Scope) -> Any:
    published = scope.report.get("published_date")
    if not isinstance(published, str):
        return Unknown(("/published_date",))
    try:
        date = dt.date.fromisoformat(published)
    except ValueError:
        return Unknown(("/published_date",))
    year, month, day = parse_deadline(deadline)
    return date <= dt.date(year or scope.report["report_year"] + 1, month, day)
