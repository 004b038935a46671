"""The gate under hostile requests (issue #27, 10): a form of a hundred thousand parts is refused at once and
parsed off the event loop, old Office files are refused rather than written to disk for LibreOffice, and
SIGTERM (what systemd and docker send) leaves no process behind."""

import os
import signal
import subprocess
import threading
import time
import urllib.request

import pytest

pytest.importorskip("starlette", reason="the server extra (starlette, uvicorn, httpx) is in the test extra")
from starlette.testclient import TestClient  # noqa: E402

from gzcheck.server.app import ServerOptions, create_app  # noqa: E402
from gzcheck.settings import Settings  # noqa: E402

from .serving import running_server  # noqa: E402


@pytest.fixture(scope="module")
def client():
    app = create_app(ServerOptions(Settings(), workers=1))
    with TestClient(app) as c:
        yield c
    app.state.pool.stop()


def test_a_form_of_many_parts_is_refused_and_blocks_nobody(client):
    boundary = "x" * 16
    body = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nv\r\n".encode()
                    for i in range(100_000)) + f"--{boundary}--\r\n".encode()
    answers = {}

    def post():
        answers["post"] = client.post("/api/v1/check", content=body,
                                      headers={"content-type": f"multipart/form-data; boundary={boundary}"})

    thread = threading.Thread(target=post)
    thread.start()
    assert client.get("/healthz").status_code == 200
    thread.join(60)
    assert answers["post"].status_code == 400 and "过多" in answers["post"].json()["error"]


@pytest.mark.parametrize("name", ["old.doc", "old.wps", "sheet.xls"])
def test_old_office_files_are_refused_never_written_to_disk(client, name, monkeypatch):
    import tempfile

    written = []
    real = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, **k: written.append(a) or real(*a, **k))
    answer = client.post("/api/v1/check", files={"file": (name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)})
    assert answer.status_code == 422 and ".docx" in answer.json()["error"] and not written


def _children(pid: int) -> set[int]:
    """The live processes of the server's session (an exited server waiting to be reaped does not count)."""
    out = subprocess.run(["pgrep", "-s", str(pid)], capture_output=True, text=True).stdout.split()  # its session
    return {int(p) for p in out if not _zombie(int(p))}


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.slow
def test_sigterm_ends_the_server_and_its_checking_processes():
    with running_server(workers=2) as (port, pid):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/check?filename=r.json",
                                         data=open("gzcheck/examples/report-2021.json", "rb").read(), method="POST")
        with urllib.request.urlopen(request, timeout=60) as answer:  # its workers have started and checked
            assert answer.status == 200
        group = _children(pid)
        assert len(group) >= 3  # the server, its fork server, its workers
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if not _children(pid):
                break
            time.sleep(0.1)
        assert not _children(pid), "processes left behind after SIGTERM"
