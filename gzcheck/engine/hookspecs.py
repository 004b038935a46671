"""The hooks a gzcheck plugin can implement.

Hooks only *register* things (rule classes, input readers, output formats);
the engine runs the rules itself, each in its own guard, so one broken
plugin can never stop the others or make a run pass silently.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("gzcheck")
hookimpl = pluggy.HookimplMarker("gzcheck")


@hookspec
def gzcheck_rules():
    """Return a list of :class:`gzcheck.Rule` subclasses this plugin provides."""


@hookspec
def gzcheck_readers():
    """Return a list of :class:`gzcheck.inputs.Reader` instances that turn input bytes into a report."""


@hookspec
def gzcheck_rule_packs():
    """Return a list of paths of YAML rule packs this plugin ships (docs/rule-packs.md)."""


@hookspec
def gzcheck_formats():
    """Return a dict mapping an output format name to a function ``(results, lang, stream, **context) -> None``.

    ``results`` are :class:`gzcheck.engine.runner.Result`. ``context`` holds ``rules`` (rule code -> RuleInfo, for
    rule docs) and ``fail_on`` (the lowest failing severity); accept and ignore keys you do not use.
    """
