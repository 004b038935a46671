"""Local worker processes that survive their workers.

Each worker has its own pipe (no shared queue whose lock a killed worker could take with it) and is given a
few files at a time. The parent knows which file every worker is on: a worker that dies (the OOM killer) or
overruns the per-file budget (a regular expression stuck in C, where no signal reaches it) is killed and
replaced, that one file is an error, its other files go to the next worker, and the batch goes on. Ctrl-C
kills every worker at once. Records come out in input order.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Iterator

from gzcheck.batch.worker import check_one, error_record, init_worker

CHUNK = 8          # files handed to a worker at a time
GRACE = 5.0        # seconds past the per-file budget before a worker is taken to be stuck


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    tasks: deque = field(default_factory=deque)   # (index, path) handed out and not yet done
    since: float = 0.0                            # when its current file started


def _serve(conn, settings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    init_worker(settings)
    while True:
        try:
            chunk = conn.recv()
        except EOFError:
            return
        for index, path in chunk:
            conn.send((index, check_one(path)))


def run_pool(paths: list[str], settings, jobs: int, budget: float) -> Iterator[dict]:
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pending = deque(enumerate(paths))
    workers: list[_Worker] = []
    finished: dict[int, dict] = {}
    next_out = 0

    def start() -> _Worker:
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, settings), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def retire(worker: _Worker, why: str, why_en: str) -> None:
        """The worker's current file is an error; the rest of its files go back to the queue."""
        _stop(worker)
        index, path = worker.tasks.popleft()
        finished[index] = error_record(path, why, why_en)
        pending.extendleft(reversed(worker.tasks))
        workers[workers.index(worker)] = start()

    try:
        workers.extend(start() for _ in range(max(1, min(jobs, len(paths)))))
        while next_out < len(paths):
            for i, worker in enumerate(workers):
                if not worker.tasks and pending and not worker.process.is_alive():
                    _stop(worker)
                    workers[i] = worker = start()
                if not worker.tasks and pending:
                    chunk = [pending.popleft() for _ in range(min(CHUNK, len(pending)))]
                    worker.conn.send(chunk)
                    worker.tasks.extend(chunk)
                    worker.since = time.monotonic()
            busy = [w for w in workers if w.tasks]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
            for worker in busy:
                if worker.conn in ready:
                    try:
                        while worker.conn.poll():
                            index, record = worker.conn.recv()
                            finished[index] = record
                            worker.tasks.popleft()
                            worker.since = time.monotonic()
                    except (EOFError, OSError):
                        pass
                if worker.tasks and not worker.process.is_alive():
                    retire(worker, f"检查这份文件的工作进程意外退出（退出码 {worker.process.exitcode}，可能是内存不足），这份文件没有检查完",
                           f"the worker checking this file died (exit code {worker.process.exitcode}, perhaps out of memory)")
                elif worker.tasks and time.monotonic() - worker.since > budget + GRACE:
                    retire(worker, f"检查这份文件超过了 {budget:g} 秒的时间限制，已停止",
                           f"checking this file took longer than the {budget:g} s time budget; stopped")
            while next_out in finished:
                yield finished.pop(next_out)
                next_out += 1
    finally:
        for worker in workers:
            _stop(worker)


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(timeout=5)
    worker.conn.close()
