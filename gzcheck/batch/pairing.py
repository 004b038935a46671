"""Year pairing in a batch: each report meets its agency's report of the year before, memory flat."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from gzcheck.batch.spool import Spool
from gzcheck.engine.runner import verdict


def paired_by_year(records: Iterable[dict], engine, lang: str, work: Path, waivers=None) -> Iterator[dict]:
    """Give each report its agency's report of the year before, when both are in the batch.

    The first pass spools records to disk, and the facts of reports that can be paired (serialised by the
    worker) to a second file, keeping only an index (agency, year) -> where its facts are; the second runs
    the year-over-year rules on each pair and merges their findings. Memory stays flat; the rules run in
    this process, on the pairs only, and only their facts are read back.
    """

    spool, facts_spool, index = Spool(work / ".pass1.spool"), work / ".facts.jsonl", {}
    with spool, open(facts_spool, "w", encoding="utf-8", errors="surrogateescape") as facts_out:
        for record in records:
            pair = record.pop("pair", None)
            if pair is not None:
                record["pair_key"], record["facts_at"] = pair["key"], facts_out.tell()
                index[tuple(pair["key"])] = record["facts_at"]
                facts_out.write(pair["facts"] + "\n")
            spool.add(record)
    yearly = copy.copy(engine)
    yearly.rules = [(rule, severity) for rule, severity in engine.rules if type(rule).needs_previous]
    codes = {type(rule).code for rule, _ in yearly.rules}
    with open(facts_spool, encoding="utf-8", errors="surrogateescape") as lookup:

        def facts_at(offset: int) -> dict:
            lookup.seek(offset)
            return json.loads(lookup.readline())

        for record in spool:
            key, mine = record.pop("pair_key", None), record.pop("facts_at", None)
            before = index.get((key[0], key[1] - 1)) if key else None
            if before is not None:
                current, previous = facts_at(mine), facts_at(before)
                result = yearly.check(current, previous=previous, input=record["input"])
                result.findings = [f for f in result.findings if f.code in codes]
                if waivers is not None:  # waived exactly as check does
                    record["waivers_used"] = sorted(set(record.get("waivers_used", ())) | waivers.apply(result, engine.config.fail_on))
                    record["waived"] = record.get("waived", 0) + len(result.waived)
                if result.findings:
                    _merge(record, result.findings, lang, engine.config.fail_on)
            yield record
    os.remove(spool.path)
    os.remove(facts_spool)


def _merge(record: dict, findings, lang: str, fail_on: str) -> None:
    record["findings"] = sorted(record["findings"] + [f.to_dict(lang) for f in findings],
                                key=lambda f: (f.get("line") or -1, f.get("pointer") or "", f["code"]))
    for f in findings:
        record["counts"][f.severity] += 1
        record["codes"][f.code] = record["codes"].get(f.code, 0) + 1
    if record["status"] != "error":
        record["status"] = "fail" if record["status"] == "fail" or verdict(findings, False, fail_on) == "fail" else "pass"
