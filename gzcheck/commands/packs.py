"""gzcheck test-pack: run the cases a YAML rule pack carries."""

from __future__ import annotations

import argparse

from gzcheck.commands.cases import print_cases
from gzcheck.commands.language import words

HELP = ("运行 YAML 规则包自带的用例", "run a rule pack's own cases")
SELECTS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packs", nargs="+", metavar="PACK.yaml", help=words("规则包文件", "rule pack files"))


def run(args: argparse.Namespace) -> int:
    """Every case a pack carries must hold, and each of its rules needs a passing and a failing case."""
    from gzcheck.testing import pack_results

    return print_cases((result for path in args.packs for result in pack_results(path, args.lang)), args.lang)
