"""`gzcheck serve`: the API a CMS calls before publishing, and the upload page (in a real browser)."""

import io
import json
import os
import re
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the server extra (starlette, uvicorn, httpx) is in the test extra")
from starlette.testclient import TestClient  # noqa: E402

from gzcheck.settings import Settings  # noqa: E402
from gzcheck.cli import main  # noqa: E402
from gzcheck.server.app import ServerOptions, create_app  # noqa: E402
from gzcheck.testing import example_report  # noqa: E402

from .conftest import shared_path  # noqa: E402

SETTINGS = Settings()


@pytest.fixture(scope="module")
def client():
    app = create_app(ServerOptions(SETTINGS, workers=1, max_bytes=2 * 1024 * 1024))
    with TestClient(app) as c:
        yield c
    app.state.pool.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    app = create_app(ServerOptions(SETTINGS, workers=1, token="s3cret"))
    with TestClient(app) as c:
        yield c
    app.state.pool.stop()


def failing() -> bytes:
    report = example_report("report-2021.json")
    report["applications"]["total"]["results"]["total"] += 7
    return json.dumps(report, ensure_ascii=False).encode("utf-8")


def cli_json(tmp_path, name: str, data: bytes, capsys, *args) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        main(["check", name, "--format", "json", *args])
    finally:
        os.chdir(cwd)
    return capsys.readouterr().out


def test_the_answer_is_byte_for_byte_the_command_lines(client, tmp_path, capsys):
    for name, data in (("bad.json", failing()), ("ok.json", json.dumps(example_report("report-2021.json")).encode()),
                       ("seed.txt", shared_path("seeds", "guangzhou-zwfw-2019-scraped.txt").read_bytes())):
        response = client.post("/api/v1/check", files={"file": (name, data)})
        assert response.text == cli_json(tmp_path, name, data, capsys)
        status = json.loads(response.text)["reports"][0]["status"]
        assert response.status_code == 200 and response.headers["x-gzcheck-status"] == status


def test_raw_body_select_ignore_lang_and_sarif(client, tmp_path, capsys):
    response = client.post("/api/v1/check?filename=bad.json&select=T3&lang=en", content=failing())
    assert response.text == cli_json(tmp_path, "bad.json", failing(), capsys, "--select", "T3", "--lang", "en")
    sarif = client.post("/api/v1/check?filename=bad.json", content=failing(), headers={"Accept": "application/sarif+json"})
    assert sarif.headers["content-type"].startswith("application/sarif+json") and json.loads(sarif.text)["version"] == "2.1.0"
    ignored = client.post("/api/v1/check?filename=bad.json&ignore=T3-001", content=failing())
    assert ignored.headers["x-gzcheck-status"] == "pass"


def test_previous_year(client):
    now, before = example_report("report-2021.json"), example_report("report-2021.json")
    before["report_year"] = now["report_year"] - 1
    before["applications"]["total"]["carried_forward_to_next_year"] += 5
    response = client.post("/api/v1/check", files={"file": ("now.json", json.dumps(now)), "previous": ("before.json", json.dumps(before))})
    assert "XYR-001" in response.text


@pytest.mark.parametrize(("send", "status", "words"), [
    (lambda c: c.post("/api/v1/check", content=b""), 422, "文件是空的"),
    (lambda c: c.post("/api/v1/check", content=b"x" * (3 * 1024 * 1024)), 413, "过大"),
    (lambda c: c.post("/api/v1/check?filename=r.json", content=b'{"a": '), 422, "JSON 格式错误"),
    (lambda c: c.post("/api/v1/check?filename=r.yaml", content=b"a: [1, 2"), 422, "YAML"),
    (lambda c: c.post("/api/v1/check?filename=r.json&select=NOPE", content=failing()), 400, "NOPE"),
    (lambda c: c.post("/api/v1/check", content=b"--x\r\n", headers={"content-type": "multipart/form-data; boundary=zz"}), 400, "multipart"),
    (lambda c: c.get("/api/v1/check"), 405, "不支持"),
    (lambda c: c.get("/nowhere"), 404, "没有"),
    (lambda c: c.get("/api/v1/rules/NOPE-999"), 404, "NOPE-999"),
])
def test_bad_requests_are_4xx_with_the_command_lines_message(client, send, status, words):
    response = send(client)
    assert response.status_code == status and words in response.text, response.text
    assert "Traceback" not in response.text


