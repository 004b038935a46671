"""gzcheck: compliance checks for 政府信息公开工作年度报告 (government information-disclosure annual reports).

The package is laid out by pipeline stage: ``read`` (bytes to text or data) → ``extraction`` (a page into the
report ``model``) → ``engine`` (rules, plugins, config, waivers) → ``report`` (output formats) → ``checker``
(the one place a verdict is made), driven from the edges: ``cli`` and its ``commands``, ``batch``, ``server``
and ``api``.
"""

from typing import TYPE_CHECKING, Any

from gzcheck.engine.hookspecs import hookimpl
from gzcheck.engine.rule import Context, Rule
from gzcheck.finding import Finding, Severity
from gzcheck.version import __version__

if TYPE_CHECKING:
    from gzcheck.api import check, extract
    from gzcheck.checker import Checker
    from gzcheck.result import Result, Status
    from gzcheck.settings import Settings

__all__ = ["Checker", "Context", "Finding", "Result", "Rule", "Settings", "Severity", "Status", "check", "extract",
           "hookimpl", "__version__"]

_LAZY = {"check": "gzcheck.api", "extract": "gzcheck.api", "Checker": "gzcheck.checker", "Result": "gzcheck.result",
         "Status": "gzcheck.result", "Settings": "gzcheck.settings"}


def __getattr__(name: str) -> Any:
    """The checking API, loaded on first use (a rule plugin importing ``gzcheck.Rule`` does not need it)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gzcheck' has no attribute {name!r}")
