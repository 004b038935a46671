"""Batch audit: check many reports in parallel and stream their records, in input order.

Workers return small records (no report bodies); the outputs are written from a spool as they arrive, so
memory stays flat however many reports there are. Output is sorted by input path and carries no
timestamps, so the same inputs always give the same files.
"""

from __future__ import annotations

import sys
import time
from typing import Iterator


def run_batch(paths: list[str], settings, jobs: int, budget: float, executor: str = "process",
              scheduler: str | None = None) -> Iterator[dict]:
    """Records in input order, computed by ``jobs`` worker processes (or a Dask cluster)."""
    if executor == "dask":
        from gzcheck.batch.dask_executor import run_on_dask

        yield from run_on_dask(paths, settings, scheduler)
        return
    from gzcheck.batch.pool import run_pool

    yield from run_pool(paths, settings, jobs, budget)


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream=None):
        stream = stream or sys.stderr  # looked up now: the stream may have been replaced since import
        self.total, self.stream, self.done = total, stream, 0
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.start = time.monotonic()

    def step(self) -> None:
        self.done += 1
        if self.enabled and (self.done == self.total or self.done % 10 == 0):
            width = 30
            filled = width * self.done // max(1, self.total)
            rate = self.done / max(1e-9, time.monotonic() - self.start)
            shown = f"{rate:.0f}/s" if rate >= 10 else f"{rate:.1f}/s"  # a slow few files are not "0/s"
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {shown}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
