"""Debug records on the ``gzcheck`` logger. ``logging`` is imported when the first record is made (a crash,
a broken plugin, ``--debug``), not on every start: it costs 3 ms, and a clean run makes none."""

from __future__ import annotations


def debug(message: str, *args, exc_info: bool = False) -> None:
    import logging

    logging.getLogger("gzcheck").debug(message, *args, exc_info=exc_info)


def show_debug() -> None:
    """``--debug``: print the records (and tracebacks) on standard error."""
    import logging

    logging.basicConfig(level=logging.DEBUG, format="gzcheck: %(message)s")
