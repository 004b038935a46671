"""The check a request asks for, run in a worker process with a checker built once per set of options.

Exactly the command line's check and output writer, so a response body is byte for byte what
``gzcheck check --format json`` prints; the worker's main thread gives every check its time budget.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from gzcheck.errors import GzcheckError, InputError
from gzcheck.result import Result, Status
from gzcheck.settings import Settings


@dataclass
class Answer:
    status: int             # HTTP status
    body: str               # the --format json (or sarif) document, or an error document
    verdict: str | None     # pass, fail or error; None for a bad request
    layout: dict | None = None


def request_settings(settings: Settings, options: dict) -> Settings:
    """The server's settings with what one request chose (rules, fail level, language)."""
    return replace(settings, select=tuple(options.get("select") or settings.select),
                   ignore=(*settings.ignore, *options.get("ignore", ())), fail_on=options.get("fail_on") or settings.fail_on,
                   lang=options.get("lang", "zh"))


def answer(settings: Settings, data: bytes | str, name: str, options: dict, previous: tuple[bytes, str] | None = None) -> Answer:
    """The answer for an uploaded file's bytes, or for a URL (a str: fetched within the gate's allow-list)."""
    from gzcheck.checker import checker_for
    from gzcheck.web.options import is_url

    lang = options.get("lang", "zh")
    if isinstance(data, str) and not (is_url(data) and settings.web.allow is not None):
        return Answer(400, error_document("不是可以抓取的网址" if lang != "en" else "not a URL this service fetches"), None)
    try:
        checker = checker_for(request_settings(settings, options))
    except GzcheckError as exc:
        return Answer(400, error_document(exc.text(lang)), None)
    last_year = None
    if previous is not None:
        try:
            last_year = checker.read_previous(*previous)
        except InputError as exc:
            return Answer(422, error_document(f"上一年度报告无法读取：{exc.text(lang)}" if lang != "en" else
                                              f"the previous year's report cannot be read: {exc.text(lang)}"), None)
    result = checker.check(data, name=name, previous=last_year)
    if options.get("include_report"):
        from gzcheck.server.layout import layout as page_layout

        layout = page_layout(result, lang)
        if layout is not None and isinstance(data, bytes):
            layout["pictures"] = cell_pictures(data, result)
    else:
        layout = None
    return document(checker.formats, checker.rules, checker.config.fail_on, result, options, layout)


MAX_PICTURES = 20   # pictures of flagged places in one answer


def cell_pictures(data: bytes, result: Result) -> dict[str, str]:
    """For the first findings with a place on a PDF page or a scanned picture, that place as it was printed or
    scanned (a PNG ``data:`` URI), keyed by the finding's place in the list."""
    import base64

    from gzcheck.media import SCAN
    from gzcheck.read.crops import crop_pngs

    source = result.report.get("source") if isinstance(result.report, dict) else None
    media_type = source.get("media_type") if isinstance(source, dict) else None
    if media_type not in ("application/pdf", SCAN):
        return {}
    placed = [(index, f.location) for index, f in enumerate(result.findings)
              if f.location and "bbox" in f.location and f.severity != "info"][:MAX_PICTURES]
    pictures = crop_pngs(data, media_type == "application/pdf", [location for _, location in placed])
    return {str(index): "data:image/png;base64," + base64.b64encode(picture).decode("ascii")
            for (index, _), picture in zip(placed, pictures, strict=True) if picture is not None}


def document(formats: dict, rules: dict, fail_on: str, result: Result, options: dict, layout: dict | None = None) -> Answer:
    """The answer carrying ``result`` as the command line writes it: 422 when the file could not be read."""
    out = io.StringIO()
    formats[options.get("format", "json")]([result], options.get("lang", "zh"), out, rules=rules, fail_on=fail_on)
    unreadable = result.status is Status.ERROR and not result.crashed and result.report is None
    return Answer(422 if unreadable else 200, out.getvalue(), result.status.value, layout)


def error_document(message: str) -> str:
    import json

    return json.dumps({"error": message}, ensure_ascii=False) + "\n"
