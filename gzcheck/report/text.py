"""Built-in output formats: text for people, JSON for programs (MODEL.md "Findings")."""

from __future__ import annotations

import json
from typing import IO, Iterable

from gzcheck.version import __version__
from gzcheck.engine.runner import Result
from gzcheck.finding import SEVERITY_ZH
from gzcheck.visible import visible

RELATED_SHOWN = 6
STATUS_TEXT = {
    "zh": {"pass": "通过", "fail": "不通过", "error": "出错"},
    "en": {"pass": "pass", "fail": "fail", "error": "error"},
}


def _shown(value, lang: str) -> str:
    """A cell's value for people: a blank cell is 空白 (blank), not null."""
    if value is None:
        return "空白" if lang != "en" else "blank"
    return json.dumps(value, ensure_ascii=False)


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def write_text(results: Iterable[Result], lang: str, stream: IO[str], **_context) -> None:
    results = list(results)
    zh = lang != "en"
    for result in results:
        counts = result.counts()
        status = STATUS_TEXT["zh" if zh else "en"][result.status]
        name = visible(result.input)
        if zh:
            unchecked = f"；未核对 {result.unverified} 项" if result.unverified else ""
            stream.write(f"{name}：{status}（错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}{unchecked}）\n")
        else:
            unchecked = f"; {result.unverified} not checked" if result.unverified else ""
            stream.write(f"{name}: {status} ({_n(counts['error'], 'error')}, {_n(counts['warning'], 'warning')}, "
                         f"{counts['info']} info{unchecked})\n")
        for f in result.findings:
            level = SEVERITY_ZH[f.severity] if zh else f.severity
            where = " ".join(part for part in (f.where(lang), f.pointer or "") if part)
            stream.write(f"  {level} {f.code} {visible(where)}\n")
            stream.write(f"      {visible(f.text(lang))}\n")
            if f.expected is not None:
                if zh:
                    stream.write(f"      应为 {visible(_shown(f.expected, lang))}，实际为 {visible(_shown(f.actual, lang))}\n")
                else:
                    stream.write(f"      expected {visible(_shown(f.expected, lang))}, found {visible(_shown(f.actual, lang))}\n")
            if f.related:  # a long list is cut for people; JSON and SARIF keep every pointer
                more = len(f.related) - RELATED_SHOWN
                tail = (f" 等共 {len(f.related)} 处" if zh else f" and {more} more") if more > 0 else ""
                stream.write(("      相关：" if zh else "      related: ") + visible(", ".join(f.related[:RELATED_SHOWN])) + tail + "\n")
    tally = {s: sum(r.status == s for r in results) for s in ("pass", "fail", "error")}
    if zh:
        stream.write(f"\n共 {len(results)} 份报告：通过 {tally['pass']}，不通过 {tally['fail']}，出错 {tally['error']}\n")
    else:
        stream.write(f"\n{_n(len(results), 'report')}: {tally['pass']} passed, {tally['fail']} failed, {tally['error']} errored\n")


def write_json(results: Iterable[Result], lang: str, stream: IO[str], **_context) -> None:
    doc = {"gzcheck": __version__, "reports": [r.to_dict(lang) for r in results]}
    json.dump(doc, stream, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False)
    stream.write("\n")
