"""The batch's files: summary.csv streamed as records arrive, then report.html from a spool.

Everything is written into a fresh folder beside the results and moved into place only when complete, so
an output folder holds either the previous complete results or the new ones — never a half-written mix,
whatever interrupts the run (Ctrl-C, a full disk, a crash).
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterable

from gzcheck.batch.inputs import MARKER
from gzcheck.batch.spool import Spool
from gzcheck.errors import READ_CODE, GzcheckError
from gzcheck.model.template import FORMAT_VERSIONS
from gzcheck.report.words import finding_dict
from gzcheck.result import Result

RESULTS = ("summary.csv", "report.html", "audit.xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class OutputError(GzcheckError):
    """The results could not be written (a full disk, no permission): the previous results are untouched."""


def spreadsheet_safe(value):
    """A cell a spreadsheet would run as a formula (=HYPERLINK(…), +, -, @) is written as text (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def record_of(result: Result, lang: str) -> dict:
    """What the batch's files say of one result: a small dict, spooled between the passes."""
    findings = []
    for f in result.findings:
        item = finding_dict(f, result.format_version, lang)
        if f.excerpt is not None:
            item["excerpt"] = f.excerpt
        item.pop("details", None)
        findings.append(item)
    reason = next((f.text(lang) for f in result.findings if f.code == READ_CODE or "internal_error" in f.details), None)
    return {
        "input": result.input, "status": result.status.value, "crashed": result.crashed,
        "agency": result.agency, "year": result.report_year,
        "template": result.format_version if result.format_version in FORMAT_VERSIONS else None,
        "counts": result.counts(), "codes": dict(Counter(f.code for f in result.findings)), "unverified": result.unverified,
        "reason": reason, "findings": findings, "waived": len(result.waived), "figures": result.figures,
        "fetched": result.fetched,
    }


def write_outputs(records: Iterable[dict], out_dir: Path, lang: str, summaries: dict[str, str] | None = None) -> dict:
    """Stream records to summary.csv and a spool, build report.html from the spool, then move both into
    ``out_dir``. ``summaries`` (rule code → what it checks) label the rules in report.html. Returns totals."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".gzcheck-", dir=out_dir))
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    try:
        totals = _write(records, work, lang, summaries or {}, out_dir)
        (out_dir / MARKER).write_text("gzcheck batch output: files here are results, not reports to check\n", encoding="utf-8")
        for name in RESULTS:
            os.replace(work / name, out_dir / name)
        return totals
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cannot_write(out_dir: Path, exc: OSError) -> OutputError:
    return OutputError(f"无法写入结果文件夹 {out_dir}：{exc.strerror or exc}；原有的结果没有改动",
                       f"cannot write the results to {out_dir}: {exc.strerror or exc}; the previous results are unchanged")


def _write(records: Iterable[dict], work: Path, lang: str, summaries: dict[str, str], home: Path) -> dict:
    from gzcheck.report.audit_html import Tally, write_html
    from gzcheck.report.audit_xlsx import AuditWorkbook
    from gzcheck.messages import say

    tally, spool = Tally(), Spool(work / "records.spool")
    # file names that are not valid UTF-8 (surrogate escapes) are written visibly, never crash the batch
    with open(work / "summary.csv", "w", encoding="utf-8-sig", errors="backslashreplace", newline="") as csv_file, spool:
        writer = csv.writer(csv_file)
        writer.writerow(say("csv.columns", lang))
        workbook = AuditWorkbook(work / "audit.xlsx", lang, summaries)
        for record in records:
            tally.add(record)
            counts, fetched = record["counts"], record.get("fetched") or {}
            top = sorted(record["codes"].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            row = [record["input"], record["agency"] or "", record["year"] or "", record["template"] or "",
                   say(f"status.{record['status']}", lang), counts["error"], counts["warning"], counts["info"],
                   record.get("unverified", 0), " ".join(f"{code}×{n}" for code, n in top), record["reason"] or "",
                   *(fetched.get(key) or "" for key in ("final_uri", "fetched_at", "sha256"))]
            writer.writerow([spreadsheet_safe(value) for value in row])
            workbook.add(record)
            spool.add(record)
        workbook.close()
    with open(work / "report.html", "w", encoding="utf-8", errors="backslashreplace") as html_file:
        write_html(html_file, spool, tally, lang, summaries, scratch=str(work), home=str(home))  # scratch beside the results
    return tally.totals
