"""The batch's progress: a bar redrawn in place on a terminal; elsewhere (a CI log) a plain line every
``LOG_EVERY`` seconds and at the end, so a long run shows it is alive without flooding the log."""

from __future__ import annotations

import sys
import time

from gzcheck.messages import say

LOG_EVERY = 30.0  # seconds between progress lines in a log


class Progress:
    def __init__(self, total: int, stream=None, lang: str = "zh", log_every: float = LOG_EVERY, message: str = "progress"):
        stream = stream or sys.stderr  # looked up now: the stream may have been replaced since import
        self.total, self.stream, self.done, self.lang = total, stream, 0, lang
        self.terminal = hasattr(stream, "isatty") and stream.isatty()
        self.start = self.logged = time.monotonic()
        self.log_every = log_every
        self.message = message   # the catalog's line: "progress" (reports checked) or "progress.fetch"

    def step(self) -> None:
        self.done += 1
        finished = self.done == self.total
        if self.terminal:
            if finished or self.done % 10 == 0:
                width = 30
                filled = width * self.done // max(1, self.total)
                self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self._counts()}" + ("\n" if finished else ""))
                self.stream.flush()
            return
        now = time.monotonic()
        if finished or now - self.logged >= self.log_every:
            self.logged = now
            self.stream.write(f"gzcheck: {self._counts()}\n")
            self.stream.flush()

    def _counts(self) -> str:
        elapsed = max(1e-9, time.monotonic() - self.start)
        rate = self.done / elapsed
        shown = f"{rate:.0f}" if rate >= 10 else f"{rate:.1f}"  # a slow few files are not "0"
        return say(self.message, self.lang, done=self.done, total=self.total, rate=shown, seconds=f"{elapsed:.0f}")
