"""gzcheck schema: the JSON Schema of the report model."""

from __future__ import annotations

import argparse
import sys

from gzcheck.errors import EXIT_PASS

HELP = ("输出报告的 JSON Schema", "print the JSON Schema")
SELECTS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from gzcheck.model.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_PASS
