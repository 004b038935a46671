"""Compiled patterns kept between runs are the patterns re.compile makes, and a bad entry costs only a compile."""

import json
import re

import pytest

from gzcheck import regex_cache
from gzcheck.extraction import claims

PATTERNS = [
    (r"(?P<num>\d+|[零〇一二两三四五六七八九十百千万]+)件", 0),
    (r"(?<!公开)(?:办结|答复)(?:共)?(?P<n>\d+)件", 0),
    (r"^\s*第?([一二三四五六])[、.．]\s*(.+)$", re.MULTILINE),
    (r"spam|casino", re.IGNORECASE),
    (claims._COMBINED.pattern, 0),
]


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "gzcheck"


@pytest.mark.skipif(regex_cache._sre is None, reason="this Python's regex compiler is not the one the cache knows")
@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_the_kept_program_is_the_compiled_one_and_is_used(pattern, flags, own_cache, monkeypatch):
    first = regex_cache.compiled(pattern, flags)
    assert first == re.compile(pattern, flags)  # Pattern equality compares the compiled code
    assert len(list(own_cache.glob("regex-*.json"))) == 1
    monkeypatch.setattr(regex_cache.re, "compile", lambda *a: pytest.fail("compiled again"))
    again = regex_cache.compiled(pattern, flags)
    monkeypatch.undo()
    assert again == re.compile(pattern, flags)
    assert again.groupindex == first.groupindex and again.groups == first.groups and again.flags == first.flags


@pytest.mark.skipif(regex_cache._sre is None, reason="this Python's regex compiler is not the one the cache knows")
@pytest.mark.parametrize("damage", [
    lambda entry: entry[1].__setitem__(1, [1, 2, 3]),                 # code the engine refuses
    lambda entry: entry[1].__setitem__(1, "not code"),
    lambda entry: entry.__setitem__(1, None),
    lambda entry: entry[0].__setitem__(0, "another Python"),          # written by another interpreter
])
def test_a_damaged_or_foreign_entry_is_compiled_again_and_rewritten(damage, own_cache):
    pattern = PATTERNS[0][0]
    regex_cache.compiled(pattern)
    [path] = own_cache.glob("regex-*.json")
    entry = json.loads(path.read_text(encoding="utf-8"))
    damage(entry)
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert regex_cache.compiled(pattern) == re.compile(pattern)
    assert json.loads(path.read_text(encoding="utf-8"))[0][0] == regex_cache._RUNTIME


def test_a_cache_that_cannot_be_written_only_costs_the_compile(own_cache):
    own_cache.parent.mkdir(exist_ok=True)
    own_cache.write_text("a file where the folder should be", encoding="utf-8")
    assert regex_cache.compiled(PATTERNS[1][0]) == re.compile(PATTERNS[1][0])
