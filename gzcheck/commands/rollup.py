"""gzcheck rollup: does a summary report equal the sum of the reports it summarises?"""

from __future__ import annotations

import argparse
import sys

from gzcheck.commands.common import build_checker, emit, writer
from gzcheck.errors import UsageError
from gzcheck.result import exit_code
from gzcheck.commands.language import words

HELP = ("核对汇总报告是否等于所汇总各下级报告之和", "does a summary report equal the sum of its children")
SELECTS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="REPORT", help=words("汇总报告，然后是各下级报告", "the summary, then its children"))
    parser.add_argument("--mapping", metavar="FILE", help=words("汇总对应文件（YAML：汇总报告: [下级报告, …]）", "summary → children mapping"))
    parser.add_argument("--format", default="text", help=words("输出格式：text（默认）、json、sarif、junit、github", "output format: text (default), json, sarif, junit, github"))
    parser.add_argument("--fail-on", choices=("error", "warning", "info"), help=words("达到此级别即不通过（默认 error）", "lowest failing severity"))
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help=words("每份文件的读取时间上限（秒）", "time budget per file"))


def run(args: argparse.Namespace) -> int:
    """One summary and its children on the command line, or many from a mapping file."""
    from gzcheck.engine.rollup import load_mapping

    if bool(args.mapping) == bool(args.inputs):
        raise UsageError("请给出汇总报告和下级报告（gzcheck rollup 汇总.json 下级1.json …），或者 --mapping 文件，二者选一",
                         "give a summary and its children (gzcheck rollup SUMMARY CHILD…) or --mapping FILE, not both")
    if args.inputs and len(args.inputs) < 2:
        raise UsageError("汇总报告之后至少要有一份下级报告", "the summary needs at least one child after it")
    checker = build_checker(args)
    write = writer(checker.formats, args.format)
    plan = load_mapping(args.mapping) if args.mapping else [(args.inputs[0], args.inputs[1:], [])]
    results = [checker.rollup(summary, children, problems) for summary, children, problems in plan]
    emit(lambda: write(results, args.lang, sys.stdout, rules=checker.rules, fail_on=checker.config.fail_on))
    return exit_code(results)
