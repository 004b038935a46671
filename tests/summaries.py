"""summary.csv read back in the field names and verdict words programs use, whatever its language."""

import csv

from gzcheck.messages import CATALOG

_ZH, _EN = CATALOG["csv.columns"]
_FIELD = {**dict(zip(_ZH, _EN, strict=True)), **{name: name for name in _EN}}
_STATUS = {word: status for status in ("pass", "fail", "error") for word in CATALOG[f"status.{status}"]}


def summary_rows(handle) -> list[dict]:
    rows = []
    for row in csv.DictReader(handle):
        row = {_FIELD[key]: value for key, value in row.items()}
        row["status"] = _STATUS[row["status"]]
        rows.append(row)
    return rows
