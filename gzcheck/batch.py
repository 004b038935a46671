"""Batch audit: check many reports in parallel, streaming, and write summary.csv and report.html.

Workers return small records (no report bodies); records are written to a
JSON-lines spool as they arrive, so memory stays flat however many reports
there are. Output is sorted by input path and carries no timestamps, so the
same inputs always give the same files.
"""

from __future__ import annotations

import copy
import csv
import glob
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from gzcheck.engine import verdict, year_key
from gzcheck.errors import UsageError

EXCERPT_CHARS = 160


def expand_inputs(patterns: Iterable[str]) -> list[str]:
    """Files named by paths, directories (recursively) and globs; sorted, without repeats."""
    found: set[str] = set()
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found.update(str(p) for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            found.add(str(path))
        else:
            matches = [m for m in glob.glob(pattern, recursive=True) if Path(m).is_file()]
            if not matches:
                raise UsageError(f"找不到要检查的文件：{pattern}", f"no files match {pattern}")
            found.update(matches)
    return sorted(found)


@dataclass
class Settings:
    """What a worker needs to rebuild the engine in its own process."""

    config_path: str | None
    plugins: list[str]
    select: list[str]
    ignore: list[str]
    fail_on: str | None
    lang: str
    waivers: str | None = None


_engine = None
_waivers = None
_lang = "zh"
_pairing = False


def _init_worker(settings: Settings) -> None:
    global _engine, _waivers, _lang, _pairing
    from gzcheck.cli import build_engine

    _engine, _waivers, _ = build_engine(settings)
    _lang = settings.lang
    _pairing = needs_pairing(_engine)


def needs_pairing(engine) -> bool:
    """Whether a selected rule reads last year's report (then reports are paired by agency and year)."""
    return any(type(rule).needs_previous for rule, _ in engine.rules)


def check_one(path: str) -> dict:
    """Check one file in a worker; always returns a record, whatever the file holds."""
    try:
        result = _engine.check_path(path)
        used = _waivers.apply(result, _engine.config.fail_on) if _waivers is not None else set()
        record = {**record_of(result, _lang), "waivers_used": sorted(used)}
        key = year_key(result.report) if _pairing and result.status != "error" else None
        if key is not None:
            # what a year-over-year rule needs, without the page text, and the key that pairs it
            record["pair"] = {"key": list(key), "facts": {k: v for k, v in result.report.items() if k not in ("source", "provenance")}}
        return record
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        return {"input": path, "status": "error", "agency": None, "year": None, "template": None,
                "counts": {"error": 1, "warning": 0, "info": 0}, "codes": {},
                "reason": f"内部错误：{type(exc).__name__}: {exc}", "findings": [], "waived": 0, "waivers_used": []}


def record_of(result, lang: str) -> dict:
    report = result.report if isinstance(result.report, dict) else {}
    text = ((report.get("source") or {}).get("text") or "") if isinstance(report.get("source"), dict) else ""
    lines = text.splitlines() if text else []
    findings = []
    for f in result.findings:
        item = f.to_dict(lang)
        if f.line and lines and f.line <= len(lines):
            excerpt = lines[f.line - 1].strip()
            if f.start is not None and f.end is not None:
                excerpt = text[f.start:f.end]
            item["excerpt"] = excerpt if len(excerpt) <= EXCERPT_CHARS else excerpt[:EXCERPT_CHARS] + "…"
        item.pop("details", None)
        findings.append(item)
    reason = next((f.message for f in result.findings if f.code == "GZ-001" or "internal_error" in f.details), None)
    return {
        "input": result.input, "status": result.status,
        "agency": report.get("agency"), "year": report.get("report_year"), "template": result.format_version,
        "counts": result.counts(), "codes": dict(Counter(f.code for f in result.findings)),
        "reason": reason, "findings": findings, "waived": len(getattr(result, "waived", [])),
    }


def run_batch(paths: list[str], settings: Settings, jobs: int, executor: str = "process",
              scheduler: str | None = None) -> Iterator[dict]:
    """Records in input order, computed by ``jobs`` processes (or a Dask cluster)."""
    if executor == "dask":
        from gzcheck.dask_executor import run_on_dask

        yield from run_on_dask(paths, settings, scheduler)
        return
    if jobs <= 1:
        _init_worker(settings)
        for path in paths:
            yield check_one(path)
        return
    import multiprocessing

    chunk = max(1, min(64, len(paths) // (jobs * 8) or 1))
    with multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork").Pool(
            jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        yield from pool.imap(check_one, paths, chunksize=chunk)


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
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {rate:.0f}/s")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


CSV_FIELDS = ["input", "agency", "year", "template", "status", "errors", "warnings", "infos", "top_codes", "reason"]


def paired_by_year(records: Iterable[dict], engine, lang: str, work: Path) -> Iterator[dict]:
    """Give each report its agency's report of the year before, when both are in the batch.

    The first pass spools records to disk and keeps only an index (agency, year) -> spool line;
    the second runs the year-over-year rules on each pair and merges their findings. Memory stays
    flat; the year-over-year rules run in this process, on the pairs only.
    """

    spool, index, offsets = work / ".pass1.jsonl", {}, []
    with open(spool, "w", encoding="utf-8") as out:
        for record in records:
            if "pair" in record:
                index[tuple(record["pair"]["key"])] = len(offsets)
            offsets.append(out.tell())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    yearly = copy.copy(engine)
    yearly.rules = [(rule, severity) for rule, severity in engine.rules if type(rule).needs_previous]
    with open(spool, encoding="utf-8") as source, open(spool, encoding="utf-8") as lookup:
        for line in source:
            record = json.loads(line)
            pair = record.pop("pair", None)
            before = index.get((pair["key"][0], pair["key"][1] - 1)) if pair else None
            if before is not None:
                lookup.seek(offsets[before])
                previous = json.loads(lookup.readline())["pair"]["facts"]
                extra = [f for f in yearly.check(pair["facts"], previous=previous).findings if f.code != "GZ-002"]
                if extra:
                    _merge(record, extra, lang, engine.config.fail_on)
            yield record
    os.remove(spool)


def _merge(record: dict, findings, lang: str, fail_on: str) -> None:
    record["findings"] = sorted(record["findings"] + [f.to_dict(lang) for f in findings],
                                key=lambda f: (f.get("line") or -1, f.get("pointer") or "", f["code"]))
    for f in findings:
        record["counts"][f.severity] += 1
        record["codes"][f.code] = record["codes"].get(f.code, 0) + 1
    if record["status"] != "error":
        record["status"] = "fail" if record["status"] == "fail" or verdict(findings, False, fail_on) == "fail" else "pass"


def write_outputs(records: Iterable[dict], out_dir: Path, lang: str) -> dict:
    """Stream records to summary.csv and a spool; then build report.html from the spool. Returns totals."""
    out_dir.mkdir(parents=True, exist_ok=True)
    spool = out_dir / ".records.jsonl"
    status = Counter()
    by_rule: Counter = Counter()
    failing_by_rule: Counter = Counter()
    with open(out_dir / "summary.csv", "w", encoding="utf-8-sig", newline="") as csv_file, \
            open(spool, "w", encoding="utf-8") as spool_file:
        writer = csv.DictWriter(csv_file, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for record in records:
            status[record["status"]] += 1
            by_rule.update(record["codes"])
            if record["status"] != "pass":
                failing_by_rule.update({f["code"] for f in record["findings"] if f["severity"] == "error"})
            counts = record["counts"]
            top = sorted(record["codes"].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            writer.writerow({
                "input": record["input"], "agency": record["agency"] or "", "year": record["year"] or "",
                "template": record["template"] or "", "status": record["status"], "errors": counts["error"],
                "warnings": counts["warning"], "infos": counts["info"],
                "top_codes": " ".join(f"{code}×{n}" for code, n in top), "reason": record["reason"] or "",
            })
            spool_file.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    from gzcheck.html_report import write_html

    totals = {"reports": sum(status.values()), **{k: status.get(k, 0) for k in ("pass", "fail", "error")}}
    with open(out_dir / "report.html", "w", encoding="utf-8") as html_file:
        write_html(html_file, spool, totals, by_rule, failing_by_rule, lang)
    os.remove(spool)
    return totals
