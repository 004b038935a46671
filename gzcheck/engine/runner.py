"""The engine: validate a report, run each selected rule in its own guard, decide the verdict."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any, Iterable

from gzcheck.logs import debug
from gzcheck.normalize import one_report
from gzcheck.engine.config import Config, matches
from gzcheck.errors import UsageError
from gzcheck.model.figures import figures
from gzcheck.finding import Finding, LOCATION_KEYS, SEVERITY_RANK, Severity
from gzcheck.result import Result, verdict
from gzcheck.engine.plugins import RuleInfo
from gzcheck.inputs import BUILTIN_READERS, Loaded
from gzcheck.engine.guard import OverBudget, exit_refused, is_users, time_budget
from gzcheck.engine.reading import notes_of, reading_findings, unread_findings
from gzcheck.engine.rule import Context, Rule, RuleDefinitionError
from gzcheck.model.unknowns import ReportFacts, derive, unread_pointers
from gzcheck.model.validate import is_valid, schema_findings

MAX_LISTED = 100   # findings listed per rule and report; the rest are counted in one more


class Engine:
    def __init__(self, rules: dict[str, RuleInfo], config: Config | None = None):
        self.config = config or Config()
        self.rules = self._select(rules)
        # the built-in rules and the YAML packs' are ours and tested not to change their input; every other rule
        # (a Python plugin's) gets a copy
        self.trusted = {code for code, info in rules.items() if info.origin in ("built-in", "core")
                        or info.origin.startswith("pack ")}  # pack rules are evaluated by our own code
        self.readers: list = list(BUILTIN_READERS)  # a Checker adds the plugins' readers

    @property
    def needs_previous(self) -> bool:
        """Whether a selected rule reads last year's report (then reports are paired by agency and year)."""
        return any(type(rule).needs_previous for rule, _ in self.rules)

    def yearly(self) -> "Engine":
        """This engine with only its year-over-year rules: what a report's pairing with last year adds."""
        other = copy.copy(self)
        other.rules = [(rule, severity) for rule, severity in self.rules if type(rule).needs_previous]
        return other

    # -- set-up -------------------------------------------------------------------
    def _select(self, rules: dict[str, RuleInfo]) -> list[tuple[Rule, str]]:
        config = self.config
        infos = list(rules.values())

        def resolve(ref: str, what: str) -> list[RuleInfo]:
            hit = [i for i in infos if matches(ref, i.code, i.cls.rule_name())]
            if not hit:
                raise UsageError(f"{what} 中的「{ref}」不对应任何规则（用 gzcheck rules 查看全部规则）",
                                 f"'{ref}' in {what} matches no rule (see gzcheck rules)")
            return hit

        chosen = {i.code for ref in config.select for i in resolve(ref, "select")} if config.select else {i.code for i in infos}
        for ref in config.ignore:
            chosen -= {i.code for i in resolve(ref, "ignore")}
        severity: dict[str, str] = {}
        for ref, level in config.severity.items():
            for info in resolve(ref, "severity"):
                severity[info.code] = level
        options: dict[str, dict] = {}
        for ref, opts in config.options.items():
            hit = [i for i in infos if ref in (i.code, i.cls.rule_name())]
            if not hit:
                raise UsageError(f"options 中的「{ref}」不对应任何规则", f"'{ref}' in options matches no rule")
            options[hit[0].code] = opts
        selected = []
        for info in infos:
            if info.code not in chosen:
                continue
            try:
                rule = info.cls(options.get(info.code))
            except RuleDefinitionError as exc:
                raise UsageError(f"规则 {info.code} 的选项有误：{exc.zh}", f"bad options for rule {info.code}: {exc.en}") from None
            except (ValueError, TypeError, AttributeError, KeyError) as exc:  # the rule's own __init__ failed
                raise UsageError(f"规则 {info.code} 的选项有误：{type(exc).__name__}: {exc}",
                                 f"bad options for rule {info.code}: {type(exc).__name__}: {exc}") from None
            selected.append((rule, severity.get(info.code, info.cls.severity)))
        return sorted(selected, key=lambda pair: type(pair[0]).code)

    # -- checking -------------------------------------------------------------------
    def check_loaded(self, loaded: Loaded, name: str, previous: Any = None) -> Result:
        return self.check(loaded.report, input=name, lines=loaded.lines, previous=previous, extra=loaded.findings)

    def check(self, report: Any, *, input: str = "<report>", lines: dict[str, int] | None = None,
              previous: Any = None, extra: Iterable[Finding] = ()) -> Result:
        with one_report():  # the rules fold the same sections: once each, let go when the report is done
            return self._check(report, input, lines, previous, extra)

    def _check(self, report: Any, input: str, lines: dict[str, int] | None, previous: Any, extra: Iterable[Finding]) -> Result:
        findings = list(extra)
        invalid = schema_findings(report) or unread_findings(report)
        findings.extend(invalid)
        unverified = 0
        if not invalid:
            findings.extend(notes_of(report))
        if previous is not None and is_valid(previous):
            previous = resolved(previous)
        if not invalid:
            report = resolved(report, previous)
        facts = ReportFacts(report)
        version = report.get("format_version") if isinstance(report, dict) else None
        crashed = False
        with time_budget(self.config.timeout):
            for rule, severity in self.rules:
                cls = type(rule)
                if (invalid and cls.requires_valid) or (cls.needs_previous and previous is None):
                    continue
                try:
                    findings.extend(self._run(rule, severity, report, previous, facts, version))
                except OverBudget:
                    crashed = True
                    findings.append(_crash_finding(cls, f"超过每份报告 {self.config.timeout:g} 秒的时间限制",
                                                   f"over the {self.config.timeout:g} s time budget per report"))
                    break  # no time left for the rules after it
                except BaseException as exc:  # noqa: BLE001 - whatever a rule raises makes the verdict "error"
                    if is_users(exc):
                        raise
                    crashed = True
                    debug("rule %s crashed on %s", cls.code, input, exc_info=True)
                    findings.append(_crash_finding(cls, f"{type(exc).__name__}: {exc}"))
        if not invalid:
            about_reading, unverified = reading_findings(facts, report, self.config.fail_on_unverified)
            findings.extend(about_reading)
            unverified += sum(1 for f in findings if f.details.get("unverified") is True)  # rules that could not judge
        findings = with_lines(findings, report, lines)
        findings.sort(key=Finding.sort_key)
        agency, year = (report.get("agency"), report.get("report_year")) if isinstance(report, dict) else (None, None)
        return Result(input, verdict(findings, crashed, self.config.fail_on), findings, version, report, crashed,
                      unverified=unverified, agency=agency if isinstance(agency, str) else None,
                      report_year=year if isinstance(year, int) and not isinstance(year, bool) else None,
                      figures=figures(report) if not invalid else {})

    def _run(self, rule: Rule, severity: str, report: Any, previous: Any, facts: ReportFacts, version) -> list[Finding]:
        """One rule's findings. A plugin rule works on its own copy, so it cannot change what the others see."""
        cls = type(rule)
        if cls.code not in self.trusted:
            with exit_refused():  # a plugin's code may not end the process (and so the gate) on its own
                return self._findings(rule, severity, copy.deepcopy(report), copy.deepcopy(previous), None, version)
        return self._findings(rule, severity, report, previous, facts, version)

    def _findings(self, rule: Rule, severity: str, report: Any, previous: Any, facts: ReportFacts | None, version) -> list[Finding]:
        cls = type(rule)
        facts = facts if facts is not None else ReportFacts(report)
        ctx = Context(rule, severity, version, previous, self.config, facts)  # positional: made per rule and report
        out: list[Finding] = []
        more, worst = 0, "info"
        result = rule.check(report, ctx)
        for finding in () if result is None else result:  # a check() may return nothing
            if not isinstance(finding, Finding):
                raise TypeError(f"check() yielded {type(finding).__name__}, not a Finding (use ctx.finding)")
            if finding.code != cls.code or finding.severity not in SEVERITY_RANK:
                raise ValueError(f"check() yielded a finding with code {finding.code!r} and severity {finding.severity!r}; "
                                 f"a rule reports under its own code with error, warning or info (use ctx.finding)")
            if len(out) < MAX_LISTED:
                out.append(finding)
            else:  # a page stuffed with faults must not become tens of thousands of findings (nor their memory)
                more += 1
                worst = max(worst, finding.severity, key=SEVERITY_RANK.__getitem__)
        if more:
            out.append(ctx.finding(severity=worst, details={"not_listed": more},  # as severe as what it stands for
                                   message=f"另有 {more} 处同类问题未逐一列出（每条规则每份报告列出前 {MAX_LISTED} 处）",
                                   message_en=f"{more} more findings of this rule are not listed (the first {MAX_LISTED} are)"))
        return out


