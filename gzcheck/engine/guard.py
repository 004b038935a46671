"""Guards around code the engine does not trust to behave: rules and plugins.

Anything a rule raises — ``SystemExit``, ``KeyboardInterrupt``, ``GeneratorExit`` included — becomes that
report's ``error``; only the user's own Ctrl-C (seen by the command line's signal handler) stops the run.
A time budget per file turns a rule or a reader that never returns into an error too.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

DEFAULT_BUDGET = 30.0   # seconds per file; real reports take well under one


class OverBudget(BaseException):
    """The file's time budget ran out (a BaseException, so a rule's ``except Exception`` cannot swallow it)."""


_user_interrupt = threading.Event()


def user_interrupted() -> None:
    """Called by the command line's SIGINT handler: the next KeyboardInterrupt is the user's."""
    _user_interrupt.set()


def is_users(exc: BaseException) -> bool:
    """A KeyboardInterrupt the user caused (it must stop the run), not one a rule raised."""
    return isinstance(exc, (KeyboardInterrupt, OverBudget)) and (_user_interrupt.is_set() or isinstance(exc, OverBudget))


_active = threading.local()


class time_budget:  # noqa: N801 - used like contextlib's context managers; a class: twice per report, no generator
    """Raise :class:`OverBudget` in this thread after ``seconds`` (main thread, Unix; elsewhere no budget).
    Nested budgets keep the outer one."""

    __slots__ = ("seconds", "previous", "armed")

    def __init__(self, seconds: float | None) -> None:
        self.seconds, self.armed = seconds, False
        self.previous: Any = None

    def __enter__(self) -> "time_budget":
        seconds = self.seconds
        if not (seconds and seconds > 0 and hasattr(signal, "setitimer") and not getattr(_active, "on", False)
                and threading.current_thread() is threading.main_thread()):
            return self

        def expire(signum: int, frame: Any) -> None:
            raise OverBudget(seconds)

        self.previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        _active.on = self.armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            _active.on = self.armed = False


class ProcessExit(BaseException):
    """Plugin code called ``os._exit``: refused, so the run still gives its verdict (and output)."""


class exit_refused:  # noqa: N801 - a context manager, like contextlib's
    """While plugin code runs, ``os._exit`` raises :class:`ProcessExit` instead of ending the process at once
    (no output, exit 0, a gate that passes). ``sys.exit`` is already a ``SystemExit`` the rule guard catches."""

    def __enter__(self) -> "exit_refused":
        import os

        self.original = os._exit

        def refuse(code: int) -> None:
            raise ProcessExit(f"os._exit({code})")

        os._exit = refuse  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        import os

        os._exit = self.original
