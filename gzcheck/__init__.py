"""gzcheck: compliance checks for 政府信息公开工作年度报告 (government information-disclosure annual reports).

The package is laid out by pipeline stage: ``read`` (bytes to text or data) → ``extract`` (a page into the
report ``model``) → ``engine`` (rules, plugins, config, waivers, the verdict) → ``report`` (output formats),
driven from the edges: ``cli``, ``batch`` and the assembly in ``app``. ``inputs`` picks the reader for a file.
"""

from gzcheck.engine.hookspecs import hookimpl
from gzcheck.engine.rule import Context, Rule
from gzcheck.finding import Finding
from gzcheck.version import __version__

__all__ = ["Context", "Finding", "Rule", "check", "extract", "hookimpl", "__version__"]


def __getattr__(name: str):
    """``gzcheck.check`` and ``gzcheck.extraction`` (gzcheck.api), loaded on first use."""
    if name in ("check", "extract"):
        from gzcheck import api

        return getattr(api, name)
    raise AttributeError(f"module 'gzcheck' has no attribute {name!r}")
