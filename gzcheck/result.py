"""The verdict on one input, and the exit code of a run: one definition, used by every way gzcheck is run."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Iterable

from gzcheck.errors import EXIT_FAIL, EXIT_INTERNAL, EXIT_PASS, EXIT_UNREADABLE, InputError, NotAReport
from gzcheck.finding import SEVERITY_RANK, Finding

EXCERPT_CHARS = 160   # the printed text kept with a finding when the page itself is let go


class Status(str, Enum):
    """The verdict: 通过, 不通过 or 出错 (a str, so JSON says "pass", "fail", "error" as before)."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"

    __str__ = str.__str__
    __format__ = str.__format__  # type: ignore[assignment]  # the value, as a str would print


@dataclass
class Result:
    """The verdict on one input: its status, findings and what could not be checked.

    ``report`` is the report as checked (the canonical model, with what the sums determined); results a run
    keeps for long (a folder, a batch) let it go with :meth:`light`, keeping each finding's printed excerpt.
    """

    input: str
    status: Status
    findings: list[Finding]
    format_version: str | None = None
    report: Any = field(default=None, repr=False)
    crashed: bool = False        # a rule or plugin failed, or ran over the time budget: the verdict is "error"
    waived: list[Finding] = field(default_factory=list)
    unverified: int = 0          # identities not checked because a cell could not be read
    not_a_report: bool = False   # the file is not a report at all (a hook may skip it)
    agency: str | None = None
    report_year: int | None = None
    waivers_used: frozenset[int] = frozenset()   # which waivers (their index in the waiver file) this result used
    previous_ignored: bool = False  # a previous year's report was given, but it is not this agency's year before
    figures: dict[str, float | None] = field(default_factory=dict)  # 办结率, 公开率…: gzcheck.model.figures
    fetched: dict | None = None  # read from a URL: the page's fetch (uri, final_uri, fetched_at, sha256…)

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    @classmethod
    def unreadable(cls, input: str, error: InputError) -> "Result":
        """The result of an input that could not be read (or is not a report at all)."""
        return cls(input, Status.ERROR, [error.finding()], not_a_report=isinstance(error, NotAReport))

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            out[finding.severity] += 1
        return out

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "input": self.input,
            "status": self.status,
            "format_version": self.format_version,
            "unverified": self.unverified,
            "findings": [f.to_dict(lang) for f in self.findings],
        }
        if self.fetched:
            out["fetched"] = self.fetched
        if self.waived:
            out["waived"] = [f.to_dict(lang) for f in self.waived]
        return out

    def light(self) -> "Result":
        """This result without the report (a page's text can be megabytes), each finding keeping the printed
        text it is about: what a long run holds on to, or sends from a worker process."""
        text = _source_text(self.report)
        if not text or not any(f.line for f in self.findings):
            return replace(self, report=None)
        lines = text.splitlines()
        return replace(self, report=None, findings=[_with_excerpt(f, text, lines) for f in self.findings])


def _source_text(report: Any) -> str:
    source = report.get("source") if isinstance(report, dict) else None
    text = source.get("text") if isinstance(source, dict) else None
    return text if isinstance(text, str) else ""


def _with_excerpt(finding: Finding, text: str, lines: list[str]) -> Finding:
    """The finding with the text it marks (a span), else its page line, cut to a readable length."""
    if finding.excerpt is not None or not finding.line or finding.line > len(lines):
        return finding
    if finding.start is not None and finding.end is not None:
        excerpt = text[finding.start:finding.end]
    else:
        excerpt = lines[finding.line - 1].strip()
    return replace(finding, excerpt=excerpt if len(excerpt) <= EXCERPT_CHARS else excerpt[:EXCERPT_CHARS] + "…")


def verdict(findings: Iterable[Finding], crashed: bool, fail_on: str, previous: str | None = None) -> Status:
    """error if a rule crashed or the input was unreadable, fail at or above ``fail_on``, else pass."""
    if crashed or previous == Status.ERROR:
        return Status.ERROR
    threshold = SEVERITY_RANK[fail_on]
    return Status.FAIL if any(SEVERITY_RANK[f.severity] >= threshold for f in findings) else Status.PASS


def exit_code(results: Iterable[Result]) -> int:
    """The run's exit code (README, "Exit codes"), whichever way the reports were checked."""
    results = list(results)
    return exit_code_for(crashed=any(r.crashed for r in results), errors=any(r.status is Status.ERROR for r in results),
                         failures=any(r.status is Status.FAIL for r in results))


def exit_code_for(*, crashed: bool, errors: bool, failures: bool) -> int:
    """3 when a rule or plugin failed, 4 when an input could not be checked, 1 when a report failed, else 0."""
    if crashed:
        return EXIT_INTERNAL
    if errors:
        return EXIT_UNREADABLE
    return EXIT_FAIL if failures else EXIT_PASS
