"""Region roll-up: does a summary report (汇总全区各单位) equal the sum of the reports it summarises?

Tables 三 and 四 are compared cell by cell, and table 二's counts, with the sum over the children. Unknown is
not zero here either: a cell a reader could not read (in the summary or in a child), a child's absent table,
or a child that cannot be read at all leaves the sum unknown. Counts are never negative, so the children
that are known still give a lower bound: a summary cell *below* what the known children already add up to
is certainly wrong and is reported; anything else through an unknown is counted as not checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from gzcheck.engine.core_codes import CORE_CODES
from gzcheck.engine.runner import resolved, with_lines
from gzcheck.result import Result, Status, verdict
from gzcheck.errors import InputError
from gzcheck.finding import Finding, Severity
from gzcheck.inputs import Loaded
from gzcheck.model.template import describe, template
from gzcheck.model.unknowns import UNREAD_CELL, cell_value, unread_pointers
from gzcheck.model.validate import is_valid

MISMATCH, CHILD = "ROLL-001", "ROLL-002"
TABLES = ("active_disclosure", "applications", "review_and_litigation")
SHOWN = 5   # children named in a message; the finding's details list them all


@dataclass
class Child:
    """One summarised report, or why it cannot be used (``problem``: zh, en)."""

    name: str
    report: Any = None
    problem: tuple[str, str] | None = None

    unread: frozenset[str] = field(init=False)   # read once: every compared cell asks

    def __post_init__(self) -> None:
        self.unread = unread_pointers(self.report)


@dataclass
class Sum:
    total: int | float = 0
    unknown: list[str] = field(default_factory=list)          # children whose cell is unknown
    parts: list[tuple[str, Any]] = field(default_factory=list)  # (child, value) of the children that add to it


def compared_cells(version: str) -> list[str]:
    """Every cell of tables 三 and 四 and every count of table 二, in template order."""
    return [c.pointer for c in template(version).cells if c.path[0] in TABLES[1:] or c.kind in ("count", "signed")]


def child_of(name: str, loaded: Loaded | None = None, error: InputError | None = None) -> Child:
    if error is not None or loaded is None:
        problem = error or InputError("无法读取", "cannot be read")
        return Child(name, problem=(f"无法读取：{problem.message}", f"cannot be read: {problem.message_en}"))
    if not is_valid(loaded.report):
        return Child(name, problem=("不符合报告结构（先用 gzcheck check 检查它）", "does not follow the report model (run gzcheck check on it)"))
    return Child(name, resolved(loaded.report))


def rollup(summary_name: str, summary: Loaded, children: list[Child], fail_on: str = "error") -> Result:
    """The roll-up verdict on ``summary``: a finding for each cell that differs from the children's sum, and for
    each child that cannot be used (the verdict is then "error": the sums are incomplete)."""
    report = summary.report
    if not is_valid(report):
        problem = InputError("汇总报告本身不符合报告结构，无法核对（先用 gzcheck check 检查它）",
                             "the summary itself does not follow the report model (run gzcheck check on it)")
        return Result.unreadable(summary_name, problem)
    report = resolved(report)
    version, year = report["format_version"], report["report_year"]
    findings, usable = [], []
    for child in children:
        if child.problem is None and (child.report["format_version"], child.report["report_year"]) != (version, year):
            child = Child(child.name, problem=(
                f"是 {child.report['report_year']} 年度（{child.report['format_version']} 年格式）的报告，汇总报告是 {year} 年度（{version} 年格式）",
                f"is a {child.report['report_year']} report ({child.report['format_version']} template); the summary is {year} ({version})"))
        if child.problem is not None:
            findings.append(_child_finding(child.name, *child.problem))
        else:
            usable.append(child)
    missing = [c.name for c in children if c not in usable]
    unread = unread_pointers(report)
    unverified = 0
    for ptr in compared_cells(version):
        stated = _value(report, ptr, unread)
        if stated is UNREAD_CELL:
            unverified += 1
            continue
        total = _sum(ptr, usable)
        exact = not total.unknown and not missing
        signed = template(version).by_pointer(ptr).kind == "signed"
        if exact and stated != total.total:
            findings.append(_mismatch(report, ptr, stated, total, exact=True))
        elif not exact and not signed and stated < total.total:
            findings.append(_mismatch(report, ptr, stated, total, exact=False, missing=missing))
        elif not exact:
            unverified += 1
    findings = with_lines(findings, report, summary.lines)
    findings.sort(key=Finding.sort_key)
    status = Status.ERROR if missing else verdict(findings, False, fail_on)
    return Result(summary_name, status, findings, version, report, unverified=unverified)


def _value(report: dict, ptr: str, unread: frozenset[str]) -> Any:
    value = cell_value(report, ptr, unread)
    return 0 if value is None else value   # a printed blank is 0; UNREAD_CELL stays unknown


def _sum(ptr: str, children: list[Child]) -> Sum:
    out = Sum()
    for child in children:
        value = _value(child.report, ptr, child.unread)
        if value is UNREAD_CELL:
            out.unknown.append(child.name)
        else:
            out.total += value
            if value:
                out.parts.append((child.name, value))
    return out


def _mismatch(report: dict, ptr: str, stated: Any, total: Sum, *, exact: bool, missing: Sequence[str] = ()) -> Finding:
    version = report["format_version"]
    where, where_en = describe(ptr, version), describe(ptr, version, "en")
    shown = "、".join(f"{name} {value}" for name, value in total.parts[:SHOWN]) + ("等" if len(total.parts) > SHOWN else "")
    shown_en = ", ".join(f"{name} {value}" for name, value in total.parts[:SHOWN]) + (" …" if len(total.parts) > SHOWN else "")
    if exact:
        zh = f"{where}汇总填报 {stated}，各下级报告之和为 {total.total}（{shown or '各下级报告均为 0'}）"
        en = f"{where_en}: the summary states {stated}, the children add up to {total.total} ({shown_en or 'all 0'})"
        expected: Any = total.total
    else:
        gaps = len(total.unknown) + len(missing)
        zh = (f"{where}汇总填报 {stated}，但已读出的下级报告之和已达 {total.total}（{shown}）；另有 {gaps} 份下级报告"
              f"此格未能读取，即使都按 0 计，合计也不少于 {total.total}，汇总数填小了")
        en = (f"{where_en}: the summary states {stated}, but the children that could be read already add up to "
              f"{total.total} ({shown_en}); {gaps} more could not be read here, and even at 0 the sum is at least {total.total}")
        expected = f">= {total.total}"
    return Finding(code=MISMATCH, rule=CORE_CODES[MISMATCH]["name"], severity=Severity.ERROR, pointer=ptr, message=zh, message_en=en,
                   expected=expected, actual=stated,
                   details={"children": [{"input": name, "value": value} for name, value in total.parts],
                            "unknown_in": list(total.unknown)})


def _child_finding(name: str, zh: str, en: str) -> Finding:
    return Finding(code=CHILD, rule=CORE_CODES[CHILD]["name"], severity=Severity.ERROR,
                   message=f"下级报告 {name} {zh}；汇总数无法完整核对", message_en=f"the summarised report {name} {en}; the sums cannot be fully checked",
                   details={"input": name})


def rollup_files(checker: Any, summary_path: str, child_paths: list[str], problems: Sequence[Child] = ()) -> Result:
    """Read the summary and its children as ``checker`` reads a file (its readers, its time budget per file) and
    roll them up. ``problems`` are children already known to be unusable (a pattern that matched nothing)."""
    import os

    try:
        summary = checker.read(summary_path)
    except InputError as exc:
        return Result.unreadable(summary_path, exc)
    itself = os.path.realpath(summary_path)
    children, notes = list(problems), []
    seen: dict[str, str] = {}   # a file (by its real path) -> the name it was first counted under
    for path in child_paths:
        if os.path.realpath(path) == itself:
            notes.append(Finding(code=CHILD, rule=CORE_CODES[CHILD]["name"], severity=Severity.INFO, details={"input": path},
                                 message=f"汇总报告 {path} 本身也在下级报告列表中，未计入合计",
                                 message_en=f"the summary {path} is also among the children; it is not added to the sums"))
            continue
        first = _counted_before(path, seen)
        if first is not None:  # one unit twice (a.json a.json, a/../a.json, a link): a sum must count it once
            notes.append(Finding(code=CHILD, rule=CORE_CODES[CHILD]["name"], severity=Severity.WARNING, details={"input": path},
                                 message=f"下级报告 {path} 与 {first} 是同一份报告，只计入一次",
                                 message_en=f"the summarised report {path} is the same report as {first}; counted once"))
            continue
        try:
            children.append(child_of(path, checker.read(path)))
        except InputError as exc:
            children.append(child_of(path, error=exc))
    result = rollup(summary_path, summary, children, checker.config.fail_on)
    result.findings = sorted(result.findings + notes, key=Finding.sort_key)
    return result


def _counted_before(path: str, seen: dict[str, str]) -> str | None:
    """The name under which this file (the same file, by its real path) was already counted, if it was."""
    import os

    real = os.path.realpath(path)
    if real in seen:
        return seen[real]
    seen[real] = path
    return None


def load_mapping(path: str) -> list[tuple[str, list[str], list[Child]]]:
    """A roll-up mapping file: ``summary: [children…]`` (paths and glob patterns relative to the file).
    Returns (summary, child files, children that matched nothing) for each summary."""
    import glob
    from pathlib import Path

    from gzcheck.errors import UsageError
    from gzcheck.read.decoding import decode_utf8
    from gzcheck.read.files import read_bytes
    from gzcheck.read.yaml_safe import load_yaml

    try:
        data, _ = load_yaml(decode_utf8(read_bytes(path, 1 << 20), "YAML"))
    except InputError as exc:
        raise UsageError(f"汇总对应文件 {path} 无法读取：{exc.message}", f"cannot read the roll-up mapping {path}: {exc.message_en}") from None
    if not isinstance(data, dict) or not all(isinstance(v, list) and all(isinstance(c, str) for c in v) for v in data.values()):
        raise UsageError(f"汇总对应文件 {path} 应写成「汇总报告: [下级报告或通配符, …]」",
                         f"the roll-up mapping {path} must map each summary file to a list of children (files or patterns)")
    base = Path(path).parent
    out = []
    for summary, patterns in data.items():
        files, unmatched = [], []
        for pattern in [summary, *patterns]:
            if Path(pattern).is_absolute() or not (base / pattern).resolve().is_relative_to(base.resolve()):
                raise UsageError(f"汇总对应文件 {path} 中的「{pattern}」不在该文件所在的文件夹内；对应文件只能指向它旁边的报告",
                                 f"'{pattern}' in the roll-up mapping {path} is outside its folder; a mapping names the "
                                 f"reports beside it")
        for pattern in patterns:
            full = str(base / pattern)
            hits = sorted(glob.glob(full, recursive=True)) if glob.has_magic(pattern) else [full]
            if not hits:
                unmatched.append(Child(full, problem=("没有匹配到任何文件", "matches no file")))
            files += [h for h in hits if h not in files]
        out.append((str(base / summary), files, unmatched))
    return out
