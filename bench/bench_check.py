"""Benchmark: reports/second checking canonical JSON in one process, against the json.loads floor,
and the wall time of one `gzcheck check` from a cold start.

    python bench/bench_check.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import per_second  # noqa: E402
from gzcheck.engine.runner import Engine  # noqa: E402
from gzcheck.engine.plugins import PluginHost  # noqa: E402
from gzcheck.inputs import JsonReader  # noqa: E402
from gzcheck.testing import example_report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

    report = example_report("report-2019.json")
    report["applications"]["total"]["results"]["total"] = 0  # a failing report: the slow path of the rules
    data = json.dumps(report, ensure_ascii=False).encode("utf-8")
    engine = Engine(PluginHost().load().rules())
    reader = JsonReader()

    def check_once():
        loaded = reader.read(data, "r.json")
        engine.check(loaded.report, input="r.json")

    check_once()
    loads = per_second(lambda: json.loads(data), args.seconds, 100)
    checks = per_second(check_once, args.seconds, 100)
    print(f"document: {len(data)} bytes, {len(engine.rules)} rules")
    print(f"json.loads floor:       {loads:10.0f} /s  ({1e6 / loads:7.1f} µs)")
    print(f"read + validate + rules:{checks:10.0f} /s  ({1e6 / checks:7.1f} µs) = {loads / checks:.1f}x json.loads")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.json"
        path.write_bytes(data)
        times = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "gzcheck", "check", str(path)], capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        print(f"cold start `gzcheck check` (median of 7): {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
