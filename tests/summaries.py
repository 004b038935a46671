"""summary.csv read back in the field names and verdict words programs use, whatever its language."""

import csv

from gzcheck.batch.outputs import CSV_FIELDS, CSV_HEADERS
from gzcheck.report.text import STATUS_TEXT

_FIELD = {label: field for lang in CSV_HEADERS for label, field in zip(CSV_HEADERS[lang], CSV_FIELDS, strict=True)}
_STATUS = {word: status for words in STATUS_TEXT.values() for status, word in words.items()}


def summary_rows(handle) -> list[dict]:
    rows = []
    for row in csv.DictReader(handle):
        row = {_FIELD[key]: value for key, value in row.items()}
        row["status"] = _STATUS[row["status"]]
        rows.append(row)
    return rows
