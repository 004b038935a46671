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
from gzcheck.commands.language import choose, words
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
    """argparse's formatter, told the terminal's width (argparse would ask ``shutil``, whose import (bz2, lzma)
    is 1 ms of a cold start, for the formatter it makes to check each option it adds), and its usage line in
    the command line's language."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, words("用法：", "usage: ") if prefix is None else prefix)


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
    """argparse's parser speaking the command line's language: its headings, its -h and its errors, which
    are a usage error with our exit code (and a suggestion for a mistyped command)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        helps, kwargs["add_help"] = kwargs.get("add_help", True), False  # our own -h, in our language
        super().__init__(*args, **kwargs)
        self._arguments = self.add_argument_group(words("参数", "arguments"))
        self._options = self.add_argument_group(words("选项", "options"))
        if helps:
            self.add_argument("-h", "--help", action="help", help=words("显示本帮助并退出", "show this help and exit"))

    def add_argument(self, *names: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        group = getattr(self, "_options" if names and str(names[0]).startswith("-") else "_arguments", None)
        return group.add_argument(*names, **kwargs) if group is not None else super().add_argument(*names, **kwargs)

    def error(self, message: str) -> NoReturn:
        zh = message
        for pattern, replacement in _ARGPARSE_ZH:
            zh = re.sub(pattern, replacement, zh)
        hint_zh = hint_en = ""
        wrong = re.search(r"invalid choice: '([^']*)'", message)
        if wrong and self.prog == "gzcheck":  # a mistyped command
            import difflib

            close = difflib.get_close_matches(wrong.group(1), list(COMMANDS), n=1)
            if close:
                hint_zh, hint_en = f"；您是不是要用 gzcheck {close[0]}？", f"; did you mean gzcheck {close[0]}?"
        raise UsageError(f"命令参数有误：{zh}{hint_zh}（用 gzcheck -h 查看用法）", f"bad arguments: {message}{hint_en} (see gzcheck -h)")


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"gzcheck.commands.{COMMANDS[name]}")


def _parser(wanted: str | None = None) -> argparse.ArgumentParser:
    """The command line; where ``wanted`` names a command, only that command's (argparse looks its messages up
    and makes a formatter for each parser and option: all of them were 4 ms of a cold check)."""
    from gzcheck.commands.common import add_common_options, add_selection_options
    from gzcheck.version import __version__

    parser = _Parser(prog="gzcheck", description=words("政府信息公开工作年度报告合规检查（gzcheck 命令 -h 查看各命令的用法）",
                                                       "compliance checks for government information disclosure annual reports "
                                                       "(gzcheck COMMAND -h for a command's options)"))
    parser.add_argument("--version", action="version", version=f"gzcheck {__version__}",
                        help=words("显示版本号并退出", "show the version and exit"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar=words("命令", "COMMAND"),
                                title=words("命令", "commands"), help=words("要运行的命令，见下", "the command to run, below"))
    for name in COMMANDS:
        if wanted in COMMANDS and name != wanted:
            continue
        module = command_module(name)
        command = sub.add_parser(name, help=words(*module.HELP), description=words(*module.HELP))
        add_common_options(command)
        if module.SELECTS:
            add_selection_options(command)
        module.add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (README, "Exit codes")."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = choose(argv)
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
