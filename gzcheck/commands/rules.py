"""gzcheck rules: every rule a run with these flags and this config would have."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gzcheck.errors import EXIT_PASS
from gzcheck.commands.language import words

HELP = ("列出全部规则", "list every rule")
SELECTS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text", help=words("输出格式：text（默认）或 json", "output format: text (default) or json"))


def run(args: argparse.Namespace) -> int:
    from gzcheck.report.docs import write_rules

    write_rules(loaded_rules(args), args.lang, args.format, sys.stdout)
    return EXIT_PASS


def loaded_rules(args: argparse.Namespace) -> dict[str, Any]:
    """Every rule, by code: built-in, plugins', packs' (as the config and flags load them)."""
    from gzcheck.commands.common import build_checker

    return build_checker(args).rules
