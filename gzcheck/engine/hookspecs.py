"""The hooks a gzcheck plugin can implement.

Hooks only *register* things (rule classes, input readers, output formats, rule packs); the engine runs the
rules itself, each in its own guard, so one broken plugin can never stop the others or make a run pass
silently. A plugin module implements a hook with a function of the same name marked ``@gzcheck.hookimpl``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Protocol, TextIO

import pluggy

if TYPE_CHECKING:
    from gzcheck.engine.rule import Rule
    from gzcheck.inputs import Reader
    from gzcheck.result import Result

hookspec = pluggy.HookspecMarker("gzcheck")
hookimpl = pluggy.HookimplMarker("gzcheck")

class Format(Protocol):
    """An output format: writes ``results`` to ``stream`` in ``lang`` (zh or en)."""

    def __call__(self, results: Iterable[Result], lang: str, stream: TextIO, **context: Any) -> None: ...


@hookspec
def gzcheck_rules() -> list[type[Rule]]:
    """Return a list of :class:`gzcheck.Rule` subclasses this plugin provides."""
    raise NotImplementedError


@hookspec
def gzcheck_readers() -> list[Reader]:
    """Return a list of :class:`gzcheck.inputs.Reader` instances that turn input bytes into a report."""
    raise NotImplementedError


@hookspec
def gzcheck_rule_packs() -> list[str | Path]:
    """Return a list of paths of YAML rule packs this plugin ships (docs/rule-packs.md)."""
    raise NotImplementedError


@hookspec
def gzcheck_formats() -> dict[str, Format]:
    """Return a dict mapping an output format name to a function ``write(results, lang, stream, **context)``.

    ``results`` are :class:`gzcheck.Result`; ``stream`` a text stream; ``context`` holds ``rules`` (rule code ->
    RuleInfo, for rule docs) and ``fail_on`` (the lowest failing severity); accept and ignore keys you do not use.
    """
    raise NotImplementedError

