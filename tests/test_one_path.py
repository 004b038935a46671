"""One check path: the same files through `gzcheck check`, `gzcheck batch` (local processes and Dask), the
library and the HTTP gate give the same statuses, findings and exit codes — a crashing rule, a rule over its
budget, an unreadable file and last year's report (of this agency, and of another) included."""

import json
import os

import pytest

import gzcheck
from gzcheck.report.words import result_dict
from .summaries import summary_rows
from gzcheck.cli import main
from gzcheck.testing import example_report

pytestmark = pytest.mark.slow

TROUBLE = '''
import hashlib

from gzcheck import Rule, hookimpl


class Trouble(Rule):
    """Misbehaves on command: crashes, loops in Python, or sits in C code where no signal reaches."""

    code = "TST-900"
    severity = "warning"

    def check(self, report, ctx):
        agency = report.get("agency") or ""
        if "崩溃" in agency:
            raise RuntimeError("boom")
        if "死循环" in agency:
            while True:
                pass
        if "卡住" in agency:
            hashlib.pbkdf2_hmac("sha256", b"x", b"y", 2_000_000_000)
        return ()


@hookimpl
def gzcheck_rules():
    return [Trouble]
'''


def _report(agency: str, year: int = 2023) -> dict:
    report = example_report("report-2021.json")
    report.update(agency=agency, report_year=year)
    return report


def cases() -> dict[str, object]:
    faulty = _report("示例县乙局")
    faulty["applications"]["total"]["results"]["total"] += 3
    # last year's carried-forward differs from this year's carried-over (XYR-001, a warning on this year's report;
    # last year's own table then fails T3-001); another agency's report of that year is no pair
    last_year = _report("示例县甲局", 2022)
    last_year["applications"]["natural_person"]["carried_forward_to_next_year"] += 2
    other = _report("示例县丁局", 2022)
    other["applications"]["natural_person"]["carried_forward_to_next_year"] += 2
    return {"a-this-year.json": _report("示例县甲局"), "a-last-year.json": last_year, "b-faulty.json": faulty,
            "c-broken.json": "{", "d-crash.json": _report("崩溃局"), "e-loop.json": _report("死循环局"),
            "f-this-year.json": _report("示例县丙局"), "f-other-agency.json": other}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("one-path")
    folder = root / "reports"
    folder.mkdir()
    for name, content in cases().items():
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        (folder / name).write_text(text, encoding="utf-8")
    plugin = root / "trouble.py"
    plugin.write_text(TROUBLE, encoding="utf-8")
    return folder, str(plugin)


FLAGS = ["--timeout", "2"]


def check_json(capsys, *argv):
    code = main(["check", "--format", "json", *FLAGS, *argv])
    return code, {r["input"]: r for r in json.loads(capsys.readouterr().out)["reports"]}


def batch_rows(capsys, folder, out, *argv):
    code = main(["batch", str(folder), "--output", str(out), *FLAGS, *argv])
    capsys.readouterr()
    with open(out / "summary.csv", encoding="utf-8-sig") as f:
        return code, {row["input"]: row for row in summary_rows(f)}


def codes(report: dict) -> str:
    counted: dict[str, int] = {}
    for finding in report["findings"]:
        counted[finding["code"]] = counted.get(finding["code"], 0) + 1
    return " ".join(f"{c}×{n}" for c, n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:5])


def test_check_and_batch_agree_on_every_file_and_on_the_exit_code(files, tmp_path, capsys):
    folder, plugin = files
    code, checked = check_json(capsys, str(folder), "--plugin", plugin)
    assert code == 3  # a rule crashed (and one ran over its budget): an internal error, whichever way it is run
    statuses = {os.path.basename(k): r["status"] for k, r in checked.items()}
    assert statuses == {"a-this-year.json": "pass", "a-last-year.json": "fail", "b-faulty.json": "fail",
                        "c-broken.json": "error", "d-crash.json": "error", "e-loop.json": "error",
                        "f-this-year.json": "pass", "f-other-agency.json": "fail"}, statuses
    assert "XYR-001" in [f["code"] for f in checked[str(folder / "a-this-year.json")]["findings"]]
    assert checked[str(folder / "f-this-year.json")]["findings"] == []  # another agency's last year: not a pair
    assert "2 秒的时间限制" in checked[str(folder / "e-loop.json")]["findings"][0]["message"]
    batch_code, rows = batch_rows(capsys, folder, tmp_path / "batch", "--plugin", plugin, "--jobs", "2")
    assert batch_code == code
    assert set(rows) == set(checked)
    for name, report in checked.items():
        row, counts = rows[name], {"error": 0, "warning": 0, "info": 0}
        for finding in report["findings"]:
            counts[finding["severity"]] += 1
        assert (row["status"], row["errors"], row["warnings"], row["infos"], row["unverified"], row["top_codes"]) == \
            (report["status"], str(counts["error"]), str(counts["warning"]), str(counts["info"]), str(report["unverified"]),
             codes(report)), name


def test_each_file_exits_alike_in_check_and_batch(files, tmp_path, capsys):
    folder, plugin = files
    for name in sorted(os.listdir(folder)):
        alone = tmp_path / name.replace(".json", "")
        alone.mkdir()
        (alone / name).write_bytes((folder / name).read_bytes())
        check_code, _ = check_json(capsys, str(alone / name), "--plugin", plugin)
        batch_code, _ = batch_rows(capsys, alone, tmp_path / f"{name}-out", "--plugin", plugin, "--jobs", "1")
        assert check_code == batch_code, name


def test_the_library_gives_what_check_gives(files, capsys):
    folder, plugin = files
    _, checked = check_json(capsys, str(folder), "--plugin", plugin)
    for name, report in checked.items():
        previous = str(folder / "a-last-year.json") if name.endswith("a-this-year.json") else None
        if name.endswith("f-this-year.json"):
            previous = str(folder / "f-other-agency.json")  # another agency's: ignored, as check ignores it
        result = gzcheck.check(name, plugins=[plugin], previous=previous, timeout=2)
        assert json.loads(json.dumps(result_dict(result), ensure_ascii=False)) == report, name  # what --format json writes


def test_the_gate_gives_what_check_gives(files, capsys):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from gzcheck.server.app import ServerOptions, create_app
    from gzcheck.settings import Settings

    folder, plugin = files
    _, checked = check_json(capsys, str(folder), "--plugin", plugin)
    app = create_app(ServerOptions(Settings(plugins=(plugin,), timeout=2), workers=2))
    try:
        client = TestClient(app)
        for name, report in checked.items():
            form = {"file": (os.path.basename(name), (folder / os.path.basename(name)).read_bytes())}
            if name.endswith("a-this-year.json"):
                form["previous"] = ("a-last-year.json", (folder / "a-last-year.json").read_bytes())
            if name.endswith("f-this-year.json"):
                form["previous"] = ("f-other-agency.json", (folder / "f-other-agency.json").read_bytes())
            answer = client.post("/api/v1/check", files=form)
            [served] = answer.json()["reports"]
            assert answer.headers["x-gzcheck-status"] == report["status"]
            assert {**served, "input": name} == report, name
    finally:
        app.state.pool.stop()


def test_dask_gives_what_local_processes_give(files, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    folder, plugin = files
    local_code, _ = batch_rows(capsys, folder, tmp_path / "local", "--plugin", plugin, "--jobs", "2")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        dask_code, _ = batch_rows(capsys, folder, tmp_path / "dask", "--plugin", plugin, "--executor", "dask",
                                  "--scheduler", cluster.scheduler_address)
    assert dask_code == local_code == 3
    for name in ("summary.csv", "report.html"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
