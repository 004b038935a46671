"""What a run is built from besides the reports: the config file and the flags (or the library's arguments).

Settings are a value: frozen and hashable, passed to worker processes and used to find a checker already
built for them. Nothing is read from or written to the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from gzcheck.web.options import WebOptions


@dataclass(frozen=True)
class Settings:
    config: str | None = None          # the config file; None: looked for from the working folder (see resolved)
    plugins: tuple[str, ...] = ()      # plugin files or modules, beside the config's
    rule_packs: tuple[str, ...] = ()   # YAML rule packs, beside the config's
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None         # None: the config's (default error)
    fail_on_unverified: bool = False
    timeout: float | None = None       # seconds per file; None: the config's (default 30)
    waivers: str | None = None
    lang: str = "zh"
    no_plugins: bool = False           # the built-in rules only, whatever else is installed
    search_config: bool = True         # False once the config has been looked for (resolved)
    pair_tables: bool = False          # a document is checked with the workbook beside it of the same name (batch)
    web: WebOptions = WebOptions()     # how URLs are fetched (allow-list, evidence folder, as a crawler too)

    def resolved(self) -> "Settings":
        """The same settings with every path made absolute and the config file found, so a worker process, or
        a machine of a Dask cluster, builds exactly the checker this process built."""
        if not self.search_config:
            return self
        from gzcheck.engine.config import find_config

        config = Path(self.config) if self.config else find_config(Path.cwd())
        return replace(self, config=_absolute(str(config)) if config else None, search_config=False,
                       plugins=tuple(_absolute(p) if _is_file_ref(p) else p for p in self.plugins),
                       rule_packs=tuple(_absolute(p) for p in self.rule_packs),
                       waivers=_absolute(self.waivers) if self.waivers else None,
                       web=replace(self.web, save=_absolute(self.web.save)) if self.web.save else self.web)


def _is_file_ref(ref: str) -> bool:
    """A plugin named by its file (rules.py, plugins/x.py), not by its module name."""
    return ref.endswith(".py") or "/" in ref


def _absolute(path: str) -> str:
    return os.path.abspath(path)
