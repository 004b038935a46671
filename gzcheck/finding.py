"""A finding is data: what is wrong, where, and what was expected."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
SEVERITY_ZH = {"info": "提示", "warning": "警告", "error": "错误"}


def check_severity(value: str) -> str:
    if value not in SEVERITY_RANK:
        raise ValueError(f"unknown severity {value!r}; use one of {', '.join(SEVERITIES)}")
    return value


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    severity: str
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

    def text(self, lang: str = "zh") -> str:
        if lang == "en" and self.message_en:
            return self.message_en
        return self.message

    def sort_key(self) -> tuple:
        return (
            self.line if self.line is not None else -1,
            self.pointer or "",
            -SEVERITY_RANK[self.severity],
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
        for key in ("line", "start", "end", "category"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.details:
            out["details"] = self.details
        return out