def resolved(report: Any, previous: Any = None) -> Any:
    """The report with what the sums (and, for table 二, the prose or last year) determine of its unread cells."""
    if not unread_pointers(report):
        return report  # the common case: nothing unread, nothing to import or do
    from gzcheck.extraction.glued import pin_table2

    return pin_table2(derive(report), previous)


def year_key(report: Any, years_back: int = 0) -> tuple[str, int] | None:
    """(agency, year) that pairs a report with the same agency's report ``years_back`` years earlier."""
    from gzcheck.normalize import label_key

    if not isinstance(report, dict) or not isinstance(report.get("agency"), str) or not isinstance(report.get("report_year"), int):
        return None
    return label_key(report["agency"]), report["report_year"] - years_back


def _crash_finding(cls: type[Rule], detail: str, detail_en: str | None = None) -> Finding:
    return Finding(
        code=cls.code, rule=cls.rule_name(), severity=Severity.ERROR,
        message=f"规则 {cls.code}（{cls.rule_name()}）运行时出错，未能完成检查：{detail}；本次结论为“出错”（加 --debug 查看详细信息）",
        message_en=f"rule {cls.code} ({cls.rule_name()}) crashed and could not finish: {detail_en or detail}; "
                   f"the verdict is 'error' (--debug shows the traceback)",
        details={"internal_error": detail_en or detail},
    )


def with_lines(findings: list[Finding], report: Any, lines: dict[str, int] | None) -> list[Finding]:
    """Fill in the page (or file) line of each finding from provenance or the reader's line map."""
    provenance = report.get("provenance") if isinstance(report, dict) else None
    if not lines and not isinstance(provenance, dict):
        return findings
    out = []
    for finding in findings:
        if finding.pointer and (finding.line is None or finding.location is None):
            line, location = _place_of(finding.pointer, provenance, lines or {})
            finding = replace(finding, line=finding.line if finding.line is not None else line,
                              location=finding.location or location)
        out.append(finding)
    return out


def _place_of(ptr: str, provenance: Any, lines: dict[str, int]) -> tuple[int | None, dict | None]:
    """The line (and, in a document, the paragraph, cell or page) of a pointer or its nearest parent."""
    while True:
        if isinstance(provenance, dict):
            entry = provenance.get(ptr)
            if isinstance(entry, dict) and isinstance(entry.get("line"), int):
                location = {k: entry[k] for k in LOCATION_KEYS if k in entry}
                return entry["line"], location or None
        if ptr in lines:
            return lines[ptr], None
        if not ptr:
            return None, None
        ptr = ptr.rsplit("/", 1)[0]
