"""Batch audit: check many reports in parallel, streaming, and write summary.csv and report.html.

Workers return small records (no report bodies); records are written to a
JSON-lines spool as they arrive, so memory stays flat however many reports
there are. Output is sorted by input path and carries no timestamps, so the
same inputs always give the same files.
"""

from __future__ import annotations

import glob
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

from gzcheck.batch.worker import check_one, init_worker
from gzcheck.errors import UsageError

def expand_inputs(patterns: Iterable[str]) -> list[str]:
    """Files named by paths, directories (recursively) and globs; sorted, without repeats."""
    found: set[str] = set()
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found.update(str(p) for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            found.add(str(path))
        else:
            matches = [m for m in glob.glob(pattern, recursive=True) if Path(m).is_file()]
            if not matches:
                raise UsageError(f"找不到要检查的文件：{pattern}", f"no files match {pattern}")
            found.update(matches)
    return sorted(found)


def run_batch(paths: list[str], settings, jobs: int, executor: str = "process",
              scheduler: str | None = None) -> Iterator[dict]:
    """Records in input order, computed by ``jobs`` processes (or a Dask cluster)."""
    if executor == "dask":
        from gzcheck.batch.dask_executor import run_on_dask

        yield from run_on_dask(paths, settings, scheduler)
        return
    if jobs <= 1:
        init_worker(settings)
        for path in paths:
            yield check_one(path)
        return
    import multiprocessing

    chunk = max(1, min(64, len(paths) // (jobs * 8) or 1))
    with multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork").Pool(
            jobs, initializer=init_worker, initargs=(settings,)) as pool:
        yield from pool.imap(check_one, paths, chunksize=chunk)


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
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {rate:.0f}/s")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
