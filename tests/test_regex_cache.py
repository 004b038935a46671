"""The spam lexicon's compiled pattern kept between runs matches exactly as a fresh compile."""


def test_a_compiled_pattern_from_the_cache_matches_as_a_fresh_one(tmp_path, monkeypatch):
    import re

    from gzcheck_rules.spam_detector import compiled

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pattern = r"(?P<word>澳门|赌场)[\s]{0,3}(?:网站|平台)?|av(?![a-z])"
    text = "访问澳门 网站和赌场平台，avx 与 av 不同"
    fresh = [m.span() for m in re.finditer(pattern, text)]
    first = compiled(pattern)                      # compiles and stores the program
    [stored] = list((tmp_path / "gzcheck").glob("regex-*.marshal"))
    again = compiled(pattern)                      # loads it
    assert [m.span() for m in first.finditer(text)] == [m.span() for m in again.finditer(text)] == fresh
    assert again.search("赌场").group("word") == "赌场"
    stored.write_bytes(b"\x00garbage")             # a damaged cache file: compiled afresh, never a crash
    assert [m.span() for m in compiled(pattern).finditer(text)] == fresh
