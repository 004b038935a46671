"""Year pairing over many reports: each report meets its agency's report of the year before, memory flat.

The first pass checks every report on its own and keeps, for those that can be paired, their *facts* (the
report without its page text) in a file on disk, with only an index (agency, year) → where they are in
memory. The second pass runs the year-over-year rules on each report whose previous year is among them and
adds their findings; a report whose glued table 二 last year's figures can settle is checked again in full
with them, as ``gzcheck check --previous`` would.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from gzcheck.finding import LOCATION_KEYS, Finding
from gzcheck.normalize import label_key
from gzcheck.result import Result, Status, verdict

if TYPE_CHECKING:
    from gzcheck.checker import Checker


def with_facts(result: Result, needed: bool) -> tuple[Result, bytes | None]:
    """The light result and, when it can be paired, its facts: what the year-over-year rules read (the tables,
    the sections) and where each value was printed (without the printed text), pickled, so a worker sends them
    as they are."""
    report = result.report
    facts = None
    if needed and result.status is not Status.ERROR and _key(result) is not None and isinstance(report, dict):
        import pickle

        kept = {key: value for key, value in report.items() if key not in ("source", "provenance")}
        provenance = report.get("provenance")
        if isinstance(provenance, dict):
            kept["provenance"] = {ptr: {k: v for k, v in entry.items() if k in PLACE_KEYS}
                                  for ptr, entry in provenance.items() if isinstance(entry, dict)}
        facts = pickle.dumps(kept, pickle.HIGHEST_PROTOCOL)
    return result.light(), facts


PLACE_KEYS = frozenset(("line", "status", *LOCATION_KEYS))   # what places a finding (the printed text stays behind)


def _key(result: Result) -> tuple[str, int] | None:
    if result.agency is None or result.report_year is None:
        return None
    return label_key(result.agency), result.report_year


def paired_by_year(items: Iterable[tuple[Result, bytes | None]], checker: "Checker", work: Path | None = None) -> Iterator[Result]:
    """Each result, in order, with what its agency's report of the year before (when among them) adds."""
    import pickle
    import tempfile

    with tempfile.TemporaryDirectory(prefix=".gzcheck-pairs-", dir=work) as folder:
        results_path, facts_path = Path(folder) / "results.pickle", Path(folder) / "facts.pickle"
        index: dict[tuple[str, int], int] = {}
        with open(results_path, "wb") as results, open(facts_path, "wb") as facts_out:
            written = 0  # where the next facts go (counted: asking the file flushes its buffer)
            for result, facts in items:
                at = None
                key = _key(result)
                if facts is not None and key is not None:
                    at, written = written, written + facts_out.write(facts)
                    index.setdefault(key, at)  # two files of one agency and year: the first is last year's for the next
                pickle.dump((result, at), results, pickle.HIGHEST_PROTOCOL)
        with open(results_path, "rb") as spooled, open(facts_path, "rb") as lookup:

            def facts_at(offset: int) -> Any:
                lookup.seek(offset)
                return pickle.load(lookup)

            while True:
                try:
                    result, at = pickle.load(spooled)
                except EOFError:
                    break
                key = _key(result)
                before = index.get((key[0], key[1] - 1)) if key is not None and at is not None else None
                if before is not None:
                    result = with_previous_year(checker, result, facts_at(at), facts_at(before))
                yield result
        os.remove(results_path)


def with_previous_year(checker: "Checker", result: Result, facts: dict, previous: dict) -> Result:
    """``result`` with what last year's report adds: the year-over-year rules' findings, or — when last year
    can settle unread table-二 cells of a file — the whole check again with it."""
    rereadable = os.path.isfile(result.input)
    if _table2_unread(facts) and rereadable:
        return checker.check(result.input, previous=previous).light()
    yearly = checker.engine.yearly()
    codes = {type(rule).code for rule, _ in yearly.rules}
    added = yearly.check(facts, previous=previous, input=result.input)
    if rereadable and "provenance" not in facts and any(f.code in codes for f in added.findings):
        # a JSON or YAML report places its findings by its own lines, which the facts leave out: read again
        # (cheap for these formats, and only for reports with a year-over-year finding)
        loaded = _read_again(checker, result.input)
        if loaded is not None:
            added = yearly.check(loaded.report, previous=previous, input=result.input, lines=loaded.lines)
    found = Result(result.input, Status.PASS, [f for f in added.findings if f.code in codes], crashed=added.crashed)
    checker.waive(found)
    findings = sorted([*result.findings, *found.findings], key=Finding.sort_key)
    crashed = result.crashed or found.crashed
    return replace(result, findings=findings, waived=[*result.waived, *found.waived], crashed=crashed,
                   status=verdict(findings, crashed, checker.config.fail_on, result.status),
                   unverified=result.unverified + sum(1 for f in found.findings if f.details.get("unverified") is True),
                   waivers_used=result.waivers_used | found.waivers_used)


def _read_again(checker: "Checker", path: str) -> Any:
    from gzcheck.errors import InputError

    try:
        return checker.read(path)
    except InputError:  # changed or gone since the first pass: the findings stay without their places
        return None


def _table2_unread(facts: dict) -> bool:
    unread = facts.get("unread")
    return isinstance(unread, list) and any(isinstance(p, str) and p.startswith("/active_disclosure") for p in unread)
