"""Splitting digits that a crawler glued together, using the table's own sums.

Flattened crawler text prints a table row as ``230 000023``: seven cells
(23|0|0|0|0|0|23) whose separators were lost. Every way of cutting the digit
runs into the expected number of cells (no leading zeros) is a candidate;
the row's own identity (total = sum of the parts) keeps the consistent ones.
When more than one survives, the caller uses the column identities; when
none does, the cells are unreadable — we never guess.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

MAX_CANDIDATES = 20000


@lru_cache(maxsize=4096)
def _cuts(chunk: str, parts: int) -> tuple[tuple[int, ...], ...]:
    """All ways to cut a digit string into ``parts`` numbers without leading zeros."""
    if parts == 1:
        return ((int(chunk),),) if chunk and (chunk == "0" or chunk[0] != "0") else ()
    out = []
    for size in range(1, len(chunk) - parts + 2):
        head = chunk[:size]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _cuts(chunk[size:], parts - 1):
            out.append((int(head),) + rest)
    return tuple(out)


def split_chunks(chunks: Sequence[str], count: int, accept: Callable[[tuple[int, ...]], bool]) -> list[tuple[int, ...]]:
    """Every way to read ``chunks`` (digit strings) as ``count`` numbers that ``accept`` approves."""
    found: list[tuple[int, ...]] = []
    if len(chunks) > count or sum(len(c) for c in chunks) < count:
        return found

    def walk(i: int, remaining: int, prefix: tuple[int, ...]) -> None:
        if len(found) >= MAX_CANDIDATES:
            return
        if i == len(chunks):
            if remaining == 0 and accept(prefix):
                found.append(prefix)
            return
        left = len(chunks) - i - 1  # chunks after this one need at least one cell each
        for parts in range(1, min(len(chunks[i]), remaining - left) + 1):
            for cut in _cuts(chunks[i], parts):
                walk(i + 1, remaining - parts, prefix + cut)

    walk(0, count, ())
    return found


def row_total_holds(values: tuple[int, ...]) -> bool:
    """Table 三 rows: the last cell (总计) is the sum of the six before it."""
    return values[-1] == sum(values[:-1])


def groups_of_five_hold(values: tuple[int, ...]) -> bool:
    """Table 四: in each group of five, the last (总计) is the sum of the four before it."""
    return all(values[i + 4] == sum(values[i:i + 4]) for i in range(0, len(values), 5))
