"""Batch throughput: N generated canonical reports (a tenth with faults) checked by
`gzcheck batch` with --jobs 1 and --jobs 2; wall time, reports/s and peak memory.

    python bench/bench_batch.py [--n 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_localisation import consistent  # noqa: E402


def write_reports(folder: Path, n: int) -> None:
    rng = random.Random(11)
    for i in range(n):
        report = consistent(rng, ("2019", "2021")[i % 2])
        report["agency"] = f"示例县第{i}局"
        if i % 10 == 0:
            report["applications"]["total"]["results"]["total"] += 1
        (folder / f"{i:05d}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "reports"
        inputs.mkdir()
        write_reports(inputs, args.n)
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "gzcheck", "batch", str(inputs), "--jobs", str(jobs), "--output", str(out)],
                                  capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"--jobs {jobs}: {args.n} reports in {elapsed:.1f} s = {args.n / elapsed:.0f} reports/s "
                  f"(peak RSS of a process so far {peak:.0f} MB; exit {proc.returncode})")
        same = (Path(tmp) / "out1" / "summary.csv").read_bytes() == (Path(tmp) / "out2" / "summary.csv").read_bytes()
        print(f"identical summary.csv for --jobs 1 and 2: {same}")


if __name__ == "__main__":
    main()
