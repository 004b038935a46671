"""Splitting digits that a crawler glued together, using the table's own sums.

Flattened crawler text prints a table row as ``230 000023``: seven cells
(23|0|0|0|0|0|23) whose separators were lost. A split cuts each digit run into
numbers (no leading zeros); the row's own sums (each group's last number is the
sum of the others) keep the consistent ones. When more than one survives, the
caller uses the column identities; when none does, the cells are unread — we
never guess.

The search is a depth-first walk over (run, offset, group, member, running sum)
with the results of each state remembered: a group's total is not searched but
read off the digits as the running sum, and a running sum whose digits no longer
fit what is left is dropped at once. It is polynomial in the number of digits,
and a hard cap on the states visited bounds any row to milliseconds: a row past
the cap is refused (unread), never guessed.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Sequence

MAX_CANDIDATES = 64      # more consistent splits than this: ambiguous whatever the columns say
MAX_STATES = 5_000       # states one row may visit before it is refused


class Sums:
    """Which numbers of a row are totals: in each group of ``size`` (None: the whole row) the last is the sum
    of the others. Calling it checks a row of values."""

    def __init__(self, size: int | None, name: str):
        self.size = size
        self.__name__ = name

    def groups(self, count: int) -> tuple[int, ...]:
        return (count,) if self.size is None else (self.size,) * (count // self.size)

    def __call__(self, values: Sequence[int | Decimal]) -> bool:
        start = 0
        for size in self.groups(len(values)):
            if values[start + size - 1] != sum(values[start:start + size - 1]):
                return False
            start += size
        return start == len(values)


class _Free(Sums):
    """No sums at all (table 二): every split is a candidate."""

    def __call__(self, values: Sequence[int | Decimal]) -> bool:
        return True


row_total_holds = Sums(None, "row_total_holds")        # table 三: 总计 = the six applicant columns
groups_of_five_hold = Sums(5, "groups_of_five_hold")   # table 四: each group's 总计 = its four results
no_sums = _Free(None, "no_sums")


class _TooMany(Exception):
    pass


def split_chunks(chunks: Sequence[str], count: int, sums: Sums = row_total_holds) -> list[tuple[int, ...]] | None:
    """Every way to read ``chunks`` (digit runs) as ``count`` numbers that ``sums`` accepts; None when the row
    is too ambiguous or too costly to decide (the caller leaves it unread)."""
    chunks = tuple(chunks)
    if not chunks or len(chunks) > count or sum(map(len, chunks)) < count or not all(c.isdigit() for c in chunks):
        return []
    groups = sums.groups(count) if not isinstance(sums, _Free) else ()
    if groups and sum(groups) != count:
        return []
    digits_after = [sum(map(len, chunks[i:])) for i in range(len(chunks) + 1)]
    budget = [MAX_STATES]

    @lru_cache(maxsize=None)
    def walk(run: int, offset: int, group: int, member: int, running: int) -> tuple[tuple[int, ...], ...]:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooMany
        if offset == len(chunks[run]):  # this run is used up: the next number starts the next run
            run, offset = run + 1, 0
        placed = sum(groups[:group]) + member if groups else member
        left = count - placed
        if run == len(chunks):
            return ((),) if left == 0 else ()
        if left == 0 or digits_after[run] - offset < left:
            return ()
        chunk = chunks[run]
        out: list[tuple[int, ...]] = []
        if groups and member == groups[group] - 1:  # a group's total: it can only be the running sum
            text = str(running)
            if chunk.startswith(text, offset) and _may_end(chunks, run, offset + len(text), left - 1, digits_after):
                for rest in walk(run, offset + len(text), group + 1, 0, 0):
                    out.append((running,) + rest)
            return tuple(out)
        for size in range(1, len(chunk) - offset + 1):
            if size > 1 and chunk[offset] == "0":
                break
            end = offset + size
            if not _may_end(chunks, run, end, left - 1, digits_after):
                continue
            value = int(chunk[offset:end])
            if groups:
                total_digits = len(str(running + value))
                if digits_after[run] - end < total_digits:
                    break  # the group's total no longer fits in what is left
                nxt = walk(run, end, group, member + 1, running + value)
            else:
                nxt = walk(run, end, group, member + 1, 0)
            out.extend((value,) + rest for rest in nxt)
            if len(out) > MAX_CANDIDATES:
                raise _TooMany
        return tuple(out)

    try:
        if len(groups) == 1:
            return _one_group(chunks, count, budget)
        return list(walk(0, 0, 0, 0, 0))
    except _TooMany:
        return None


def _one_group(chunks: tuple[str, ...], count: int, budget: list[int]) -> list[tuple[int, ...]]:
    """One sum over the whole row: the total is a suffix of the last run, so try each; every part is at most
    the total, so the parts before it may hold at most that many digits each."""
    found: list[tuple[int, ...]] = []
    last = chunks[-1]
    for length in range(1, len(last) + 1):
        text = last[len(last) - length:]
        if length > 1 and text[0] == "0":
            continue
        head = chunks[:-1] + ((last[:-length],) if length < len(last) else ())
        if not head and count > 1:
            continue
        total = int(text)
        for parts in _parts(head, count - 1, total, length, budget):
            found.append(parts + (total,))
            if len(found) > MAX_CANDIDATES:
                raise _TooMany
    return found


def _parts(chunks: tuple[str, ...], count: int, total: int, width: int, budget: list[int]) -> tuple[tuple[int, ...], ...]:
    """Ways to read ``chunks`` as ``count`` numbers of at most ``width`` digits that add up to ``total``."""
    digits_after = [sum(map(len, chunks[i:])) for i in range(len(chunks) + 1)]

    @lru_cache(maxsize=None)
    def walk(run: int, offset: int, left: int, remaining: int) -> tuple[tuple[int, ...], ...]:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooMany
        if run < len(chunks) and offset == len(chunks[run]):
            run, offset = run + 1, 0
        if run == len(chunks):
            return ((),) if left == 0 and remaining == 0 else ()
        digits = digits_after[run] - offset
        if left == 0 or not left <= digits <= left * width:
            return ()
        if remaining > left * (10 ** min(width, digits - left + 1) - 1):
            return ()  # even the largest numbers these digits can make do not add up to what is left
        chunk = chunks[run]
        out: list[tuple[int, ...]] = []
        for size in range(1, min(width, len(chunk) - offset) + 1):
            if size > 1 and chunk[offset] == "0":
                break
            end = offset + size
            value = int(chunk[offset:end])
            if value > remaining:
                break
            if _may_end(chunks, run, end, left - 1, digits_after):
                out.extend((value,) + rest for rest in walk(run, end, left - 1, remaining - value))
            if len(out) > MAX_CANDIDATES:
                raise _TooMany
        return tuple(out)

    return walk(0, 0, count, total)


def _may_end(chunks, run: int, end: int, numbers_after: int, digits_after: list[int]) -> bool:
    """Whether a number may end at ``end`` of run ``run`` with ``numbers_after`` numbers still to place:
    every later run needs at least one number, and there must be digits for all of them."""
    rest_of_run = len(chunks[run]) - end
    later_runs = len(chunks) - run - 1
    digits = rest_of_run + digits_after[run + 1]
    if numbers_after < later_runs + (1 if rest_of_run else 0):
        return False
    return digits >= numbers_after
