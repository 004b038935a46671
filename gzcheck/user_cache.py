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


def remembered(name: str, key: str, make: Callable[[], Any], *, kept: int = 1,
               usable: Callable[[Any], bool] = lambda value: True) -> Any:
    """``make()``, kept in the entry ``name`` under ``key`` (a text naming everything the value is made from):
    read back while there is a ``usable`` answer for that key, else made and stored. The entry holds the
    ``kept`` answers made last, so it stays one small file however many keys come and go."""
    answers = read_json(name)
    answers = answers if isinstance(answers, dict) else {}
    if key in answers and usable(answers[key]):
        return answers[key]
    value = make()
    answers.pop(key, None)
    answers[key] = value
    write_json(name, dict(list(answers.items())[-kept:]))
    return value
