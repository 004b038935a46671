"""Checking a folder streams: memory stays flat in the number of files (results keep no page text, and nothing
keyed by a page's text outlives its check)."""

import json
import subprocess
import sys

import pytest

from bench.bench_pages import padded

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak from /proc/self/status")
def test_check_over_200_large_pages_stays_under_150_mb(tmp_path):
    page = padded(1_200_000).decode("utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(200):  # distinct pages: a different agency each
        (folder / f"{i:03d}.txt").write_text(page.replace("示例", f"第{i}示例", 1), encoding="utf-8")
    # the peak of this process's own memory (VmHWM: ru_maxrss would count the forking test process too)
    measure = ("import sys\nfrom gzcheck.cli import main\ncode = main(sys.argv[1:])\n"
               "print([line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')][0], file=sys.stderr)\n"
               "sys.exit(code)\n")
    proc = subprocess.run([sys.executable, "-c", measure, "check", "--format", "json", str(folder)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    assert len(json.loads(proc.stdout)["reports"]) == 200
    peak_mb = int(proc.stderr.strip().splitlines()[-1]) / 1024  # kB
    assert peak_mb < 150, f"peak {peak_mb:.0f} MB"
