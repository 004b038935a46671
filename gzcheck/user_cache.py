"""Small files gzcheck keeps between runs in the user's cache directory, so a start does not redo work whose
inputs have not changed (the spam lexicon parsed from YAML, the installed plugins' entry points).

Every entry is named by a key of what it was made from; a stale or broken entry is never read, and a cache
that cannot be written (a read-only home) only costs the work again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gzcheck"


def read_json(name: str) -> Any:
    """The cached JSON value called ``name``, or None when there is none (or it cannot be read)."""
    try:
        return json.loads((cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, value: Any) -> None:
    """Store ``value`` whole or not at all: another process reading at the same time sees the old file or the new."""
    path = cache_dir() / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except (OSError, ValueError):  # ValueError: a file name that is not valid UTF-8 cannot be written as JSON text
        pass


def remembered(name: str, key: list, make: Callable[[], Any]) -> Any:
    """``make()``, kept in the entry ``name`` under ``key``: read back while the key is the same, else made and
    stored again. ``key`` (JSON: lists, not tuples) must name everything the value is made from."""
    entry = read_json(name)
    if isinstance(entry, list) and len(entry) == 2 and entry[0] == key:
        return entry[1]
    value = make()
    write_json(name, [key, value])
    return value
