"""Sum identities over table cells, and finding the one cell that breaks them.

A table is a set of cells and identities ``sum(left) == sum(right)``. When a
single cell is wrong, every identity it takes part in fails and they all
point at the same corrected value; identities it is not part of still hold.
:func:`localise` repeatedly takes such a cell, corrects it, and accepts the
corrections only if together they make every identity hold. Anything it
cannot pin down is returned as a failing identity, never as a guess.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple, Sequence

from gzcheck.model.identities import Identity, residual


class Fix(NamedTuple):
    cell: int
    printed: float
    corrected: float
    identities: tuple[Identity, ...]


class Failure(NamedTuple):
    identity: Identity
    left: float
    right: float


def failing(identities: Sequence[Identity], values: Sequence[float], residuals=None) -> list[Identity]:
    """The identities that do not hold; ``residuals`` (values → each identity's residual, in order: a table
    grid's compiled function) works them all out in one call."""
    if residuals is not None:
        return [ident for ident, rest in zip(identities, residuals(values), strict=True) if rest]
    return [ident for ident in identities if residual(ident, values) != 0]


def _value_fixing(identity: Identity, cell: int, values: Sequence[float], off: float | None = None) -> float:
    """The value of ``cell`` that makes ``identity`` hold; ``off``: its residual, when known already."""
    sign = identity.left.count(cell) - identity.right.count(cell)  # +1 or -1
    return values[cell] - (residual(identity, values) if off is None else off) * sign


def fill_blank_totals(identities: Sequence[Identity], values: list[float], blanks: set[int]) -> dict[int, Identity]:
    """Blank *total* cells (the printed side of an identity) are unknowns, not zeros: solve each from an
    identity in which it is the only unknown, and keep going while that fills more. Blank parts stay 0.
    Returns the solved cells and the identity each was solved from; ``values`` is updated in place."""
    unknown = {i for i in blanks if any(i in ident.left for ident in identities)}
    solved: dict[int, Identity] = {}
    if not unknown:
        return solved
    progress = True
    while progress:
        progress = False
        for ident in identities:
            open_cells = [i for i in ident.left + ident.right if i in unknown and i not in solved]
            if len(open_cells) != 1:
                continue
            cell = open_cells[0]
            values[cell] = 0
            value = _value_fixing(ident, cell, values)
            if value < 0:
                continue
            values[cell] = value
            solved[cell] = ident
            progress = True
    return solved


def localise(identities: Sequence[Identity], values: Sequence[float],
             memberships: Sequence[Sequence[Identity]], residuals=None) -> tuple[list[Fix], list[Failure]]:
    """Return (fixes, failures). ``memberships[i]`` lists the identities cell ``i`` is in; ``residuals`` as
    for :func:`failing`."""
    broken = failing(identities, values, residuals)
    if not broken:
        return [], []
    work = list(values)
    fixes: list[Fix] = []
    unresolved = [Failure(i, *_sides(i, values)) for i in broken]
    broken_now = broken
    for _ in range(len(values)):
        if not broken_now:
            return fixes, []
        candidates = _candidates(broken_now, work, memberships)
        if not candidates:
            return [], unresolved
        support, cell, value, agreeing = candidates[0]
        rivals = [c for c in candidates[1:] if c[0] == support]
        if any(set(agreeing) & set(rival[3]) for rival in rivals):
            return [], unresolved  # two cells explain the same failures equally well
        fixes.append(Fix(cell, values[cell], value, agreeing))
        work[cell] = value
        broken_now = failing(identities, work, residuals)
    return [], unresolved


def _candidates(broken: list[Identity], values: Sequence[float], memberships):
    """Cells whose every identity fails and at least two of them agree on one corrected value."""
    off = {ident.key: residual(ident, values) for ident in broken}  # each once, not once per cell in it
    found = []
    for cell in sorted({c for ident in broken for c in ident.left + ident.right}):
        mine = memberships[cell]
        if any(ident.key not in off for ident in mine):
            continue  # correcting it would break an identity that holds
        fixing = [_value_fixing(i, cell, values, off[i.key]) for i in mine]
        (value, support), *rest = Counter(fixing).most_common()
        if support < 2 or value < 0 or (rest and rest[0][1] == support):
            continue
        agreeing = tuple(i for i, v in zip(mine, fixing, strict=True) if v == value)
        found.append((support, cell, value, agreeing))
    found.sort(key=lambda c: (-c[0], c[1]))
    return found


def _sides(identity: Identity, values: Sequence[float]) -> tuple[float, float]:
    get = values.__getitem__
    return sum(map(get, identity.left)), sum(map(get, identity.right))
