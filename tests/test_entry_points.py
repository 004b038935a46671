"""The installed plugins' entry points are cached between runs, and the cache never hides a change."""

import sys

from gzcheck.engine import entry_points as ep


def _install(folder, name, value):
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[gzcheck]\n{name} = {value}\n", encoding="utf-8")
    return info


def test_the_cache_says_what_the_metadata_says_and_follows_installs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    before = ep.entry_points("gzcheck")
    assert before == ep._from_metadata("gzcheck")
    assert (tmp_path / "cache" / "gzcheck" / "entry-points-gzcheck.json").is_file()
    monkeypatch.setattr(ep, "_from_metadata", lambda group: (_ for _ in ()).throw(AssertionError("cache not used")))
    assert ep.entry_points("gzcheck") == before  # a second start reads the cache, not the metadata

    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    _install(site, "agencyrules", "agency_rules.plugin:hooks")
    after = ep.entry_points("gzcheck")
    assert ep.EntryPoint("agencyrules", "agency_rules.plugin:hooks", "agencyrules") in after
    assert after == ep._from_metadata("gzcheck")

    info = site / "agencyrules-1.0.dist-info" / "entry_points.txt"
    info.write_text("[gzcheck]\nagencyrules = agency_rules.other\n", encoding="utf-8")
    import os
    stat = info.stat()
    os.utime(info, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # edited in place: a later time
    assert ep.EntryPoint("agencyrules", "agency_rules.other", "agencyrules") in ep.entry_points("gzcheck")


def test_a_broken_or_foreign_cache_file_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "gzcheck"
    folder.mkdir()
    for text in ("{not json", '{"x": []}', "[1, 2]", '{"%s": [[1, 2, 3]]}' % ep._fingerprint(),
                 '{"%s": "builtin"}' % ep._fingerprint()):
        (folder / "entry-points-gzcheck.json").write_text(text, encoding="utf-8")
        assert ep.entry_points("gzcheck") == ep._from_metadata("gzcheck")


def test_an_entry_point_loads_its_attribute_path():
    assert ep.EntryPoint("x", "os.path:join", None).load() is __import__("os").path.join
    import gzcheck_rules

    assert ep.EntryPoint("x", "gzcheck_rules", "gzcheck").load() is gzcheck_rules
    assert ep.EntryPoint("x", "os:path.join [extra]", None).load() is __import__("os").path.join


def test_answers_for_several_paths_are_kept(tmp_path, monkeypatch):
    """Running from a checkout (its own metadata on the path) and from elsewhere must not evict each other."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sites = []
    for name in ("one", "two"):
        site = tmp_path / name
        site.mkdir()
        _install(site, f"plugin{name}", f"plugin_{name}")
        sites.append(site)
    seen = {}
    for site in sites:
        monkeypatch.setattr(sys, "path", [str(site), *[p for p in sys.path if p not in map(str, sites)]])
        seen[site] = ep.entry_points("gzcheck")
    monkeypatch.setattr(ep, "_from_metadata", lambda group: (_ for _ in ()).throw(AssertionError("cache not used")))
    for site in sites:
        monkeypatch.setattr(sys, "path", [str(site), *[p for p in sys.path if p not in map(str, sites)]])
        assert ep.entry_points("gzcheck") == seen[site]
