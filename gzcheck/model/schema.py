"""Where the report schema lives, and its parsed content (read once)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import gzcheck_schemas  # type: ignore[import-not-found]  # the schemas folder, installed under this name

REPORT_SCHEMA = "report.schema.json"


def schema_path(name: str = REPORT_SCHEMA) -> Path:
    # beside the package's own file (installed as plain files): importlib.resources costs 6 ms of imports
    return Path(gzcheck_schemas.__file__).parent / name


def schema_text() -> str:
    return schema_path().read_text(encoding="utf-8")


@cache
def report_schema() -> dict[str, Any]:
    return json.loads(schema_text())
