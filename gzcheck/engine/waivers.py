"""Waivers: reviewed, dated acceptances of one known finding, so a gate does not fail on it forever.

A waiver names the finding exactly (rule code + report + pointer), says why
and who reviewed it, and expires. A finding under a live waiver does not
count towards the verdict; an expired waiver fails the report; a waiver that
matched nothing is reported, so stale waivers do not pile up.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from dataclasses import dataclass, replace
from pathlib import Path

from gzcheck.errors import UsageError
from gzcheck.finding import Finding, Severity

EXPIRED_CODE = "GZ-020"
# A report that cannot be read or does not fit the model was not checked: waiving that would pass it unchecked.
UNWAIVABLE = {"GZ-001": "文件无法读取", "GZ-002": "报告不符合数据结构", "GZ-003": "格式版本与表格不符",
              "GZ-013": "勾稽关系因格子未能读取而未核对（未核对不等于通过）"}
FIELDS = {"code", "report", "pointer", "fingerprint", "reason", "reviewed_by", "reviewed_on", "expires"}
REQUIRED = {"code", "report", "reason", "reviewed_by", "reviewed_on", "expires"}


@dataclass(frozen=True)
class Waiver:
    index: int
    code: str
    report: str          # a path or glob, relative to the waiver file
    pointer: str | None
    fingerprint: str | None   # a finding without a pointer (a spam span) is named by its identity
    reason: str
    reviewed_by: str
    reviewed_on: dt.date
    expires: dt.date

    def matches(self, finding: Finding, input_path: str, base: Path) -> bool:
        if finding.code != self.code:
            return False
        if self.fingerprint is not None:
            if finding.identity() != self.fingerprint:
                return False
        elif finding.pointer != self.pointer or finding.start is not None:
            return False  # a span of text (spam, prose) is named by its fingerprint: a pointer would waive later ones
        candidates = {input_path, str(Path(input_path)), _relative(input_path, base)}
        if any(fnmatch.fnmatch(c, self.report) or c == self.report for c in candidates if c):
            return True
        # the documented meaning: relative to the waiver file, whatever the working directory (../reports/x.txt too)
        pattern = os.path.normpath(os.path.join(str(base.resolve()), self.report))
        return fnmatch.fnmatch(str(Path(input_path).resolve()), pattern)


def _relative(path: str, base: Path) -> str | None:
    try:
        return str(Path(path).resolve().relative_to(base.resolve()))
    except ValueError:
        return None


def _date(value, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"{where} 的日期 {value!r} 不是 YYYY-MM-DD", f"{where}: date {value!r} is not YYYY-MM-DD") from None


class Waivers:
    def __init__(self, waivers: list[Waiver], base: Path, today: dt.date | None = None):
        self.waivers = waivers
        self.base = base
        self.today = today or dt.date.today()
        self.used: set[int] = set()

    @classmethod
    def load(cls, path: str | Path, today: dt.date | None = None) -> "Waivers":
        from gzcheck.errors import InputError
        from gzcheck.read.yaml_safe import load_yaml

        path = Path(path)
        if not path.is_file():
            raise UsageError(f"找不到豁免文件：{path}", f"waiver file not found: {path}")
        try:
            data, _ = load_yaml(path.read_text(encoding="utf-8"))
        except InputError as exc:
            raise UsageError(f"豁免文件 {path} 无法读取：{exc.message}", f"cannot read waiver file {path}: {exc.message_en}") from None
        entries = data.get("waivers") if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise UsageError(f"{path}：应为豁免条目的列表", f"{path}: expected a list of waivers")
        waivers = []
        for i, entry in enumerate(entries, start=1):
            where = f"{path} 第 {i} 条"
            if not isinstance(entry, dict) or set(entry) - FIELDS or REQUIRED - set(entry):
                keys = ", ".join(sorted(REQUIRED)) + ", pointer"
                raise UsageError(f"{where}：豁免须有且只有这些字段：{keys}", f"{where}: a waiver has exactly these fields: {keys}")
            if str(entry["code"]) in UNWAIVABLE:
                code = str(entry["code"])
                raise UsageError(f"{where}：{code}（{UNWAIVABLE[code]}）不能豁免：这样的报告规则无法运行，豁免它等于放过未检查的报告；请修正报告",
                                 f"{where}: {code} cannot be waived: the rules cannot run on such a report, so waiving it would pass "
                                 f"a report nobody checked; fix the report")
            if entry.get("pointer") is None and entry.get("fingerprint") is None:
                raise UsageError(f"{where}：豁免须写明是哪一个问题：表格的格用 pointer，没有 pointer 的问题（如 SPAM-001 的一处垃圾内容）"
                                 f"用 fingerprint（gzcheck check --format sarif 中的 partialFingerprints），否则会豁免以后出现的同类问题",
                                 f"{where}: a waiver names one finding: its pointer, or for a finding without one (a SPAM-001 "
                                 f"span) its fingerprint (partialFingerprints in --format sarif); otherwise it would waive "
                                 f"every later finding of the kind")
            waivers.append(Waiver(i, str(entry["code"]), str(entry["report"]), entry.get("pointer"), entry.get("fingerprint"),
                                  str(entry["reason"]),
                                  str(entry["reviewed_by"]), _date(entry["reviewed_on"], where), _date(entry["expires"], where)))
        return cls(waivers, path.parent, today)

    def apply(self, result, fail_on: str = "error") -> set[int]:
        """Move findings under live waivers to ``result.waived``; add a failing finding for each expired one.
        Returns the waivers this result used."""
        from gzcheck.engine.runner import verdict

        kept, waived, used = [], [], set()
        for finding in result.findings:
            waiver = next((w for w in self.waivers if w.matches(finding, result.input, self.base)), None)
            if waiver is None:
                kept.append(finding)
                continue
            used.add(waiver.index)
            if waiver.expires < self.today:
                kept.append(finding)
                kept.append(replace(finding, code=EXPIRED_CODE, rule="waiver-expired", severity=Severity.ERROR,
                                    message=f"对 {finding.code} 的豁免已于 {waiver.expires} 过期（{waiver.reviewed_by} 于 {waiver.reviewed_on} 审核：{waiver.reason}），请重新审核或修正报告",
                                    message_en=f"the waiver of {finding.code} expired on {waiver.expires}; review it again or fix the report",
                                    details={"waiver": waiver.index}))
            else:
                waived.append(finding)
        result.findings = kept
        result.waived = waived
        result.status = verdict(kept, result.crashed, fail_on, result.status)
        self.used |= used
        return used

    def unused(self, used: set[int] | None = None) -> list[Waiver]:
        used = self.used if used is None else used
        return [w for w in self.waivers if w.index not in used]
