"""Large regular expressions, compiled once and kept between runs.

Python compiles a pattern on every start and keeps nothing: the claims scan (28 patterns in one) takes 5 ms,
a twentieth of a cold check. Its compiled program is kept in the user cache and handed back to the regex
engine at the next start (0.3 ms). An entry is only read by the interpreter build that wrote it, and only
written after the program rebuilt from it was checked equal to what ``re.compile`` made; anything unexpected
(another Python, a changed engine, a broken file) means compiling as usual.
"""

from __future__ import annotations

import re
import sys

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # Python 3.10 names the compiler's modules differently: compile as usual there
    _sre = None

_RUNTIME = f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}"


def compiled(pattern: str, flags: int = 0, *, name: str) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the user cache entry ``regex-<name>`` when this interpreter compiled
    the same pattern before (a changed pattern takes the entry over: old programs do not pile up)."""
    if _sre is None:
        return re.compile(pattern, flags)
    from gzcheck.user_cache import remembered

    programs: list[re.Pattern] = []

    def loads(parts) -> bool:
        if parts is None:
            return True  # this engine's programs cannot be kept: compiled as usual below
        try:
            programs.append(_program(pattern, parts))
        except Exception:  # noqa: BLE001 - a damaged entry: compiled and stored again
            return False
        return True

    def make() -> list | None:
        programs.append(re.compile(pattern, flags))
        try:
            parts = _parts(pattern, flags)
            return parts if _program(pattern, parts) == programs[-1] else None  # equality compares the code itself
        except Exception:  # noqa: BLE001 - the engine's internals changed: nothing is kept, nothing is lost
            return None

    remembered(f"regex-{name}.json", f"{_RUNTIME}|{flags}|{pattern}", make, usable=loads)
    return programs[-1] if programs else re.compile(pattern, flags)


def _parts(pattern: str, flags: int) -> list:
    """What the standard library's ``re._compiler.compile`` hands to the engine, as JSON can hold it."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for group, index in groupindex.items():
        indexgroup[index] = group
    return [flags | parsed.state.flags, list(code), parsed.state.groups - 1, groupindex, indexgroup]


def _program(pattern: str, parts: list) -> re.Pattern:
    final_flags, code, groups, groupindex, indexgroup = parts
    return _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
