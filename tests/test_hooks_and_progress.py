"""Every hook is documented and implemented by a built-in plugin; the batch progress is a bar on a terminal, a periodic line in a log."""

import io
import inspect

from gzcheck import core_plugin
from gzcheck.engine.plugins import PluginHost
from gzcheck.engine import hookspecs
from gzcheck.batch.progress import Progress


def test_every_hook_is_documented_and_used():
    host = PluginHost().load(core=core_plugin)
    names = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("gzcheck_")]
    assert set(names) == {"gzcheck_rules", "gzcheck_readers", "gzcheck_formats", "gzcheck_rule_packs"}
    for name in names:
        assert inspect.getdoc(getattr(hookspecs, name)), f"{name} has no docstring"
        if name != "gzcheck_rule_packs":  # the built-in rules are Python; a plugin shipping a pack is in test_packs
            assert getattr(host.pm.hook, name).get_hookimpls(), f"nothing implements {name}"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_a_bar_on_a_terminal_and_a_periodic_line_in_a_log():
    screen, log, quiet_log = Terminal(), io.StringIO(), io.StringIO()
    for stream, every in ((screen, 30.0), (log, 0.0), (quiet_log, 3600.0)):
        progress = Progress(20, stream, log_every=every)
        for _ in range(20):
            progress.step()
    assert "[" + "#" * 30 + "] 已检查 20/20 份" in screen.getvalue() and screen.getvalue().endswith("\n")
    assert log.getvalue().count("\n") == 20 and log.getvalue().startswith("gzcheck: 已检查 1/20 份")
    assert quiet_log.getvalue().splitlines() == [quiet_log.getvalue().strip()] and "20/20" in quiet_log.getvalue()
    english = io.StringIO()
    Progress(1, english, lang="en").step()
    assert english.getvalue().startswith("gzcheck: 1/1 reports checked")
