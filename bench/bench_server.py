"""A bounded load test of `gzcheck serve` on 127.0.0.1: requests/s, latency percentiles, errors, memory.

    python bench/bench_server.py [--requests 500] [--concurrency 16] [--workers 2]

A mix of canonical JSON reports (a tenth with a faulty cell) and generated HTML pages, posted as raw bodies.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.pages import page_bytes, random_report  # noqa: E402
from tests.serving import running_server  # noqa: E402
from tests.strategies import consistent_report  # noqa: E402


def bodies(count: int) -> list[tuple[str, bytes]]:
    rng = random.Random(9)
    out = []
    for i in range(count):
        if i % 2:
            out.append(("page.html", page_bytes(random_report(rng, "2021", True), "html", "simplified", "utf-8")))
        else:
            report = consistent_report("2021", lambda lo, hi: rng.randint(lo, hi))
            if i % 10 == 0:
                report["applications"]["total"]["new_received"] += 1
            out.append(("report.json", json.dumps(report, ensure_ascii=False).encode()))
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of the server's whole process group (the server, its fork server and workers)."""
    total = 0
    for child in [int(p) for p in subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True).stdout.split()]:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


async def load(port: int, work: list[tuple[str, bytes]], concurrency: int) -> tuple[list[float], int]:
    latencies, errors = [], 0
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        async def one(name, body):
            nonlocal errors
            async with gate:
                start = time.perf_counter()
                response = await client.post(f"/api/v1/check?filename={name}", content=body)
                latencies.append(time.perf_counter() - start)
                errors += response.status_code != 200

        await asyncio.gather(*(one(name, body) for name, body in work))
    return latencies, errors


def main(requests: int, concurrency: int, workers: int) -> None:
    with running_server(workers) as (port, pid):
        work = bodies(requests)
        asyncio.run(load(port, work[:20], concurrency))  # warm-up: workers up, caches filled
        before = rss_mb(pid)
        start = time.perf_counter()
        latencies, errors = asyncio.run(load(port, work, concurrency))
        seconds = time.perf_counter() - start
        after = rss_mb(pid)
        latencies.sort()
        pct = lambda p: 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]  # noqa: E731
        print(f"{requests} requests, {concurrency} at a time, {workers} workers: {requests / seconds:.0f} requests/s; "
              f"p50 {pct(0.50):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms; errors {errors}; "
              f"memory {before:.0f} MB → {after:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    main(args.requests, args.concurrency, args.workers)
