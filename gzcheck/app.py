"""A run assembled: the core's own plugin (built-in readers and output formats), and the engine a command
builds from config and flags. The command line, batch workers and the server all start here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gzcheck.engine.hookspecs import hookimpl


@hookimpl
def gzcheck_readers():
    from gzcheck.inputs import BUILTIN_READERS

    return list(BUILTIN_READERS)


def _loaded_on_use(module: str, name: str):
    """An output format's writer, imported when a run writes in it (most runs use one format)."""
    def write(*args, **kwargs):
        import importlib

        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return write


@hookimpl
def gzcheck_formats():
    return {"text": _loaded_on_use("gzcheck.report.text", "write_text"), "json": _loaded_on_use("gzcheck.report.text", "write_json"),
            "sarif": _loaded_on_use("gzcheck.report.ci", "write_sarif"), "junit": _loaded_on_use("gzcheck.report.ci", "write_junit"),
            "github": _loaded_on_use("gzcheck.report.ci", "write_github")}


@dataclass
class Settings:
    """What a run is built from, besides the config file: flags. A batch worker rebuilds its engine from it."""

    config_path: str | None
    plugins: list[str]
    select: list[str]
    ignore: list[str]
    fail_on: str | None
    lang: str
    waivers: str | None = None
    fail_on_unverified: bool = False
    timeout: float | None = None      # seconds per file; None: the config's (default 30)
    rule_packs: list[str] = field(default_factory=list)


def load_host(plugin_refs: list[str] = (), rule_packs: list[str] = ()):
    """The plugin host with the core's own plugin, the installed plugins, ``plugin_refs`` and ``rule_packs``."""
    import sys

    from gzcheck.engine.plugins import PluginHost

    return PluginHost().load(list(plugin_refs), core=sys.modules[__name__], rule_packs=list(rule_packs))


def build_engine(settings: Settings):
    """The engine, waivers and plugin host a run uses, from the config file and flags."""
    from gzcheck.engine.config import check_fail_on, load_config
    from gzcheck.engine.runner import Engine

    config = load_config(Path(settings.config_path) if settings.config_path else None, search_from=Path.cwd())
    if config.disable_plugins:
        os.environ["GZCHECK_NO_PLUGINS"] = "1"  # also for batch and server workers started from here
    host = load_host(config.plugins + settings.plugins, config.rule_packs + settings.rule_packs)
    if settings.select:
        config.select = list(settings.select)
    config.ignore += settings.ignore
    if settings.fail_on:
        config.fail_on = check_fail_on(settings.fail_on)
    config.fail_on_unverified = config.fail_on_unverified or settings.fail_on_unverified
    if settings.timeout is not None:
        config.timeout = settings.timeout
    engine = Engine(host.rules(), config)
    engine.readers = host.readers()
    waiver_file = settings.waivers or config.waivers
    if not waiver_file:
        return engine, None, host
    from gzcheck.engine.waivers import Waivers

    return engine, Waivers.load(waiver_file), host
