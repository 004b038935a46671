"""The engine of the built-in rules, built the first time a test asks (never at import, so collecting the tests
or running a few of them costs nothing for the others)."""

from functools import cache

from gzcheck.engine.plugins import PluginHost
from gzcheck.engine.runner import Engine


@cache
def engine() -> Engine:
    return Engine(PluginHost().load().rules())
