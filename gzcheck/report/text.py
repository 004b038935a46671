"""Built-in output formats: text for people, JSON for programs (MODEL.md "Findings")."""

from __future__ import annotations

import json
from typing import IO, Iterable

from gzcheck.version import __version__
from gzcheck.engine.runner import Result
from gzcheck.messages import say
from gzcheck.report.words import related_text, result_dict, shown, where
from gzcheck.visible import visible



def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def write_text(results: Iterable[Result], lang: str, stream: IO[str], **_context) -> None:
    results = list(results)
    zh = lang != "en"
    for result in results:
        counts = result.counts()
        status = say(f"status.{result.status}", lang)
        name = visible(result.input)
        if zh:
            unchecked = f"；未核对 {result.unverified} 项" if result.unverified else ""
            stream.write(f"{name}：{status}（错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}{unchecked}）\n")
        else:
            unchecked = f"; {result.unverified} not checked" if result.unverified else ""
            stream.write(f"{name}: {status} ({_n(counts['error'], 'error')}, {_n(counts['warning'], 'warning')}, "
                         f"{counts['info']} info{unchecked})\n")
        if result.fetched:
            stream.write(_fetched_line(result.fetched, zh))
        for f in result.findings:
            level = say(f"severity.{f.severity}", lang)
            spot = where(f, result.format_version, lang)
            stream.write(f"  {level} {f.code}" + (f" {visible(spot)}" if spot else "") + "\n")
            stream.write(f"      {visible(f.text(lang))}\n")
            if f.expected is not None:
                expected, actual = visible(shown(f.expected, lang)), visible(shown(f.actual, lang))
                stream.write(f"      {say('value.expected', lang)} {expected}{say('page.sep', lang)}{say('value.actual', lang)} {actual}\n")
            related = related_text(f.related, result.format_version, lang)
            if related:
                stream.write(("      相关：" if zh else "      related: ") + visible(related) + "\n")
    tally = {s: sum(r.status == s for r in results) for s in ("pass", "fail", "error")}
    if zh:
        stream.write(f"\n共 {len(results)} 份报告：通过 {tally['pass']}，不通过 {tally['fail']}，出错 {tally['error']}\n")
    else:
        stream.write(f"\n{_n(len(results), 'report')}: {tally['pass']} passed, {tally['fail']} failed, {tally['error']} errored\n")


def _fetched_line(fetched: dict, zh: str | bool) -> str:
    """Where and when a report read from a URL was fetched: the evidence an auditor quotes."""
    final, at, sha = (visible(str(fetched.get(key, "?"))) for key in ("final_uri", "fetched_at", "sha256"))
    moved = final != visible(str(fetched.get("uri")))
    if zh:
        return f"  抓取于 {at}（UTC）" + (f"，重定向到 {final}" if moved else "") + f"，SHA-256 {sha}\n"
    return f"  fetched {at} (UTC)" + (f", redirected to {final}" if moved else "") + f", SHA-256 {sha}\n"


def write_json(results: Iterable[Result], lang: str, stream: IO[str], **_context) -> None:
    doc = {"gzcheck": __version__, "reports": [result_dict(r, lang) for r in results]}
    json.dump(doc, stream, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False)
    stream.write("\n")
