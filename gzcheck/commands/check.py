"""gzcheck check: the verdict on report files, folders or standard input."""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

from gzcheck.checker import Checker
from gzcheck.commands.common import add_skip_option, add_web_options, without_non_reports, build_checker, emit, report_unused_waivers, say, say_skipped, writer
from gzcheck.errors import EXIT_FAIL, EXIT_PASS, InputError, UsageError
from gzcheck.result import Result, exit_code
from gzcheck.commands.language import words

HELP = ("检查年报文件", "check report files")
SELECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="REPORT", help=words("报告文件、文件夹（递归）、网址（http:// 或 https://）或 -（标准输入）", "files, folders, URLs or - for stdin"))
    parser.add_argument("--stdin-filename", metavar="NAME", help=words("从标准输入读取时，在提示中使用的文件名", "the name stdin is given in messages"))
    add_skip_option(parser)
    parser.add_argument("--exit-zero", action="store_true",
                        help=words("发现问题也以 0 退出（用法错误、内部错误、无法读取仍非 0）", "findings never fail; errors still do"))
    parser.add_argument("--format", default="text", help=words("输出格式：text（默认）、json、sarif、junit、github 或插件提供的格式", "output format: text (default), json, sarif, junit, github or a plugin's"))
    parser.add_argument("--tables", metavar="FILE", help=words("报告的表格另成一个文件时（如 Excel 工作簿），与报告一起作为一份年报检查", "the report's tables in a file of their own (an Excel workbook), checked with the report as one"))
    add_web_options(parser)
    parser.add_argument("--previous", metavar="REPORT", help=words("同一机关上一年度的报告（跨年度核对）；检查多份报告时自动按机关和年度配对", "last year's report for the same agency (checks across years)"))


def run(args: argparse.Namespace) -> int:
    checker = build_checker(args)
    write = writer(checker.formats, args.format)
    names, problems = _inputs(args.inputs, checker.config.exclude, args.lang)
    stdin_name = args.stdin_filename or "-"
    stdin = None
    if "-" in names:
        from gzcheck.read.files import read_stream

        try:
            stdin = read_stream(sys.stdin.buffer)
        except InputError as exc:
            names.remove("-")
            problems.append(Result.unreadable(stdin_name, exc))
    if args.previous or args.tables:
        results = [_one_report(checker, args, names, problems, stdin, stdin_name)]
    else:
        results = list(checker.check_many(names, stdin=stdin, stdin_name=stdin_name))
        if problems:  # what was named but cannot be checked, in its place among the files
            results = sorted(results + problems, key=lambda r: r.input)
    if args.skip_non_reports:
        results = list(without_non_reports(results, args.lang))
    report_unused_waivers(checker, set().union(*(r.waivers_used for r in results)), args.lang)
    emit(lambda: write(results, args.lang, sys.stdout, rules=checker.rules, fail_on=checker.config.fail_on))
    code = exit_code(results)  # the verdict's code, whatever happened to the output stream
    return EXIT_PASS if args.exit_zero and code == EXIT_FAIL else code


def _one_report(checker: Checker, args: argparse.Namespace, names: list[str], problems: list[Result],
                stdin: bytes | None, stdin_name: str) -> Result:
    """One report with last year's (said on standard error when the two are not one agency's consecutive
    years) or with its tables file."""
    if len(names) != 1 or problems:
        raise UsageError("--previous、--tables 只能与一份报告一起使用（多份报告时按机关和年度自动配对）",
                         "--previous and --tables take exactly one report (with several, reports are paired by agency and year)")
    previous = None
    if args.previous:
        try:
            previous = checker.read_previous(args.previous)
        except InputError as exc:
            raise UsageError(f"上一年度报告 {args.previous} 无法读取：{exc.message}",
                             f"the previous year's report {args.previous} cannot be read: {exc.message_en}") from None
    name = names[0]
    result = (checker.check(stdin or b"", name=stdin_name, previous=previous, tables=args.tables) if name == "-" else
              checker.check(name, previous=previous, tables=args.tables))
    if result.previous_ignored:
        say("--previous 给出的报告不是本机关上一年度的报告（机关或年度不一致），未做跨年度核对",
            "the --previous report is not this agency's report for the year before; year-over-year rules did not run", args.lang)
    return result


def _inputs(inputs: list[str], exclude: list[str], lang: str) -> tuple[list[str], list[Result]]:
    """Files as given, ``-`` for standard input, folders walked (config ``exclude`` patterns left out); what was
    named but cannot be checked becomes an error result, never silence."""
    from gzcheck.batch.inputs import NothingToCheck, expand_inputs

    names: list[str] = []
    problems: list[Result] = []
    skipped: list[str] = []
    for name in inputs:
        if name == "-" or not Path(name).is_dir():
            names.append(name)
            continue
        files, unreadable = expand_inputs([name], skipped=skipped)
        kept = [f for f in files if not any(fnmatch.fnmatch(f, p) or fnmatch.fnmatch(Path(f).name, p) for p in exclude)]
        if files and not kept and not unreadable:
            raise NothingToCheck(f"文件夹 {name} 中的文件都被配置的 exclude 排除了，没有要检查的报告",
                                 f"every file in {name} is left out by the config's exclude: nothing to check")
        names += kept
        problems += [Result.unreadable(p.path, InputError(p.message, p.message_en)) for p in unreadable]
    say_skipped(skipped, lang)
    return names, problems
