"""Every hook is documented and implemented by a built-in plugin; the batch progress bar shows only on a terminal."""

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


def test_progress_bar_on_a_terminal_only():
    screen, pipe = Terminal(), io.StringIO()
    for stream in (screen, pipe):
        progress = Progress(20, stream)
        for _ in range(20):
            progress.step()
    assert "[" + "#" * 30 + "] 20/20" in screen.getvalue() and screen.getvalue().endswith("\n")
    assert pipe.getvalue() == ""
