"""How a run reaches the web, and what is an address rather than a file: small enough for every command to
import at start-up (the fetching itself, httpx and sockets, is imported only when a URL is checked)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class WebOptions:
    """How a run reaches the web (a value: it travels to worker processes inside the settings)."""

    allow: tuple[str, ...] | None = None   # the HTTP gate's allow-list; None: any host (the command line)
    save: str | None = None                # keep what was fetched in this folder (gzcheck.web.evidence)
    resume: bool = False                   # take a URL already kept in ``save`` from there, not the web
    offline: bool = False                  # only what ``save`` holds (batch workers: the fetching was done)
    as_crawler: bool = False               # fetch the page again as a search engine's crawler
    fetch_timeout: float = 20.0            # seconds of silence a fetch waits; the whole fetch gets three times that


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,15}://")  # two letters at least: C:// is a Windows drive


def is_url(text: str) -> bool:
    """An address rather than a file name (any scheme: one other than http or https is refused by name)."""
    return _SCHEME.match(text) is not None
