"""A finding is data: what is wrong, where, and what was expected."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How much a finding weighs; a str, so JSON and comparisons with "error" stay as they were."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    __str__ = str.__str__
    __format__ = str.__format__  # type: ignore[assignment]  # the value, as a str would print


SEVERITIES = tuple(level.value for level in Severity)   # lowest first
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
SEVERITY_ZH = {"info": "提示", "warning": "警告", "error": "错误"}


LOCATION_KEYS = ("page", "bbox", "paragraph", "table", "row", "col", "column", "sheet", "ref")


SHORT_LINE = 300  # past this column a line number helps nobody (minified HTML, crawler text): quote instead


def place(location: dict | None, line: int | None, lang: str = "zh") -> str:
    """Where a person finds it in the file: 第3页, 工作表「表三」C7单元格, 表3第12行第4列 (a Word table), 第18段, or the page line when
    the line is short enough to find."""
    zh = lang != "en"
    location = location or {}
    if "page" in location:
        return f"第{location['page']}页" if zh else f"page {location['page']}"
    if "sheet" in location:
        return f"工作表「{location['sheet']}」{location.get('ref', '')}单元格" if zh else f"sheet '{location['sheet']}' cell {location.get('ref', '')}"
    if "table" in location:
        return (f"文档表{location['table']}第{location['row']}行第{location['col']}列" if zh else
                f"document table {location['table']} row {location['row']} column {location['col']}")
    if "paragraph" in location:
        return f"第{location['paragraph']}段" if zh else f"paragraph {location['paragraph']}"
    if line is not None and location.get("column", 1) <= SHORT_LINE:
        return f"第{line}行" if zh else f"line {line}"
    return ""


def check_severity(value: str) -> Severity:
    if value not in SEVERITY_RANK:
        raise ValueError(f"unknown severity {value!r}; use one of {', '.join(SEVERITIES)}")
    return Severity(value)


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    severity: Severity
    message: str
    message_en: str | None = None
    pointer: str | None = None
    expected: Any = None
    actual: Any = None
    related: tuple[str, ...] = ()
    line: int | None = None
    start: int | None = None
    end: int | None = None
    category: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    location: dict[str, Any] | None = None   # in a Word or PDF document: paragraph, table/row/col, page/bbox
    excerpt: str | None = field(default=None, compare=False)  # the printed text it is about (kept when the page is not)

    def __post_init__(self) -> None:
        if type(self.severity) is not Severity and self.severity in SEVERITY_RANK:
            object.__setattr__(self, "severity", Severity(self.severity))

    def where(self, lang: str = "zh") -> str:
        """Where a person finds it in the file: 第3页, 文档表3第12行第4列, 第18段, else a short page line."""
        return place(self.location, self.line, lang)

    def text(self, lang: str = "zh") -> str:
        if lang == "en" and self.message_en:
            return self.message_en
        return self.message

    def identity(self) -> str:
        """The same finding gets the same identity across runs and unrelated edits (no line numbers in it); a
        finding about a span of text (spam, a number in prose) is told apart by what its message quotes.
        SARIF's fingerprint, and how a waiver names such a finding."""
        import hashlib

        what = [self.code, self.pointer or "", self.category or ""]
        if self.start is not None:
            what.append(self.text("zh"))  # a span of text (spam, a number in prose): its message quotes the span
        return hashlib.sha256("|".join(what).encode("utf-8")).hexdigest()[:32]

    def sort_key(self) -> tuple:
        return (
            -SEVERITY_RANK[self.severity],  # errors first, then warnings, then info
            self.line if self.line is not None else -1,
            self.pointer or "",
            self.code,
            self.start if self.start is not None else -1,
            self.message,
        )

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.text(lang),
            "pointer": self.pointer,
        }
        if self.expected is not None or self.actual is not None:
            out["expected"] = self.expected
            out["actual"] = self.actual
        if self.related:
            out["related"] = list(self.related)
        for key in ("line", "location", "start", "end", "category"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.details:
            out["details"] = self.details
        return out
