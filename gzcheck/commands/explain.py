"""gzcheck explain: what one rule checks and why, with a failing and a passing example."""

from __future__ import annotations

import argparse
import sys

from gzcheck.commands.rules import loaded_rules
from gzcheck.errors import EXIT_PASS
from gzcheck.commands.language import words

HELP = ("说明一条规则", "explain one rule")
SELECTS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help=words("规则编号或名称，如 T3-001", "a rule's code or name, e.g. T3-001"))


def run(args: argparse.Namespace) -> int:
    from gzcheck.report.docs import write_explain

    write_explain(loaded_rules(args), args.code, args.lang, sys.stdout)
    return EXIT_PASS
