"""The library interface, for notebooks and services: one call to check a report, one to extract one.

    import gzcheck
    result = gzcheck.check("report.docx")               # a path, bytes, or a report as a dict
    result.status, result.findings, result.unverified   # a gzcheck.Result
    report = gzcheck.extract("page.html")                  # the canonical model of a page, Word file or PDF

Both reuse a :class:`gzcheck.Checker` per combination of arguments (building one loads the plugins and the
rules: milliseconds); for full control, build a Checker yourself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from gzcheck.checker import Checker
from gzcheck.result import Result
from gzcheck.settings import Settings


@lru_cache(maxsize=8)
def checker_for(settings: Settings) -> Checker:
    """The checker for ``settings``, built once (a config file is looked for from the working folder then)."""
    return Checker(settings)


def check(report: str | Path | bytes | dict, *, name: str | None = None, previous: Any = None, select: Iterable[str] = (),
          ignore: Iterable[str] = (), fail_on: str | None = None, plugins: Iterable[str] = (), rule_packs: Iterable[str] = (),
          config: str | Path | None = None, no_plugins: bool = False, timeout: float | None = None) -> Result:
    """Check one report — a file path, its bytes (``name`` names it), or a report dict — and return its
    :class:`~gzcheck.Result` (``status``: a :class:`~gzcheck.Status`, ``findings``, ``unverified``, ``report``: the
    model as checked). ``previous`` is last year's report (path, bytes or dict); ``plugins`` and ``rule_packs``
    add an agency's rules (Python plugin files or modules, YAML packs); ``timeout`` is the time budget in seconds
    (default: the config's, else 30). Raises :class:`gzcheck.errors.GzcheckError`
    for a bad config or plugin, :class:`gzcheck.errors.InputError` when ``previous`` cannot be read."""
    settings = Settings(config=str(config) if config else None, plugins=tuple(plugins), rule_packs=tuple(map(str, rule_packs)),
                        select=tuple(select), ignore=tuple(ignore), fail_on=fail_on, no_plugins=no_plugins,
                        timeout=timeout).resolved()
    checker = checker_for(settings)
    last_year = checker.read_previous(previous, "previous") if previous is not None else None
    return checker.check(report, name=name, previous=last_year)


def extract(source: str | Path | bytes, *, name: str | None = None) -> dict:
    """The canonical report of a page, Word file or PDF (or a JSON/YAML report as read). Raises
    :class:`gzcheck.errors.InputError` (with ``message`` in Chinese, ``message_en``) if it cannot be read."""
    return checker_for(Settings().resolved()).read(source, name).report
