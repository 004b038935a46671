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
                raise _no_rule_for(file, rules)
            try:
                cases = load_cases(file)
            except (InputError, TypeError, KeyError) as exc:
                raise UsageError(f"用例文件 {file} 格式有误：{exc}", f"malformed case file {file}: {exc}") from None
            for case in cases:
                yield file.stem, case.name, run_case(info.cls, case, args.lang)

    return print_cases(results(), args.lang)


def _no_rule_for(file: Path, rules: dict) -> UsageError:
    """Why a case file has no rule: its name is not a rule code, or it is close to one, or the rule is not loaded."""
    import difflib

    from gzcheck.engine.rule import CODE_PATTERN

    if not CODE_PATTERN.match(file.stem):
        return UsageError(f"用例文件 {file} 应以它所测规则的编号命名（如 GZA-001.yaml），{file.stem} 不是规则编号",
                          f"{file}: a case file is named after its rule's code (GZA-001.yaml); {file.stem} is not a code")
    close = difflib.get_close_matches(file.stem, list(rules), n=1)
    if close:
        return UsageError(f"用例文件 {file}：没有编号为 {file.stem} 的规则，是不是 {close[0]}？（文件名应与规则编号一致）",
                          f"{file}: no rule has the code {file.stem}; did you mean {close[0]}? (the name must be the rule's code)")
    return UsageError(f"用例文件 {file}：没有加载编号为 {file.stem} 的规则（本单位规则用 --plugin 或 --rule-pack 加载）",
                      f"{file}: no loaded rule has the code {file.stem} (load yours with --plugin or --rule-pack)")


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
    print(summary if lang == "en" else f"{total - failed} 项通过，{failed} 项失败")
    return EXIT_FAIL if failed else EXIT_PASS
