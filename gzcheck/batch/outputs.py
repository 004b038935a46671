"""The batch's files: summary.csv streamed as records arrive, then report.html from a spool."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from pathlib import Path
from typing import Iterable

CSV_FIELDS = ["input", "agency", "year", "template", "status", "errors", "warnings", "infos", "unverified", "top_codes", "reason"]


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
            status["partial"] += bool(record.get("unverified"))
            by_rule.update(record["codes"])
            if record["status"] != "pass":
                failing_by_rule.update({f["code"] for f in record["findings"] if f["severity"] == "error"})
            counts = record["counts"]
            top = sorted(record["codes"].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            writer.writerow({
                "input": record["input"], "agency": record["agency"] or "", "year": record["year"] or "",
                "template": record["template"] or "", "status": record["status"], "errors": counts["error"],
                "warnings": counts["warning"], "infos": counts["info"], "unverified": record.get("unverified", 0),
                "top_codes": " ".join(f"{code}×{n}" for code, n in top), "reason": record["reason"] or "",
            })
            spool_file.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    from gzcheck.report.audit_html import write_html

    totals = {"reports": sum(status[k] for k in ("pass", "fail", "error")), **{k: status.get(k, 0) for k in ("pass", "fail", "error", "partial")}}
    with open(out_dir / "report.html", "w", encoding="utf-8") as html_file:
        write_html(html_file, spool, totals, by_rule, failing_by_rule, lang)
    os.remove(spool)
    return totals
