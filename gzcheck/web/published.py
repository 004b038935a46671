"""A report read where it is published: the page at a URL, with the attachment its tables are in, and — with
``--as-crawler`` — the page as a search engine's crawler is served it.

The report records every fetch that made it (``source.fetches``: URL, final URL, time, status, SHA-256), so a
result can be traced to the bytes an auditor kept (``--save``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlsplit

from gzcheck.errors import InputError
from gzcheck.inputs import Loaded, binary_kind
from gzcheck.read.decoding import common_share, decode_page
from gzcheck.tables_file import TABLES, with_tables
from gzcheck.web.attachments import attachment_links
from gzcheck.web.evidence import Evidence
from gzcheck.web.fetch import CRAWLER_AGENT, CRAWLER_REFERER, USER_AGENT, Fetched, Fetcher, Limits
from gzcheck.web.options import WebOptions
from gzcheck.web.reach import Reach

Read = Callable[[bytes, str], Loaded]   # bytes and a name → the report read (the checker's readers)


class Web:
    """Fetches for one run: live (kept as evidence when ``save`` is given) or from the evidence folder."""

    def __init__(self, options: WebOptions) -> None:
        self.options = options
        self.evidence = Evidence(Path(options.save)) if options.save else None
        self._fetcher: Fetcher | None = None
        self._starting = threading.Lock()   # a batch fetches from several threads: one client for them all
        self._limits = Limits(connect_seconds=options.fetch_timeout, read_seconds=options.fetch_timeout,
                              total_seconds=3 * options.fetch_timeout)

    def get(self, url: str, user_agent: str = USER_AGENT, referer: str | None = None) -> Fetched:
        if self.evidence is not None and (self.options.resume or self.options.offline):
            kept = self.evidence.find(url, user_agent)
            if kept is not None:
                return kept
        if self.options.offline:
            raise InputError(f"{url} 没有抓取到（抓取时失败，或被网站的 robots.txt 禁止）",
                             f"{url} was not fetched (the fetch failed, or the site's robots.txt forbids it)")
        with self._starting:
            if self._fetcher is None:
                self._fetcher = Fetcher(Reach(self.options.allow), self._limits)
        fetched = self._fetcher.get(url, user_agent, referer)
        if self.evidence is not None:
            self.evidence.keep(fetched)
        return fetched

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def crawler_referer(url: str) -> str:
    return CRAWLER_REFERER + quote(urlsplit(url).hostname or "")


def read_url(url: str, web: Web, read: Read) -> Loaded:
    """The report published at ``url``; InputError (a FetchError) when it cannot be had or read."""
    page = web.get(url)
    loaded, problem = _read_fetched(page, read)
    links = attachment_links(decode_page(page.data).text, page.final_url) if _is_page(page) else []
    fetches = [{**page.record(), "role": "page"}]
    notes: list[dict] = []
    if links and (loaded is None or not _has_tables(loaded.report)):
        loaded = _with_attachment(loaded, links, web, read, fetches, notes)
    if loaded is None:
        raise problem or InputError("页面不是年报", "the page is not a report")
    if web.options.as_crawler and _is_page(page):
        crawler = web.get(url, CRAWLER_AGENT, crawler_referer(url))
        fetches.append({**crawler.record(), "role": "crawler"})
        if crawler.sha256 != page.sha256:
            _source(loaded.report)["crawler_text"] = decode_page(crawler.data).text
    source = _source(loaded.report)
    source["fetches"] = fetches
    source["notes"] = list(source.get("notes") or []) + notes
    return loaded


def _read_fetched(fetched: Fetched, read: Read) -> tuple[Loaded | None, InputError | None]:
    data, note = _in_declared_charset(fetched)
    try:
        loaded = read(data, fetched.url)
    except InputError as exc:
        return None, exc
    source = _source(loaded.report)
    source["sha256"] = fetched.sha256  # of the bytes as published, whichever charset they were read in
    if data is not fetched.data:
        source["encoding"] = fetched.charset
    if note:
        source["notes"] = list(source.get("notes") or []) + [note]
    return loaded, None


def _in_declared_charset(fetched: Fetched) -> tuple[bytes, dict | None]:
    """The page in the charset its Content-Type header declares, when the bytes are that charset; a page whose
    header is wrong (a GBK page sent as ISO-8859-1 or UTF-8) is read by its meta tag or its bytes, as a file
    is, and the wrong header is said."""
    declared = fetched.charset
    if declared is None or binary_kind(fetched.data) is not None:
        return fetched.data, None
    guessed = decode_page(fetched.data)
    if _codec(declared) == _codec(guessed.encoding):
        return fetched.data, None
    try:
        text = fetched.data.decode(declared)
    except (UnicodeDecodeError, LookupError):
        text = None
    if text is not None and common_share(text) >= common_share(guessed.text) - 0.02:
        return text.encode("utf-8"), None
    return fetched.data, {"code": "GZ-010", "severity": "info", "pointer": None,
                          "message": f"服务器声明页面编码为 {declared}，但内容不是该编码，已按 {guessed.encoding} 读取",
                          "message_en": f"the server declares the charset {declared}, but the page is not in it; read as {guessed.encoding}"}


def _codec(name: str) -> str:
    import codecs

    try:
        return codecs.lookup({"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)).name
    except LookupError:
        return name


def _with_attachment(page: Loaded | None, links: list[tuple[str, str]], web: Web, read: Read,
                     fetches: list[dict], notes: list[dict]) -> Loaded | None:
    """The page with the first attachment holding tables: its tables when the page has the report's text, the
    attachment alone when the page is only a notice linking to it."""
    for url, label in links:
        name = label or url
        try:
            attachment = web.get(url)
        except InputError as exc:
            notes.append(_note(f"附件「{name}」未能取得：{exc.message}", f"attachment '{name}' could not be fetched: {exc.message_en}"))
            continue
        fetches.append({**attachment.record(), "role": "attachment"})
        loaded, problem = _read_fetched(attachment, read)
        if loaded is None or not _has_tables(loaded.report):
            why = problem.message if problem else "其中没有表格"
            notes.append(_note(f"附件「{name}」未用于检查：{why}", f"attachment '{name}' not used: {problem.message_en if problem else 'no tables in it'}"))
            continue
        if page is not None and len(_dict(page.report.get("sections"))) >= 3:
            return with_tables(page, loaded, url)  # which says the tables were taken from the attachment
        notes.append(_note(f"页面本身没有年报内容，检查的是页面附件「{name}」", f"the page holds no report; its attachment '{name}' was checked"))
        return loaded
    return page


def _has_tables(report: object) -> bool:
    """Whether any cell of tables 二–四 was read from this document."""
    provenance = _dict(report.get("provenance")) if isinstance(report, dict) else {}
    prefixes = tuple(f"/{key}/" for key in TABLES)
    return any(str(pointer).startswith(prefixes) for pointer in provenance)


def _is_page(fetched: Fetched) -> bool:
    return binary_kind(fetched.data) is None


def _source(report: object) -> dict:
    if not isinstance(report, dict):
        raise InputError("页面不是年报", "the page is not a report")
    source = report.get("source")
    if not isinstance(source, dict):
        source = report["source"] = {}
    return source


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _note(message: str, message_en: str) -> dict:
    return {"code": "GZ-010", "severity": "info", "pointer": None, "message": message, "message_en": message_en}
