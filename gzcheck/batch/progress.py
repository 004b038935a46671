"""The batch's progress line."""

from __future__ import annotations

import sys
import time


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream=None):
        stream = stream or sys.stderr  # looked up now: the stream may have been replaced since import
        self.total, self.stream, self.done = total, stream, 0
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.start = time.monotonic()

    def step(self) -> None:
        self.done += 1
        if self.enabled and (self.done == self.total or self.done % 10 == 0):
            width = 30
            filled = width * self.done // max(1, self.total)
            rate = self.done / max(1e-9, time.monotonic() - self.start)
            shown = f"{rate:.0f}/s" if rate >= 10 else f"{rate:.1f}/s"  # a slow few files are not "0/s"
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {shown}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
