"""Checking a folder streams: memory stays flat in the number of files (results keep no page text, and nothing
keyed by a page's text outlives its check)."""

import json
import resource
import subprocess
import sys

import pytest

from bench.bench_pages import padded

pytestmark = pytest.mark.slow


def test_check_over_200_large_pages_stays_under_150_mb(tmp_path):
    page = padded(1_200_000).decode("utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(200):  # distinct pages: a different agency each
        (folder / f"{i:03d}.txt").write_text(page.replace("示例", f"第{i}示例", 1), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run([sys.executable, "-m", "gzcheck", "check", "--format", "json", str(folder)],
                          capture_output=True, text=True, timeout=600)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert proc.returncode in (0, 1), proc.stderr
    assert len(json.loads(proc.stdout)["reports"]) == 200
    assert before / 1024 < 150, "an earlier child already used more: measure in a process of its own"
    assert peak_mb < 150, f"peak {peak_mb:.0f} MB"
