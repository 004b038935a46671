"""Shared timing helper for the benchmark scripts."""

from __future__ import annotations

import time


def per_second(fn, seconds: float, batch: int = 1) -> float:
    """How many times a second ``fn`` runs, measured for about ``seconds``."""
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(batch):
            fn()
        count += batch
    return count / (time.perf_counter() - start)
