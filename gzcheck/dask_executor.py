"""Checking files on a Dask distributed cluster, for users who outgrow one machine.

Every worker needs gzcheck (and any plugins) installed and must see the input files at the same paths (a
shared file system). Files go out in chunks; a Dask worker builds its checker once per settings and checks a
chunk in a child process it forks (Dask's worker processes are daemons, which may not start a process
pool), under the same per-file budget as a local batch: a child still busy a few seconds past the budget
is killed, that file is an error, and a new child goes on with the rest of the chunk.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import time
from typing import Any, Callable, Iterator

from gzcheck.errors import UsageError
from gzcheck.pool import GRACE, died, stopped
from gzcheck.result import Result
from gzcheck.settings import Settings

Task = Callable[[Settings, str], tuple[Result, Any]]

CHUNK = 64
WINDOW = 8  # chunks in flight per worker: bounded, so memory stays flat
WAIT_FOR_WORKERS = 30  # seconds: a scheduler with no workers is an error, not a hang
_LENGTH = struct.Struct("!Q")


def run_on_dask(paths: list[str], task: Task, settings: Settings, scheduler: str | None, budget: float, *,
                prepare: Callable[[Settings], Any]) -> Iterator[tuple[Result, Any]]:
    """``task(settings, path)`` for each file on the cluster, in order; ``prepare(settings)`` runs once per chunk
    on the Dask worker before its child is forked (the checker is built there, once)."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("使用 --executor dask 需要先安装 distributed：pip install 'gzcheck[dask]'",
                         "--executor dask needs distributed: pip install 'gzcheck[dask]'") from None
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"无法连接 Dask 调度器 {scheduler}：{exc}", f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except (TimeoutError, OSError):
            raise UsageError(f"Dask 调度器 {scheduler} 在 {WAIT_FOR_WORKERS} 秒内没有可用的工作节点",
                             f"the Dask scheduler {scheduler} has no workers (waited {WAIT_FOR_WORKERS} s)") from None
        window = WINDOW * max(1, len(client.scheduler_info().get("workers", {})))
        pending = []
        for start in range(0, len(paths), CHUNK):
            pending.append(client.submit(check_chunk, paths[start:start + CHUNK], task, settings, budget, prepare, pure=False))
            if len(pending) >= window:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
    finally:
        client.close()


def check_chunk(paths: list[str], task: Task, settings: Settings, budget: float,
                prepare: Callable[[Settings], Any]) -> list[tuple[Result, Any]]:
    """Runs on a Dask worker: each file checked in a forked child, within its budget."""
    prepare(settings)  # built here, once: every child it forks starts with it
    out: list[tuple[Result, Any]] = []
    while len(out) < len(paths):
        out += _in_child(paths[len(out):], task, settings, budget)
    return out


def _in_child(paths: list[str], task: Task, settings: Settings, budget: float) -> list[tuple[Result, Any]]:
    """Check ``paths`` in one forked child, until they are done or one of them runs over (or kills the child)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, send each outcome, and leave without running the parent's exit handlers
        os.close(read_end)
        try:
            for path in paths:
                blob = pickle.dumps(task(settings, path), pickle.HIGHEST_PROTOCOL)
                os.write(write_end, _LENGTH.pack(len(blob)))
                _write_all(write_end, blob)
        finally:
            os._exit(0)
    os.close(write_end)
    out: list[tuple[Result, Any]] = []
    try:
        for path in paths:
            deadline = time.monotonic() + budget + GRACE
            try:
                size = _LENGTH.unpack(_read_exact(read_end, _LENGTH.size, deadline))[0]
                out.append(pickle.loads(_read_exact(read_end, size, deadline)))
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                out.append((Result.unreadable(path, stopped(budget)), None))
                break
            except EOFError:
                out.append((Result.unreadable(path, died(_exit_status(pid))), None))
                pid = 0
                break
    finally:
        os.close(read_end)
        if pid:
            os.waitpid(pid, 0)
    return out


def _exit_status(pid: int) -> int | None:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    data = bytearray()
    while len(data) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        piece = os.read(fd, min(size - len(data), 1 << 20))
        if not piece:
            raise EOFError
        data += piece
    return bytes(data)
