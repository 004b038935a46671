"""Fetching a list of URLs for a batch, politely: at most ``per_host`` requests to one site at a time and
``delay`` seconds between two of them (longer when its robots.txt asks for a Crawl-delay), robots.txt obeyed
unless told otherwise, a failed fetch retried with back-off (the server's Retry-After honoured up to a
minute), a site that cannot be reached through all its retries not tried again in the run. Everything fetched goes into the evidence folder, and a URL already there is not fetched again, so a
stopped batch is resumed by running it again. The checking that follows reads only from that folder."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from gzcheck.errors import InputError
from gzcheck.inputs import binary_kind
from gzcheck.read.decoding import decode_page
from gzcheck.web.attachments import attachment_links
from gzcheck.web.fetch import CRAWLER_AGENT, USER_AGENT, Fetched, FetchError
from gzcheck.web.published import Web, crawler_referer
from gzcheck.web.reach import checked_address, Reach

MAX_RETRY_WAIT = 60.0
ROBOTS_NAME = "gzcheck"   # the token robots.txt rules name us by


@dataclass(frozen=True)
class Politeness:
    per_host: int = 2
    delay: float = 1.0        # seconds between the starts of two requests to one site
    retries: int = 3
    backoff: float = 2.0      # the first retry's wait; doubled for each next one
    robots: bool = True


class _Site:
    """One host's turn-taking: a semaphore for concurrency, and the earliest time of its next request."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.slots = threading.Semaphore(per_host)
        self.delay = delay
        self.next_start = 0.0
        self.lock = threading.Lock()
        self.robots: RobotFileParser | None = None
        self.robots_read = threading.Event()
        self.down: FetchError | None = None   # unreachable through all its retries: its other URLs fail at once

    def wait_turn(self) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.delay
        if start > now:
            time.sleep(start - now)


class PoliteFetcher:
    def __init__(self, web: Web, politeness: Politeness, sleep: Callable[[float], None] = time.sleep) -> None:
        self.web, self.politeness, self.sleep = web, politeness, sleep
        self._sites: dict[str, _Site] = {}
        self._lock = threading.Lock()

    def fetch_all(self, urls: list[str], done: Callable[[], None] = lambda: None) -> dict[str, InputError]:
        """Fetch every URL with what checking it needs (attachments, the crawler's version); the ones that
        could not be had, with why. ``done`` is called as each URL is finished."""
        failures: dict[str, InputError] = {}
        hosts = {urlsplit(url).netloc for url in urls}
        workers = max(1, min(32, len(hosts) * self.politeness.per_host))
        counting = threading.Lock()

        def one(url: str) -> None:
            try:
                self._fetch_with_parts(url)
            except InputError as exc:
                failures[url] = exc
            finally:
                with counting:
                    done()

        pool = ThreadPoolExecutor(workers)
        try:
            list(pool.map(one, _interleaved(urls)))
        except BaseException:  # Ctrl-C: the URLs not begun are dropped; those in flight end within their deadlines
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return failures

    def _fetch_with_parts(self, url: str) -> None:
        page = self.get(url)
        if binary_kind(page.data) is not None:
            return
        for link, _ in attachment_links(decode_page(page.data).text, page.final_url):
            try:
                self.get(link)
            except InputError:
                pass  # said when the page is checked: that attachment "could not be fetched"
        if self.web.options.as_crawler:
            self.get(url, CRAWLER_AGENT, crawler_referer(url))

    def get(self, url: str, user_agent: str = USER_AGENT, referer: str | None = None) -> Fetched:
        checked_address(url, Reach(self.web.options.allow))
        if self.web.evidence is not None:
            kept = self.web.evidence.find(url, user_agent)
            if kept is not None:
                return kept
        site = self._site(url)
        if self.politeness.robots and not self._allowed(site, url):
            raise InputError(f"网站的 robots.txt 不允许抓取 {url}（确有必要时可加 --ignore-robots）",
                             f"the site's robots.txt forbids fetching {url} (--ignore-robots overrides)")
        for attempt in range(self.politeness.retries + 1):
            if site.down is not None:  # it could not be reached through all its retries: not tried again this run
                raise FetchError(f"{site.down.message}（该网站本次已多次无法连接，未再尝试）",
                                 f"{site.down.message_en} (the site could not be reached earlier in this run; not tried again)")
            with site.slots:
                site.wait_turn()
                try:
                    return self.web.get(url, user_agent, referer)
                except FetchError as exc:
                    if not exc.retry or attempt == self.politeness.retries:
                        if exc.retry and exc.status is None:
                            site.down = exc
                        raise
                    wait = min(MAX_RETRY_WAIT, exc.wait if exc.wait is not None else self.politeness.backoff * 2 ** attempt)
            self.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _site(self, url: str) -> _Site:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            if host not in self._sites:
                self._sites[host] = _Site(self.politeness.per_host, self.politeness.delay)
            return self._sites[host]

    def _allowed(self, site: _Site, url: str) -> bool:
        with site.lock:
            first = site.robots is None and not site.robots_read.is_set()
            if first:
                site.robots = RobotFileParser()
        if first:
            self._read_robots(site, url)
            site.robots_read.set()
        site.robots_read.wait()
        assert site.robots is not None
        return site.robots.can_fetch(ROBOTS_NAME, url)

    def _read_robots(self, site: _Site, url: str) -> None:
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        assert site.robots is not None
        try:
            with site.slots:
                site.wait_turn()
                fetched = self.web.get(robots_url)
            site.robots.parse(decode_page(fetched.data).text.splitlines())
        except InputError:
            site.robots.parse([])  # none (404) or unreachable: everything is allowed, as crawlers read it
        crawl_delay = site.robots.crawl_delay(ROBOTS_NAME)
        if crawl_delay:
            site.delay = max(site.delay, min(float(crawl_delay), MAX_RETRY_WAIT))


def _interleaved(urls: list[str]) -> list[str]:
    """The URLs taken a host at a time in turn, so one slow site does not hold up the workers of the others."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc, []).append(url)
    queues = list(by_host.values())
    out = []
    for i in range(max((len(q) for q in queues), default=0)):
        out += [q[i] for q in queues if i < len(q)]
    return out
