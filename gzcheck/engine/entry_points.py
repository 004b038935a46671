"""The installed plugins' entry points, remembered between runs.

``importlib.metadata`` reads every installed distribution and imports the email package to do it: 15 ms,
an eighth of a cold ``gzcheck check``. What it finds changes only when a distribution's metadata does, so
the answer is cached under a key of the metadata folders on ``sys.path`` and when each one's
``entry_points.txt`` changed; any difference reads the metadata again.
"""

from __future__ import annotations

import importlib
import os
import sys
import zlib
from typing import NamedTuple

from gzcheck.user_cache import remembered


class EntryPoint(NamedTuple):
    name: str
    value: str         # "module" or "module:attribute.path"
    dist: str | None   # the distribution that declares it

    def load(self):
        module, _, attribute = self.value.partition(":")
        target = importlib.import_module(module.strip())
        for part in filter(None, attribute.split("[")[0].strip().split(".")):  # "[extras]" need nothing loaded
            target = getattr(target, part)
        return target


KEPT = 8  # answers kept per group: a checkout's own metadata on the path (tests, benchmarks) is another key


def entry_points(group: str) -> list[EntryPoint]:
    entries = remembered(f"entry-points-{group}.json", _fingerprint(),
                         lambda: [[e.name, e.value, e.dist] for e in _from_metadata(group)], kept=KEPT, usable=_entries)
    return [EntryPoint(*entry) for entry in entries]


def _entries(value) -> bool:
    return isinstance(value, list) and all(
        isinstance(e, list) and len(e) == 3 and all(isinstance(v, (str, type(None))) for v in e) for e in value)


def _from_metadata(group: str) -> list[EntryPoint]:
    from importlib.metadata import entry_points as installed

    return [EntryPoint(ep.name, ep.value, ep.dist.name if ep.dist else None) for ep in installed(group=group)]


def _fingerprint() -> str:
    """What ``importlib.metadata`` would read: each ``*.dist-info`` / ``*.egg-info`` on ``sys.path`` and when
    its ``entry_points.txt`` last changed (other files coming and going beside them change nothing)."""
    parts = [sys.executable, sys.version]
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as listing:
                names = sorted(e.name for e in listing if e.name.endswith((".dist-info", ".egg-info", ".egg")))
        except OSError:  # not a folder: a zip file on the path, or nothing there
            names = [""]
        if names:  # a folder without metadata (the script's, the working one) adds nothing
            parts.append(entry)
        for name in names:
            target = os.path.join(entry or ".", name)
            try:
                stamp = os.stat(os.path.join(target, "entry_points.txt") if os.path.isdir(target) else target).st_mtime_ns
            except OSError:
                stamp = 0
            parts.append(f"{name}\0{stamp}")
    text = "\n".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"
