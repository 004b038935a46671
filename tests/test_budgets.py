"""Time budgets hold wherever the work is: a pattern whose work cannot fit is not started, and a check stuck in C
code (where no signal reaches) ends as that file's error within the budget and a few seconds — in the command
line, a batch (local or Dask) and the HTTP gate — while other files and other clients are untouched."""

import json
import threading
import time

import pytest

from .summaries import summary_rows
from gzcheck.cli import main
from gzcheck.pool import GRACE
from gzcheck.testing import example_report

pytestmark = pytest.mark.slow

PACK = """pack: 测试包
rules:
  - code: TST-001
    summary: 第六部分没有奇怪的模式
    require: not matches(sections, "[ab].{1000}Q")
"""

STUCK = '''
import hashlib

from gzcheck import Rule, hookimpl


class Stuck(Rule):
    """Sits in C code (a key derivation of two billion rounds) for the agency that asks for it."""

    code = "TST-901"

    def check(self, report, ctx):
        if "卡住" in (report.get("agency") or ""):
            hashlib.pbkdf2_hmac("sha256", b"x", b"y", 2_000_000_000)
        return ()


@hookimpl
def gzcheck_rules():
    return [Stuck]
'''


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A folder with a 2 MB report and a small one, and the pack that would stall RE2 on the big one."""
    root = tmp_path_factory.mktemp("budgets")
    folder = root / "reports"
    folder.mkdir()
    report = example_report("report-2021.json")
    report["sections"]["other_matters"]["text"] = "本机关ab" * 400_000
    (folder / "big.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    (folder / "small.json").write_text(json.dumps(example_report("report-2021.json"), ensure_ascii=False), encoding="utf-8")
    pack = root / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    return folder, str(pack)


@pytest.fixture(scope="module")
def stuck(tmp_path_factory):
    root = tmp_path_factory.mktemp("stuck")
    folder = root / "reports"
    folder.mkdir()
    for name, agency in (("a-ok.json", "示例县甲局"), ("b-stuck.json", "卡住局"), ("c-ok.json", "示例县乙局")):
        report = example_report("report-2021.json")
        report["agency"] = agency
        (folder / name).write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    plugin = root / "stuck.py"
    plugin.write_text(STUCK, encoding="utf-8")
    return folder, str(plugin)


def rows(out) -> dict[str, dict]:
    with open(out / "summary.csv", encoding="utf-8-sig") as f:
        return {row["input"].rsplit("/", 1)[-1]: row for row in summary_rows(f)}


def test_a_pattern_that_cannot_fit_the_budget_is_that_files_error_everywhere(big, tmp_path, capsys):
    folder, pack = big
    started = time.monotonic()
    code = main(["check", str(folder / "big.json"), "--rule-pack", pack, "--timeout", "2", "--format", "json"])
    [report] = json.loads(capsys.readouterr().out)["reports"]
    assert code == 3 and report["status"] == "error" and "TooMuchWork" in report["findings"][0]["message"]
    code = main(["batch", str(folder), "--rule-pack", pack, "--timeout", "2", "--output", str(tmp_path / "out")])
    capsys.readouterr()
    assert code == 3 and rows(tmp_path / "out")["big.json"]["status"] == "error" and rows(tmp_path / "out")["small.json"]["status"] == "pass"
    assert time.monotonic() - started < 2 * (2 + GRACE)  # never a hang: each run ends within its budget and grace


def batch_on_dask(args: list[str], tmp_path, capsys) -> int:
    """``gzcheck batch ARGS --timeout 2`` on a local Dask cluster of one worker process, into tmp_path/out."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        code = main(["batch", *args, "--timeout", "2", "--output", str(tmp_path / "out"), "--executor", "dask",
                     "--scheduler", cluster.scheduler_address])
    capsys.readouterr()
    return code


def test_the_same_in_dask(big, tmp_path, capsys):
    folder, pack = big
    code = batch_on_dask([str(folder), "--rule-pack", pack], tmp_path, capsys)
    assert code == 3 and rows(tmp_path / "out")["big.json"]["status"] == "error"


def test_a_check_stuck_in_c_ends_only_its_own_file_in_a_batch(stuck, tmp_path, capsys):
    folder, plugin = stuck
    started = time.monotonic()
    code = main(["batch", str(folder), "--plugin", plugin, "--timeout", "2", "--jobs", "2", "--output", str(tmp_path / "out")])
    capsys.readouterr()
    assert time.monotonic() - started < 2 + GRACE + 10  # the stuck worker was killed, not waited for
    found = rows(tmp_path / "out")
    assert code == 4 and found["b-stuck.json"]["status"] == "error" and "2 秒" in found["b-stuck.json"]["reason"]
    assert found["a-ok.json"]["status"] == found["c-ok.json"]["status"] == "pass"


def test_a_check_stuck_in_c_ends_only_its_own_file_in_dask(stuck, tmp_path, capsys):
    folder, plugin = stuck
    code = batch_on_dask([str(folder), "--plugin", plugin], tmp_path, capsys)
    found = rows(tmp_path / "out")
    assert code == 4 and found["b-stuck.json"]["status"] == "error"
    assert found["a-ok.json"]["status"] == found["c-ok.json"]["status"] == "pass"


def test_a_stuck_request_leaves_the_other_clients_untouched(stuck, big):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from gzcheck.server.app import ServerOptions, create_app
    from gzcheck.settings import Settings

    folder, plugin = stuck
    app = create_app(ServerOptions(Settings(plugins=(plugin,), rule_packs=(big[1],), timeout=2), workers=2))
    client = TestClient(app)
    answers: dict[str, object] = {}

    def ask(name: str) -> None:
        started = time.monotonic()
        answer = client.post("/api/v1/check", files={"file": (name, (folder / name).read_bytes())})
        answers[name] = (answer, time.monotonic() - started)

    try:
        slow = threading.Thread(target=ask, args=("b-stuck.json",))
        slow.start()
        time.sleep(0.5)
        for name in ("a-ok.json", "c-ok.json"):  # while one worker is stuck, the other answers everyone else
            ask(name)
            answer, _ = answers[name]
            assert answer.status_code == 200 and answer.headers["x-gzcheck-status"] == "pass"
        assert client.get("/healthz").status_code == 200
        pattern = client.post("/api/v1/check", files={"file": ("big.json", (big[0] / "big.json").read_bytes())})
        assert pattern.headers["x-gzcheck-status"] == "error"
        slow.join(30)
        answer, took = answers["b-stuck.json"]
        assert answer.status_code == 422 and answer.headers["x-gzcheck-status"] == "error" and took < 2 + GRACE + 5
        assert "2 秒" in answer.json()["reports"][0]["findings"][0]["message"]
        for name in ("a-ok.json", "c-ok.json"):  # and the worker that was replaced checks again
            assert client.post("/api/v1/check", files={"file": (name, (folder / name).read_bytes())}).status_code == 200
    finally:
        app.state.pool.stop()
