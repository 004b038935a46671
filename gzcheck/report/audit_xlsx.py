"""audit.xlsx: the batch's results as an auditor pivots them in Excel (通报 tables are made there) — a sheet
of reports, one row each, and a sheet of findings, one row each, with frozen headers and filters.

Written with XlsxWriter in its constant-memory mode: rows stream to disk as they come, so thousands of
reports cost no more memory than one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from gzcheck.model.figures import FIGURES
from gzcheck.messages import group, say
from gzcheck.report.words import shown

REPORT_WIDTHS = [28, 7, 7, 40, 8, 6, 6, 6, 8]
FINDING_WIDTHS = [28, 7, 40, 10, 24, 7, 40, 10, 10, 80]


class AuditWorkbook:
    """Add records one by one; :meth:`close` writes the file."""

    def __init__(self, path: Path, lang: str, summaries: dict[str, str]):
        """``path``'s folder also holds the workbook's scratch files (never the system's temporary folder)."""
        self.lang = "en" if lang == "en" else "zh"
        self.words, self.summaries = {**group("xlsx", self.lang), "severity": group("severity", self.lang)}, summaries
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False, "strings_to_numbers": False,
                                                    "tmpdir": str(path.parent)})
        bold = self.book.add_format({"bold": True, "bg_color": "#F3F3F3", "border": 1})
        self.percent = self.book.add_format({"num_format": "0.0%"})
        figure_names = [f.zh if self.lang == "zh" else f.en for f in FIGURES]
        self.reports = self._sheet(self.words["reports"], self.words["report_columns"] + figure_names,
                                   REPORT_WIDTHS + [10] * len(FIGURES), bold)
        self.findings = self._sheet(self.words["findings"], self.words["finding_columns"], FINDING_WIDTHS, bold)
        self.report_rows = self.finding_rows = 0

    def _sheet(self, name: str, columns: list[str], widths: list[int], bold) -> Any:
        sheet = self.book.add_worksheet(name)
        for col, (title, width) in enumerate(zip(columns, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, title, bold)
        sheet.freeze_panes(1, 0)
        return sheet

    def add(self, record: dict) -> None:
        counts, status = record["counts"], say(f"status.{record['status']}", self.lang)
        agency, year = record["agency"] or "", record["year"]
        self.report_rows += 1
        row = [agency, year, record["template"] or "", record["input"], status, counts["error"], counts["warning"],
               counts["info"], record.get("unverified") or 0]
        self._write(self.reports, self.report_rows, row)
        figures = record.get("figures") or {}
        for i, figure in enumerate(FIGURES):
            value = figures.get(figure.key)
            if value is not None:
                self.reports.write_number(self.report_rows, len(row) + i, value, self.percent)
        for f in record["findings"]:
            self.finding_rows += 1
            expected = shown(f["expected"], self.lang) if f.get("expected") is not None else ""
            actual = shown(f.get("actual"), self.lang) if f.get("expected") is not None else ""
            self._write(self.findings, self.finding_rows, [
                agency, year, record["input"], f["code"], self.summaries.get(f["code"], ""),
                self.words["severity"][f["severity"]], f.get("where") or "", expected, actual, f["message"]])

    def _write(self, sheet, row: int, values: list) -> None:
        for col, value in enumerate(values):
            if isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(row, col, value)
            elif value not in (None, ""):
                sheet.write_string(row, col, _text(value))

    def close(self) -> None:
        self.reports.autofilter(0, 0, max(self.report_rows, 1), len(self.words["report_columns"]) + len(FIGURES) - 1)
        self.findings.autofilter(0, 0, max(self.finding_rows, 1), len(self.words["finding_columns"]) - 1)
        self.book.close()


def _text(value: Any) -> str:
    """A cell's text: written as a string (never a formula); Excel's limit is 32,767 characters a cell."""
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")  # file names that are not UTF-8
    return text if len(text) <= 32_000 else text[:32_000] + "…"
