"""Run a batch on a Dask distributed cluster, for users who outgrow one machine.

Every worker needs gzcheck (and any plugins) installed and must see the input
files at the same paths (a shared file system). Reports go out in chunks; each
worker builds its engine once per settings and keeps it.
"""

from __future__ import annotations

from typing import Iterator

from gzcheck.errors import UsageError

CHUNK = 64
WINDOW = 8  # chunks in flight per worker: bounded, so memory stays flat
WAIT_FOR_WORKERS = 30  # seconds: a scheduler with no workers is an error, not a hang


def _check_chunk(paths: list[str], settings) -> list[dict]:
    from gzcheck.batch import worker

    if getattr(worker, "_settings_built", None) != settings:
        worker.init_worker(settings)
        worker._settings_built = settings
    return [worker.check_one(path) for path in paths]


def run_on_dask(paths: list[str], settings, scheduler: str | None) -> Iterator[dict]:
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
        chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except (TimeoutError, OSError):
            raise UsageError(f"Dask 调度器 {scheduler} 在 {WAIT_FOR_WORKERS} 秒内没有可用的工作节点",
                             f"the Dask scheduler {scheduler} has no workers (waited {WAIT_FOR_WORKERS} s)") from None
        window = WINDOW * max(1, len(client.scheduler_info().get("workers", {})))
        pending = []
        for chunk in chunks:
            pending.append(client.submit(_check_chunk, chunk, settings, pure=False))
            if len(pending) >= window:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
    finally:
        client.close()
