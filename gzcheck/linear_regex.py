"""Patterns that cannot hang a run: RE2, whose matching time is linear in the text (no backtracking; patterns
that would need it, such as backreferences, are refused when compiled)."""

from __future__ import annotations


def compile_linear(pattern: str, max_mem: int):
    """An RE2 program for ``pattern`` using at most ``max_mem`` bytes; raises ``re2.error`` for a pattern RE2
    refuses (it never logs to standard error)."""
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

    options = re2.Options()
    options.log_errors = False
    options.max_mem = max_mem
    return re2.compile(pattern, options)
