"""gzcheck: compliance checks for 政府信息公开工作年度报告 (government information-disclosure annual reports)."""

__version__ = "0.1.0"

from gzcheck.finding import Finding  # noqa: E402
from gzcheck.hookspecs import hookimpl  # noqa: E402
from gzcheck.rule import Context, Rule  # noqa: E402

__all__ = ["Context", "Finding", "Rule", "hookimpl", "__version__"]
