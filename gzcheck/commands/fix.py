"""gzcheck fix: write only the corrections the sums make certain into the report, each one said."""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

from gzcheck.commands.common import build_checker, emit, say
from gzcheck.errors import EXIT_UNREADABLE, UsageError
from gzcheck.result import Status, exit_code
from gzcheck.commands.language import words

HELP = ("按确定的更正值修正表格，输出修正后的规范 JSON", "write the certain corrections into the report")
SELECTS = True
CERTAIN = ("correction", "blank-total")  # one faulty cell the sums pin down, a missing total the sums give


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="REPORT", help=words("要修正的报告文件", "the report to correct"))
    parser.add_argument("-o", "--output", type=Path, help=words("写入此文件而不是标准输出", "write the corrected JSON here"))


def run(args: argparse.Namespace) -> int:
    """Apply only the corrections the sums make certain (a localised faulty cell, a missing total); say each
    one; leave everything ambiguous as it is. Exits as a check of the corrected report would."""
    from gzcheck.model.template import describe, split_pointer, value_at

    _check_output(args.input, args.output)
    checker = build_checker(args)
    result = checker.check(args.input)
    if result.status is Status.ERROR and not isinstance(result.report, dict):
        say(result.findings[0].text("zh"), result.findings[0].text("en"), args.lang)
        return EXIT_UNREADABLE
    report = copy.deepcopy(result.report)
    fixes = [f for f in result.findings if f.details.get("kind") in CERTAIN and f.pointer and f.expected is not None]
    for f in fixes:
        *parents, last = split_pointer(f.pointer or "")
        value_at(report, parents)[last] = f.expected
        where = describe(f.pointer, report.get("format_version"), args.lang)
        shown = "空白" if f.actual is None and args.lang != "en" else ("blank" if f.actual is None else f.actual)
        print(f"gzcheck: {where}: {shown} → {f.expected}" + ("（" + f.code + "）" if args.lang != "en" else f" ({f.code})"),
              file=sys.stderr)
    if not fixes:
        say("没有可以确定的更正（其余问题需要人工核对）", "nothing certain to correct (the rest needs a person)", args.lang)
    text = json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"无法写入 {args.output}：{exc.strerror}", f"cannot write {args.output}: {exc.strerror}") from None
    else:
        emit(lambda: sys.stdout.write(text))
    return exit_code([checker.check(report, name=args.input)])


def _check_output(source: str, output: Path | None) -> None:
    """-o names a new file (or one to replace), never a folder, a missing folder, or the report being fixed."""
    if output is None:
        return
    if output.is_dir():
        raise UsageError(f"-o 应是文件，{output} 是一个文件夹", f"-o must be a file; {output} is a folder")
    if not output.parent.is_dir():
        raise UsageError(f"-o 的文件夹 {output.parent} 不存在", f"the folder of -o, {output.parent}, does not exist")
    if output.exists() and Path(source).exists() and output.resolve() == Path(source).resolve():
        raise UsageError("-o 不能是要修正的报告本身（修正结果写到另一个文件，原件留作核对）",
                         "-o must not be the report being fixed (write the corrections elsewhere; keep the original)")
