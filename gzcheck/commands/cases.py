"""gzcheck test-cases: run rules' YAML cases (an agency's tests of its own rules)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Iterable, Iterator

from gzcheck.errors import EXIT_FAIL, EXIT_PASS, InputError, UsageError
from gzcheck.commands.language import words

HELP = ("运行规则的 YAML 用例（本单位规则的测试）", "run rules' YAML cases")
SELECTS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="CASES", help=words("用例文件 <规则编号>.yaml 或其所在文件夹", "case files or folders"))


def run(args: argparse.Namespace) -> int:
    """Each case file is named after its rule's code (cases/GZA-001.yaml); every case must hold."""
    from gzcheck.commands.rules import loaded_rules
    from gzcheck.testing import load_cases, run_case

    rules = loaded_rules(args)
    files = sorted(p for path in map(Path, args.paths) for p in ([path] if path.is_file() else path.rglob("*.yaml")))
    if not files:
        raise UsageError("没有找到用例文件（<规则编号>.yaml）", "no case files (<CODE>.yaml) found")

    def results() -> Iterator[tuple[str, str, list[str]]]:
        for file in files:
            info = rules.get(file.stem)
            if info is None:
                raise UsageError(f"用例文件 {file} 对应的规则 {file.stem} 没有加载（用 --plugin 加载本单位规则）",
                                 f"{file}: no loaded rule has the code {file.stem} (load yours with --plugin)")
            try:
                cases = load_cases(file)
            except (InputError, TypeError, KeyError) as exc:
                raise UsageError(f"用例文件 {file} 格式有误：{exc}", f"malformed case file {file}: {exc}") from None
            for case in cases:
                yield file.stem, case.name, run_case(info.cls, case)

    return print_cases(results(), args.lang)


def print_cases(results: Iterable[tuple[str, str, list[str]]], lang: str) -> int:
    """One line a case (通过/失败, with what did not hold), a total; exit 1 when any case fails."""
    failed = total = 0
    for code, name, problems in results:
        total += 1
        failed += bool(problems)
        mark = ("ok  " if not problems else "FAIL") if lang == "en" else ("通过" if not problems else "失败")
        print(f"{mark} {code} {name}")
        for problem in problems:
            print(f"      {problem}")
    summary = f"{total - failed} passed, {failed} failed"
    print(summary if lang == "en" else f"{total - failed} 项通过，{failed} 项失败 / {summary}")
    return EXIT_FAIL if failed else EXIT_PASS