@pytest.mark.slow
def test_a_zip_bomb_is_a_4xx(client):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>")
    response = client.post("/api/v1/check?filename=bomb.docx", content=buffer.getvalue())
    assert response.status_code == 422 and "压缩炸弹" in response.text


def test_rules_health_openapi_and_headers(client):
    rules = client.get("/api/v1/rules").json()
    assert any(r["code"] == "T3-001" for r in rules)
    assert "为什么重要" in client.get("/api/v1/rules/T3-001").text
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/api/v1/check", "/api/v1/rules", "/api/v1/rules/{code}", "/healthz"}
    page = client.get("/")
    assert "default-src 'none'" in page.headers["content-security-policy"] and page.headers["x-content-type-options"] == "nosniff"
    assert "http://" not in page.text and "https://" not in page.text  # nothing external: intranets are offline
    assert "access-control-allow-origin" not in client.get("/healthz", headers={"Origin": "http://cms.example"}).headers


def test_the_token(guarded):
    assert guarded.post("/api/v1/check", content=failing()).status_code == 401
    assert guarded.post("/api/v1/check", content=failing(), headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.post("/api/v1/check?filename=r.json", content=failing(), headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_a_crashing_rule_is_the_reports_error(tmp_path):
    rule = tmp_path / "crash.py"
    rule.write_text("from gzcheck import Rule, hookimpl\n\nclass Crash(Rule):\n    code = 'CRASH-001'\n"
                    "    def check(self, report, ctx):\n        raise RuntimeError('boom')\n\n"
                    "@hookimpl\ndef gzcheck_rules():\n    return [Crash]\n", encoding="utf-8")
    app = create_app(ServerOptions(Settings(plugins=(str(rule),)), workers=1))
    with TestClient(app) as c:
        response = c.post("/api/v1/check?filename=r.json", content=failing())
    app.state.pool.stop()
    assert response.status_code == 200 and response.headers["x-gzcheck-status"] == "error" and "CRASH-001" in response.text


def test_the_gate_runs_the_offices_rule_pack():
    pack = Path(__file__).resolve().parent.parent / "examples" / "packs" / "city-departments.yaml"
    app = create_app(ServerOptions(Settings(rule_packs=(str(pack),)), workers=1))
    report = json.dumps(example_report("report-2021.json"), ensure_ascii=False).encode("utf-8")
    with TestClient(app) as c:
        response = c.post("/api/v1/check?filename=r.json", content=report)
    app.state.pool.stop()
    assert response.status_code == 200 and response.headers["x-gzcheck-status"] == "fail" and "SZB-002" in response.text


@pytest.mark.slow
def test_serve_logs_each_request_without_its_content_and_stops_cleanly_on_sigterm(tmp_path):
    import signal
    import time

    import httpx

    from .serving import running_server

    report = example_report("report-2021.json")
    report["agency"] = "保密测试局"
    report["applications"]["total"]["results"]["total"] += 1
    with open(tmp_path / "log.txt", "w") as log, running_server(log=log) as (port, pid):
        answer = httpx.post(f"http://127.0.0.1:{port}/api/v1/check?filename=secret-name.json",
                            content=json.dumps(report, ensure_ascii=False).encode(), timeout=60)
        assert answer.status_code == 200
        os.kill(pid, signal.SIGTERM)
        deadline, status = time.monotonic() + 15, None
        while time.monotonic() < deadline and status is None:
            done, code = os.waitpid(pid, os.WNOHANG)
            status = os.waitstatus_to_exitcode(code) if done else None
            time.sleep(0.1)
        # uvicorn shuts down gracefully, then ends with the signal it caught (as a process killed by it would)
        assert status in (0, -signal.SIGTERM), f"gzcheck serve did not stop within 15 s of SIGTERM ({status})"
        while time.monotonic() < deadline + 10:  # its checking processes (same process group) end with it
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the checking processes outlived gzcheck serve")
    text = (tmp_path / "log.txt").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line[:1].isdigit() and "/api/v1/check" in line)
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ POST /api/v1/check 200 \d+\.\d{3}s fail$", line), line
    assert "保密测试局" not in text and "secret-name" not in text and "Traceback" not in text
