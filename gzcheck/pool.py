"""Worker processes whose time budget holds, used by batch, the HTTP gate and each Dask worker.

Each task (one file) has the per-file budget: the check's own timer stops Python code at the budget, and a
worker still busy a few seconds later — stuck in C code (a regular expression, a PDF), where no signal
reaches — is killed and replaced by pebble. Only that file becomes an error; other files and other
clients' checks go on in the other workers. pebble (a small, well-kept library) does exactly this for
``concurrent.futures``; the standard library's process pool can only be shut down whole.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from concurrent.futures import Future, TimeoutError as FutureTimeout
from typing import Any, Callable, Iterable, Iterator

from pebble import ProcessExpired, ProcessPool

from gzcheck.errors import InputError
from gzcheck.result import Result

GRACE = 5.0     # seconds past the per-file budget before a worker is taken to be stuck
WINDOW = 16     # files in flight per worker: enough to keep it busy, few enough to keep memory flat


class Workers:
    """``jobs`` worker processes, each started with ``start(*start_args)`` (a checker built once), whose tasks
    each have the per-file ``budget``."""

    def __init__(self, jobs: int, budget: float, start: Callable[..., None], start_args: tuple = (), *,
                 server: bool = False) -> None:
        # the gate's workers come from a clean fork server: forking a running server (threads, an event loop) can
        # deadlock; a batch forks itself, which is fastest
        linux = sys.platform.startswith("linux")
        method = ("forkserver" if server else "fork") if linux else "spawn"
        self.jobs, self.budget = jobs, budget
        self.pool = ProcessPool(max_workers=jobs, initializer=start, initargs=start_args,
                                context=multiprocessing.get_context(method))

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.stop()  # Ctrl-C or a failure: the workers are killed at once, not waited for

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def stop(self) -> None:
        self.pool.stop()
        self.pool.join()

    def submit(self, function: Callable[..., Any], *args: Any) -> Future:
        """Run ``function(*args)`` in a worker within the per-file budget (plus grace)."""
        return self.pool.schedule(function, args=args, timeout=self.budget + GRACE)

    def ordered(self, tasks: Iterable[tuple[str, tuple]]) -> Iterator[Any]:
        """Each task's outcome — ``(name, (function, *args))`` — in the order given, a bounded number in flight."""
        pending: deque[tuple[str, Future]] = deque()
        for name, (function, *args) in tasks:
            pending.append((name, self.submit(function, *args)))
            if len(pending) >= self.jobs * WINDOW:
                yield self.outcome(*pending.popleft())
        while pending:
            yield self.outcome(*pending.popleft())

    def outcome(self, name: str, future: Future) -> Any:
        """What the task gave, or — when its worker ran over the budget or died — that file's error."""
        try:
            return future.result()
        except FutureTimeout:
            return Result.unreadable(name, stopped(self.budget)), None
        except ProcessExpired as exc:
            return Result.unreadable(name, died(exc.exitcode)), None


def stopped(budget: float) -> InputError:
    return InputError(f"检查这份文件超过了 {budget:g} 秒的时间限制，已停止（工作进程已结束，其他文件不受影响）",
                      f"checking this file took longer than the {budget:g} s time budget; stopped (its worker was ended, "
                      f"other files are not affected)")


def died(exitcode: int | None) -> InputError:
    return InputError(f"检查这份文件的工作进程意外退出（退出码 {exitcode}，可能是内存不足或插件结束了进程），这份文件没有检查完",
                      f"the worker checking this file ended unexpectedly (exit code {exitcode}: out of memory, or a plugin "
                      f"ended the process); the file was not fully checked")
