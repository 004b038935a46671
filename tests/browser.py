"""A headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``): open a page,
run script in it, press keys, take screenshots at any window size. Standard library only."""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

CHROMIUM = next((c for c in (shutil.which("chromium"), shutil.which("chromium-browser")) if c), None)


class BrowserError(RuntimeError):
    pass


class Chromium:
    def __init__(self, profile: Path, timeout: float = 60):
        self.timeout, self.next_id, self.buffer = timeout, 0, b""
        to_chrome, self._write = os.pipe()
        self._read, from_chrome = os.pipe()
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--remote-debugging-pipe", f"--user-data-dir={profile}"]
        command = " ".join([CHROMIUM or "chromium", *flags]) + f" 3<&{to_chrome} 4>&{from_chrome}"
        self.process = subprocess.Popen(["bash", "-c", "exec " + command], pass_fds=(to_chrome, from_chrome),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome)
        os.close(from_chrome)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def call(self, method: str, session: str | None = None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._read], [], [], left)[0]:
                    raise BrowserError(f"no answer to {method} in {self.timeout} s")
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    raise BrowserError("the browser ended")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def page(self, method: str, **params):
        return self.call(method, self.session, **params)

    def size(self, width: int, height: int) -> None:
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 600)

    def open(self, url: str, ready: str = "document.body && document.body.getAttribute('data-done') === '1'",
             seconds: float = 30) -> None:
        self.page("Page.navigate", url="about:blank")  # a new hash alone would not load the page again
        self.page("Page.navigate", url=url)
        self.wait(ready, seconds)

    def wait(self, condition: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not self.js(f"Boolean({condition})"):
            if time.monotonic() > deadline:
                raise BrowserError(f"waited {seconds} s for {condition}")
            time.sleep(0.1)

    def js(self, expression: str):
        answer = self.page("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression[:80]}: {answer['exceptionDetails'].get('text')}")
        return answer["result"].get("value")

    def press(self, key: str) -> None:
        codes = {"Enter": 13, "Tab": 9}
        for kind in ("keyDown", "keyUp"):
            self.page("Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=codes.get(key, 0),
                      **({"text": "\r"} if key == "Enter" and kind == "keyDown" else {}))

    def screenshot(self, path: Path) -> Path:
        data = self.page("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except BrowserError:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)
