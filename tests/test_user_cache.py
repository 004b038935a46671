"""What gzcheck keeps between runs (compiled patterns, the claims guard, the spam lexicon) is what it would work
out again, and a stale or damaged entry costs only that work."""

import json
import re
from pathlib import Path

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
    first = regex_cache.compiled(pattern, flags, name="probe")
    assert first == re.compile(pattern, flags)  # Pattern equality compares the compiled code
    assert len(list(own_cache.glob("regex-*.json"))) == 1
    monkeypatch.setattr(regex_cache.re, "compile", lambda *a: pytest.fail("compiled again"))
    again = regex_cache.compiled(pattern, flags, name="probe")
    monkeypatch.undo()
    assert again == re.compile(pattern, flags)
    assert again.groupindex == first.groupindex and again.groups == first.groups and again.flags == first.flags


@pytest.mark.skipif(regex_cache._sre is None, reason="this Python's regex compiler is not the one the cache knows")
@pytest.mark.parametrize("damage", [
    lambda key, parts: (key, [parts[0], [1, 2, 3], *parts[2:]]),  # code the engine refuses
    lambda key, parts: (key, [parts[0], "not code", *parts[2:]]),
    lambda key, parts: (key, "not parts"),
    lambda key, parts: ("another Python|" + key, parts),          # written by another interpreter
])
def test_a_damaged_or_foreign_entry_is_compiled_again_and_rewritten(damage, own_cache):
    pattern = PATTERNS[0][0]
    regex_cache.compiled(pattern, name="probe")
    [path] = own_cache.glob("regex-*.json")
    [(key, parts)] = json.loads(path.read_text(encoding="utf-8")).items()
    path.write_text(json.dumps(dict([damage(key, parts)])), encoding="utf-8")
    assert regex_cache.compiled(pattern, name="probe") == re.compile(pattern)
    [(key, parts)] = json.loads(path.read_text(encoding="utf-8")).items()  # rewritten: this interpreter's, usable
    assert key.startswith(regex_cache._RUNTIME) and regex_cache._program(pattern, parts) == re.compile(pattern)


def test_a_cache_that_cannot_be_written_only_costs_the_compile(own_cache):
    own_cache.parent.mkdir(exist_ok=True)
    own_cache.write_text("a file where the folder should be", encoding="utf-8")
    assert regex_cache.compiled(PATTERNS[1][0], name="probe") == re.compile(PATTERNS[1][0])


def test_a_remembered_value_is_made_again_when_what_it_is_made_from_changes(own_cache):
    from gzcheck.user_cache import remembered

    made = []

    def make():
        made.append(1)
        return {"guard": "[予部]"}

    assert remembered("thing.json", "python 3|1234", make) == {"guard": "[予部]"}
    assert remembered("thing.json", "python 3|1234", make) == {"guard": "[予部]"} and len(made) == 1
    assert remembered("thing.json", "python 3|5678", make) == {"guard": "[予部]"} and len(made) == 2
    (own_cache / "thing.json").write_text("{broken", encoding="utf-8")
    assert remembered("thing.json", "python 3|5678", make) == {"guard": "[予部]"} and len(made) == 3


def test_the_claims_guard_read_back_is_the_one_worked_out(own_cache):
    worked_out = claims._first_characters([p for _, p in claims.PATTERNS])
    assert claims._remembered_first_characters() == worked_out  # made and stored
    assert claims._remembered_first_characters() == worked_out  # read back
    assert claims._FIRST == worked_out


@pytest.mark.skipif(regex_cache._sre is None, reason="this Python's regex compiler is not the one the cache knows")
def test_a_changed_pattern_takes_its_entry_over(own_cache):
    old, new = PATTERNS[0][0], PATTERNS[1][0]
    assert regex_cache.compiled(old, name="probe") == re.compile(old)
    assert regex_cache.compiled(new, name="probe") == re.compile(new)  # never the old program
    assert [p.name for p in own_cache.glob("regex-*.json")] == ["regex-probe.json"]
    assert regex_cache.compiled(old, name="probe") == re.compile(old)


def test_the_spam_lexicon_read_back_is_the_yaml_parsed_and_a_broken_entry_is_parsed_again(own_cache):
    from gzcheck.read.yaml_safe import load_yaml
    from gzcheck_rules import spam_detector

    parsed = load_yaml((Path(spam_detector.__file__).parent / "data" / "spam_lexicon.yaml").read_text(encoding="utf-8"))[0]
    assert spam_detector.lexicon_data.__wrapped__() == parsed  # parsed and stored
    path = own_cache / "spam-lexicon.json"
    [key] = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({key: {"categories": {}}}), encoding="utf-8")
    assert spam_detector.lexicon_data.__wrapped__() == {"categories": {}}  # read back, not parsed
    path.write_text(json.dumps({key: ["not", "a", "lexicon"]}), encoding="utf-8")
    assert spam_detector.lexicon_data.__wrapped__() == parsed
