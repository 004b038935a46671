"""The small, safe expression language of rule packs.

An expression is parsed once, when its pack loads, into a tree of typed nodes (this module; evaluation is
:mod:`gzcheck.engine.evaluation`); nothing is ever handed to Python's ``eval``, there is no attribute access,
and the work is bounded: the text, the nesting, the number of terms, the numbers and the patterns all have a
cap, and patterns run on RE2, whose time is linear in the text. The grammar is in docs/rule-packs.md.

    /applications/total/results/total >= 90% * (/applications/total/new_received + /applications/total/carried_over_from_previous_year)
    mentions(other_matters, "信息处理费") and published_by("01-20")

Values are exact decimals, booleans and text. ``not`` binds tighter than ``and``, and ``and`` tighter than
``or``, as in Python, SQL and Excel.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Iterator, Union

from gzcheck.model.template import FORMAT_VERSIONS, section_headings, split_pointer, template
from gzcheck.normalize import fold

MAX_LENGTH = 2000       # characters in one expression
MAX_DEPTH = 24          # nesting of brackets, operators and calls
MAX_DIGITS = 24         # digits in a number written in a pack
MAX_PATTERN = 300       # characters in a pattern for matches()
MAX_NODES = 200         # numbers, cells, operators and calls in one expression
SECTIONS = tuple(section_headings())   # overall_situation … other_matters, in template order
ALL_SECTIONS = "sections"


class ExpressionError(ValueError):
    """A pack expression that cannot be used; ``column`` is 0-based into the expression."""

    def __init__(self, zh: str, en: str, column: int) -> None:
        super().__init__(en)
        self.zh, self.en, self.column = zh, en, column


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
            tokens.append(Token(match.lastgroup or "", value, i))
        i = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# -- the syntax tree: each node knows where it was written (its column) ------------------------------------------

@dataclass(frozen=True, slots=True)
class Const:
    column: int
    value: Any              # a Decimal, a text or a boolean


@dataclass(frozen=True, slots=True)
class Cell:
    column: int
    pointer: str            # a cell, or with * several (only inside sum, min, max)


@dataclass(frozen=True, slots=True)
class Name:
    column: int
    name: str               # report_year


@dataclass(frozen=True, slots=True)
class Section:
    column: int
    name: str               # a section key, or "sections" for all six


@dataclass(frozen=True, slots=True)
class Not:
    column: int
    operand: "Node"


@dataclass(frozen=True, slots=True)
class Negative:
    column: int
    operand: "Node"


@dataclass(frozen=True, slots=True)
class Logic:
    column: int
    op: str                 # and, or
    left: "Node"
    right: "Node"


@dataclass(frozen=True, slots=True)
class Arith:
    column: int
    op: str                 # + - * /
    left: "Node"
    right: "Node"


@dataclass(frozen=True, slots=True)
class Compare:
    column: int
    op: str                 # < <= > >= == !=
    left: "Node"
    right: "Node"


@dataclass(frozen=True, slots=True)
class Call:
    column: int
    name: str
    args: tuple["Node", ...]


Node = Union[Const, Cell, Name, Section, Not, Negative, Logic, Arith, Compare, Call]
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (Not, Negative)):
        return (node.operand,)
    if isinstance(node, (Logic, Arith, Compare)):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


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
        self.nodes = 0
        self.versions = versions
        self.pointers: list[str] = []

    def made(self, node: Node) -> Node:
        """Count every node made: a chain of a thousand terms is refused, never a crash when evaluated."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ExpressionError(f"表达式过长（超过 {MAX_NODES} 个数值、单元格、运算和函数）",
                                  f"the expression has more than {MAX_NODES} numbers, cells, operators and calls", node.column)
        return node

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
        out = self._chain(("or",), self.conjunction, "bool")
        self.depth -= 1
        return out

    def conjunction(self) -> tuple[Node, str]:
        return self._chain(("and",), self.negation, "bool")

    def negation(self) -> tuple[Node, str]:
        return self._prefix("not", Not, "bool", self.comparison, self.negation)

    def comparison(self) -> tuple[Node, str]:
        left, kind = self.arithmetic()
        if self.token.text in _COMPARE:
            op = self.take()
            right, right_kind = self.arithmetic()
            self._want(kind, "num", op.column, op.text, left)
            self._want(right_kind, "num", op.column, op.text, right)
            return self.made(Compare(op.column, op.text, left, right)), "bool"
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
            node = self.made(Arith(op.column, op.text, node, right) if want == "num" else Logic(op.column, op.text, node, right))
            kind = want
        return node, kind

    def unary(self) -> tuple[Node, str]:
        return self._prefix("-", Negative, "num", self.atom, self.unary)

    def _prefix(self, symbol: str, make: Any, want: str, below: Any, again: Any) -> tuple[Node, str]:
        """``symbol`` before an operand (``not x``, ``-x``, repeatable), else the next level down."""
        if self.token.text != symbol:
            return below()
        op = self.take()
        self.nest(op.column)
        inner, kind = again()
        self.depth -= 1
        self._want(kind, want, op.column, symbol, inner)
        return self.made(make(op.column, inner)), want

    def atom(self) -> tuple[Node, str]:
        token = self.take()
        if token.kind == "number":
            return self.made(Const(token.column, _number(token))), "num"
        if token.kind == "string":
            return self.made(Const(token.column, token.text[1:-1])), "text"
        if token.kind == "pointer":
            return self.cell(token), "cells" if "*" in token.text else "num"
        if token.text == "(":
            self.nest(token.column)
            node, kind = self.logic()
            self.depth -= 1
            self.take(")")
            return node, kind
        if token.text in ("true", "false"):
            return self.made(Const(token.column, token.text == "true")), "bool"
        if token.kind == "name" and self.token.text == "(":
            return self.call(token)
        if token.kind == "name" and token.text in NAMES:
            return self.made(Name(token.column, token.text)), NAMES[token.text]
        if token.kind == "name" and token.text in (*SECTIONS, ALL_SECTIONS):
            return self.made(Section(token.column, token.text)), "section"
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
        return self.made(Cell(token.column, token.text))

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
        for (node, kind), want in zip(args, wanted, strict=True):
            if want == "cell":
                if not isinstance(node, Cell) or kind != "num":
                    raise ExpressionError(f"{name.text}() 的参数应是一个单元格指针", f"{name.text}() takes one cell pointer", node.column)
            elif kind != want and not (kind == "cells" and name.text in ("sum", "min", "max")):
                raise ExpressionError(f"{name.text}() 的参数类型不对：应是{_KIND_ZH[want]}，而不是{_KIND_ZH[kind]}",
                                      f"{name.text}(): an argument should be {want}, not {kind}", node.column)
        self._check_arguments(name, [node for node, _ in args])
        return self.made(Call(name.column, name.text, tuple(node for node, _ in args))), function.result

    def _check_arguments(self, name: Token, args: list[Node]) -> None:
        """What must be written out in the pack, checked now: a pattern RE2 takes, a date every year has, and
        phrases that are more than spaces (a phrase that folds to nothing is in every text)."""
        if name.text == "matches":
            pattern = args[1]
            if not isinstance(pattern, Const):
                raise ExpressionError("matches() 的模式应是写明的文字", "matches() takes a written pattern", pattern.column)
            compile_pattern(pattern.value, pattern.column)
        if name.text == "published_by":
            date = args[0]
            if not isinstance(date, Const) or parse_deadline(date.value) is None:
                raise ExpressionError("published_by() 的日期应写成每年都有的 \"MM-DD\"（统计年度的次年，不能是 02-29）或 \"YYYY-MM-DD\"",
                                      'published_by() takes "MM-DD" (a day every year has, in the year after the report year; '
                                      'not 02-29) or "YYYY-MM-DD"', date.column)
        if name.text in ("mentions", "mentions_all"):
            for phrase in args[1:]:
                if isinstance(phrase, Const) and not fold(phrase.value):
                    raise ExpressionError(f"{name.text}() 的词语「{phrase.value}」只有空格，去掉空格后是空的，任何文字都会“提到”它",
                                          f"{name.text}(): the phrase {phrase.value!r} is only spaces, empty once folded, so every "
                                          f"text would mention it", phrase.column)

    def _want(self, kind: str, want: str, column: int, op: str, operand: Node) -> None:
        if kind == "cells":
            raise ExpressionError("带 * 的指针表示多个单元格，只能放在 sum()、min()、max() 里",
                                  "a pointer with * names several cells: put it inside sum(), min() or max()", operand.column)
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

    def nodes(self) -> Iterator[Node]:
        """Every node of the tree, depth first."""
        stack = [self.tree]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(children(node)))


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
        if len(cell.path) == len(parts) and all(p in ("*", c) for p, c in zip(parts, cell.path, strict=True)):
            out.append(cell.pointer)
        elif len(cell.path) > len(parts) and all(p in ("*", c) for p, c in zip(parts, cell.path, strict=False)) and "*" not in pattern:
            out.append(cell.pointer)  # an object, not a cell: reported by the parser
    return tuple(out)


def compile_pattern(pattern: str, column: int = 0):
    """An RE2 pattern (linear time, no backreferences), or ExpressionError."""
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

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
    *written, month, day = (int(p) for p in text.split("-"))
    year = written[0] if written else None
    try:
        dt.date(year or 2023, month, day)  # a year without 29 February: "MM-DD" must be a day of every year
    except ValueError:
        return None
    return year, month, day


@cache
def compiled(pattern: str) -> Any:
    return compile_pattern(pattern)
