"""Damaged pages (one or two table-三 rows lost their numbers, or printed them apart from their labels):
no false failure, no wrong value, and what an identity determines is recovered."""

import random

import pytest


from .recovery import trial
from .engines import engine

LAYOUTS = ("cells", "rows", "pipes", "html")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("detached", [False, True], ids=["lost", "detached"])
def test_damaged_pages_never_fail_and_never_hold_a_wrong_value(layout, detached):
    rng = random.Random(f"damaged-{layout}-{detached}")
    for i in range(12):
        result = trial(engine(), rng, layout, 1 + i % 2, detached)
        assert result.status == "pass", result.errors
        assert result.wrong == 0
        if not (detached and layout == "cells"):  # one number a line: which label numbers belong to may be unknowable
            assert result.recovered >= result.determined, result  # whatever the sums determine is recovered


def test_one_lost_row_is_always_recovered():
    rng = random.Random("one-row")
    for layout in LAYOUTS:
        for _ in range(5):
            result = trial(engine(), rng, layout, 1, False)
            assert result.recovered == result.lost, (layout, result)
