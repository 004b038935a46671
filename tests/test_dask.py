"""--executor dask on a local cluster on loopback gives the same files as local processes."""

import json

import pytest

from gzcheck.cli import main
from gzcheck.testing import example_report

distributed = pytest.importorskip("distributed", reason="distributed is not installed (pip install -e '.[test]')")


def test_batch_on_a_local_dask_cluster(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(12):
        report = example_report(("report-2019.json", "report-2021.json")[i % 2])
        if i % 3 == 0:
            report["applications"]["total"]["results"]["total"] += 1
        (inputs / f"{i:02d}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    (inputs / "broken.json").write_text("{", encoding="utf-8")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        code = main(["batch", str(inputs), "--executor", "dask", "--scheduler", cluster.scheduler_address,
                     "--output", str(tmp_path / "dask")])
    assert main(["batch", str(inputs), "--jobs", "1", "--output", str(tmp_path / "local")]) == code == 4
    capsys.readouterr()
    for name in ("summary.csv", "report.html"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def test_dask_needs_a_scheduler(capsys, tmp_path):
    assert main(["batch", str(tmp_path), "--executor", "dask", "--output", str(tmp_path / "o")]) == 2
