"""Where the report schema lives, and its parsed content (read once)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_PACKAGE = "gzcheck_schemas"
REPORT_SCHEMA = "report.schema.json"


def schema_text() -> str:
    return resources.files(SCHEMA_PACKAGE).joinpath(REPORT_SCHEMA).read_text(encoding="utf-8")


@cache
def report_schema() -> dict[str, Any]:
    return json.loads(schema_text())
