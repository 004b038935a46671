"""Evaluating a rule pack's expressions (parsed by :mod:`gzcheck.engine.expressions`) on one report.

A cell the reader could not read, or a table that is absent, is *unknown*: arithmetic and comparisons through
it stay unknown (``and``/``or`` follow three-valued logic), so a pack rule never turns a reading gap into a
finding. A printed blank counts as 0, as in the built-in rules. A pattern is matched only when the work it
would take fits the time budget: RE2 is linear in the text, but with a large program (``.{1000}``) each
character costs thousands of steps in C, where no timer can stop it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import Any, Callable, Container

from gzcheck.engine.expressions import (ALL_SECTIONS, Arith, Call, Cell, Compare, Const, Expression, Logic, Name, Negative,
                                        Node, Not, Section, compiled, expand, parse_deadline)
from gzcheck.model.unknowns import UNREAD_CELL, cell_value
from gzcheck.normalize import fold

_CONTEXT = decimal.Context(prec=34, Emax=10**6, Emin=-10**6, traps=[decimal.InvalidOperation, decimal.Overflow])
SECONDS_PER_STEP = 1e-9   # RE2 takes about 0.1 ns per byte and program instruction here: ten times that, to be safe


class TooMuchWork(Exception):
    """Matching a pattern on this text would take longer than the time budget allows: not started."""


@dataclass(frozen=True)
class Unknown:
    """A value that could not be determined: ``cells`` are the unread (or absent) places it depends on.

    ``undefined`` marks a ratio whose divisor is 0: there is nothing to check, and nothing to report."""

    cells: tuple[str, ...] = ()
    undefined: bool = False

    def __or__(self, other: "Unknown") -> "Unknown":
        return Unknown(tuple(dict.fromkeys(self.cells + other.cells)), self.undefined and other.undefined)


@dataclass
class Scope:
    """What an expression reads: the report, which cells are unread, and the time budget (seconds) its
    pattern matching must fit in (None: no budget)."""

    report: dict
    unread: Container[str]
    budget: float | None = None

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


def evaluate(expression: Expression | Node, scope: Scope) -> Any:
    """The value of an expression (or one of its nodes): a Decimal, a boolean, a text, or :class:`Unknown`."""
    node = expression.tree if isinstance(expression, Expression) else expression
    return _EVALUATE[type(node)](node, scope)


def _not(node: Not, scope: Scope) -> Any:
    value = evaluate(node.operand, scope)
    return value if isinstance(value, Unknown) else not value


def _negative(node: Negative, scope: Scope) -> Any:
    value = evaluate(node.operand, scope)
    return value if isinstance(value, Unknown) else -value


def _logic(node: Logic, scope: Scope) -> Any:
    left, right = evaluate(node.left, scope), evaluate(node.right, scope)
    decisive = node.op == "or"  # True decides an "or", False an "and", whatever the other side is
    if left is decisive or right is decisive:
        return decisive
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return _unknown(left) | _unknown(right)
    return not decisive


def _unknown(value: Any) -> Unknown:
    return value if isinstance(value, Unknown) else Unknown(undefined=True)


_ARITH = {"+": _CONTEXT.add, "-": _CONTEXT.subtract, "*": _CONTEXT.multiply, "/": _CONTEXT.divide}
_COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}


def _arith(node: Arith, scope: Scope) -> Any:
    left, right = evaluate(node.left, scope), evaluate(node.right, scope)
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return _unknown(left) | _unknown(right)
    if node.op == "/" and right == 0:
        return Unknown(undefined=True)  # a ratio of nothing: nothing to check
    try:
        return _ARITH[node.op](left, right)
    except (decimal.InvalidOperation, decimal.Overflow):
        return Unknown(undefined=True)


def _compare(node: Compare, scope: Scope) -> Any:
    left, right = evaluate(node.left, scope), evaluate(node.right, scope)
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return _unknown(left) | _unknown(right)
    return _COMPARISONS[node.op](left, right)


def _call(node: Call, scope: Scope) -> Any:
    name, args = node.name, node.args
    if name in ("sum", "min", "max"):
        values: list[Any] = []
        for arg in args:
            if isinstance(arg, Cell) and "*" in arg.pointer:
                values.extend(scope.cell(p) for p in expand(arg.pointer, scope.version))
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
        ptr = args[0].pointer  # type: ignore[union-attr]  # the parser made sure: one cell
        value = cell_value(scope.report, ptr, scope.unread)
        return Unknown((ptr,)) if value is UNREAD_CELL else value is None
    if name == "published_by":
        return _published_by(args[0].value, scope)  # type: ignore[union-attr]  # a written date
    section = args[0].name  # type: ignore[union-attr]  # a section name
    text = scope.text(section)
    if text is None:
        return Unknown((f"/sections/{section}",))  # an absent section: SEC-001 reports it
    if name == "chars":
        return Decimal(len(re.sub(r"\s+", "", text)))
    folded = fold(text)
    if name == "matches":
        return _search(args[1].value, folded, scope.budget) is not None  # type: ignore[union-attr]
    phrases = [fold(evaluate(arg, scope)) for arg in args[1:]]
    hits = [p in folded for p in phrases]
    return any(hits) if name == "mentions" else all(hits)


def _search(pattern: str, text: str, budget: float | None) -> Any:
    program = compiled(pattern)
    if budget is not None:
        steps = program.programsize * len(text.encode("utf-8"))
        if steps * SECONDS_PER_STEP > budget:
            raise TooMuchWork(f"matches() pattern {pattern!r} on {len(text)} characters: {steps:.2g} steps of RE2, "
                              f"more than the {budget:g} s time budget allows; not started")
    return program.search(text)


def _published_by(deadline: str, scope: Scope) -> Any:
    published = scope.report.get("published_date")
    if not isinstance(published, str):
        return Unknown(("/published_date",))
    try:
        date = dt.date.fromisoformat(published)
    except ValueError:
        return Unknown(("/published_date",))
    year, month, day = parse_deadline(deadline)  # type: ignore[misc]  # checked when the pack loaded
    return date <= dt.date(year or scope.report["report_year"] + 1, month, day)


_EVALUATE: dict[type, Callable[[Any, Scope], Any]] = {
    Const: lambda node, scope: node.value,
    Cell: lambda node, scope: scope.cell(node.pointer),
    Name: lambda node, scope: Decimal(scope.report["report_year"]),
    Section: lambda node, scope: node.name,
    Not: _not, Negative: _negative, Logic: _logic, Arith: _arith, Compare: _compare, Call: _call,
}
