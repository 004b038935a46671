"""The gzcheck command line: builds the parser and hands the command to its module in ``gzcheck.commands``."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import signal
import sys
from types import ModuleType
from typing import Any, NoReturn, Sequence

from gzcheck.commands import COMMANDS
from gzcheck.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_PASS, GzcheckError, UsageError
from gzcheck.logs import debug, show_debug
from gzcheck.visible import visible

# argparse speaks English; officials read these in Chinese
_ARGPARSE_ZH = [  # patterns compiled only when an error needs them (re caches them)
    (r"the following arguments are required: (.+)", r"缺少必填的参数：\1"),
    (r"unrecognized arguments: (.+)", r"不认识的参数：\1"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): invalid (\w+) value: (\S+)", r"参数 \1 的取值 \3 不是有效的数值"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个取值"),
]
SHORT_COMMANDS = ("check", "rules", "explain", "schema")  # may end without the interpreter's teardown (see run)


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, told the terminal's width: argparse would ask ``shutil``, whose import (bz2, lzma)
    is 1 ms of a cold start, for the formatter it makes to check each option it adds."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size`` says: $COLUMNS, else the terminal standard output is, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # bad arguments are a usage error with our exit code
        zh = message
        for pattern, replacement in _ARGPARSE_ZH:
            zh = re.sub(pattern, replacement, zh)
        raise UsageError(f"命令参数有误：{zh}（用 gzcheck -h 查看用法）", f"bad arguments: {message} (see gzcheck -h)")


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"gzcheck.commands.{COMMANDS[name]}")


def _parser(wanted: str | None = None) -> argparse.ArgumentParser:
    """The command line; where ``wanted`` names a command, only that command's (argparse looks its messages up
    and makes a formatter for each parser and option: all of them were 4 ms of a cold check)."""
    from gzcheck.commands.common import add_common_options, add_selection_options
    from gzcheck.version import __version__

    parser = _Parser(prog="gzcheck", description="政府信息公开工作年度报告合规检查 / compliance checks for annual reports")
    parser.add_argument("--version", action="version", version=f"gzcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        if wanted in COMMANDS and name != wanted:
            continue
        module = command_module(name)
        command = sub.add_parser(name, help=module.HELP)
        add_common_options(command)
        if module.SELECTS:
            add_selection_options(command)
        module.add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (README, "Exit codes")."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = "en" if _flag_value(argv, "--lang") == "en" else "zh"
    signal.signal(signal.SIGINT, _on_ctrl_c)
    for stream in (sys.stdout, sys.stderr):  # a file name that is not valid UTF-8 is shown escaped, never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = _parser(argv[0] if argv else None).parse_args(argv)
        if args.debug:
            show_debug()
        return int(command_module(args.command).run(args))
    except GzcheckError as exc:
        debug("stopped", exc_info=True)
        print(f"gzcheck: {visible(exc.text(lang))}", file=sys.stderr)
        if argv and argv[0] == "check":  # a CI step reading the output gets a valid document saying what went wrong
            from gzcheck.commands.common import emit
            from gzcheck.report.ci import write_failure

            message = exc.text(lang)
            emit(lambda: write_failure(_flag_value(argv, "--format"), message, sys.stdout))
        return exc.exit_code
    except KeyboardInterrupt:
        print("\ngzcheck: 已中断（Ctrl-C）" if lang != "en" else "\ngzcheck: interrupted (Ctrl-C)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # a command without a verdict (rules, explain, schema) whose reader went away
        return EXIT_PASS
    except Exception as exc:  # noqa: BLE001 - last line of defence: never a bare traceback
        debug("internal error", exc_info=True)
        detail = f"{type(exc).__name__}: {exc}"
        print(visible(f"gzcheck: 内部错误：{detail}（加 --debug 查看详细信息）" if lang == "zh" else
                      f"gzcheck: internal error: {detail} (--debug shows the traceback)"), file=sys.stderr)
        return EXIT_INTERNAL


def run() -> None:
    """The ``gzcheck`` command: :func:`main`, then the exit.

    The short commands (check, rules, explain, schema) end the way mypy's does: the garbage collector waits
    for many more new objects between passes (a start makes tens of thousands that live as long as the
    process), and, where nothing is left for the interpreter's teardown to do — no plugin code ran (it might
    have registered an exit handler), logging was never started, no other thread runs — the process ends at
    once after flushing its output. ``serve`` and ``batch`` end normally."""
    import gc

    short = len(sys.argv) > 1 and sys.argv[1] in SHORT_COMMANDS
    if short:
        gc.set_threshold(200_000, 30, 30)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader gone, or a stream already closed: nothing left to write
        pass
    if short and _nothing_left_at_exit():
        os._exit(code)
    sys.exit(code)


def _nothing_left_at_exit() -> bool:
    from gzcheck.engine.plugins import plugin_code_ran

    threading = sys.modules.get("threading")
    return (not plugin_code_ran() and "logging" not in sys.modules
            and (threading is None or threading.active_count() == 1))


def _on_ctrl_c(signum: int, frame: Any) -> None:
    from gzcheck.engine.guard import user_interrupted

    user_interrupted()
    raise KeyboardInterrupt


def _flag_value(argv: list[str], flag: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(flag + "="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__":
    run()
