"""gzcheck batch: audit many reports in parallel (local processes or a Dask cluster) into summary.csv and
report.html."""

from __future__ import annotations

import argparse
import heapq
import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from gzcheck.checker import Checker
from gzcheck.commands.common import add_skip_option, without_non_reports, build_checker, report_unused_waivers, say_skipped
from gzcheck.errors import InputError, UsageError
from gzcheck.result import Result, exit_code_for
from gzcheck.commands.language import words

HELP = ("批量检查大量年报，生成 summary.csv 和 report.html", "audit many reports")
SELECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="DIR_OR_GLOB", help=words("要检查的文件夹、文件或通配符", "folders, files or glob patterns"))
    parser.add_argument("--output", type=Path, default=Path("gzcheck-report"), help=words("结果目录（默认 gzcheck-report）", "output folder (default gzcheck-report)"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help=words("并行进程数（默认每个 CPU 核一个）", "worker processes"))
    parser.add_argument("--executor", choices=("process", "dask"), default="process", help=words("在本机多进程或 Dask 集群上运行", "local processes or a Dask cluster"))
    parser.add_argument("--scheduler", metavar="ADDRESS", help=words("Dask 调度器地址，如 tcp://10.0.0.5:8786", "Dask scheduler address"))
    add_skip_option(parser)
    parser.add_argument("--rollup", metavar="MAPPING", help=words("同时核对汇总报告与下级报告之和（汇总对应文件，见 gzcheck rollup）", "roll-up mapping"))


def run(args: argparse.Namespace) -> int:
    from gzcheck.batch.inputs import expand_inputs
    from gzcheck.batch.outputs import record_of, write_outputs
    from gzcheck.batch.progress import Progress

    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask 需要 --scheduler 地址", "--executor dask needs --scheduler ADDRESS")
    if args.jobs < 1:
        raise UsageError("--jobs 至少为 1", "--jobs must be at least 1")
    checker = build_checker(args)  # a bad config, plugin or waiver file stops here, before any worker starts
    plan = []
    if args.rollup:
        from gzcheck.engine.rollup import load_mapping

        plan = load_mapping(args.rollup)
    skipped: list[str] = []
    paths, problems = expand_inputs(args.inputs, args.output, skipped)
    say_skipped(skipped, args.lang)
    progress = Progress(len(paths) + len(problems), lang=args.lang)
    used: set[int] = set()
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法创建结果文件夹 {args.output}：{exc.strerror}", f"cannot create the output folder {args.output}: {exc.strerror}") from None
    with tempfile.TemporaryDirectory(prefix=".gzcheck-", dir=args.output) as work:  # beside the results, not in /tmp
        checked = checker.check_many(paths, jobs=args.jobs, executor=args.executor, scheduler=args.scheduler, work=Path(work))
        unchecked = (Result.unreadable(p.path, InputError(p.message, p.message_en)) for p in problems)  # asked for: said

        def results() -> Iterator[Result]:
            for result in heapq.merge(checked, unchecked, key=lambda r: r.input):
                progress.step()
                used.update(result.waivers_used)
                yield result

        kept = without_non_reports(results(), args.lang) if args.skip_non_reports else results()
        records: Iterable[dict] = (record_of(result, args.lang) for result in kept)
        if plan:
            from gzcheck.batch.rollups import with_rollups

            records = with_rollups(records, plan, checker, args.lang)
        totals = write_outputs(records, args.output, args.lang, _summaries(checker, args.lang))
    report_unused_waivers(checker, used, args.lang)
    if args.lang == "en":
        print(f"{totals['reports']} report(s): {totals['pass']} passed, {totals['fail']} failed, {totals['error']} errored, "
              f"{totals['partial']} only partly checked; "
              f"wrote {args.output / 'summary.csv'}, {args.output / 'report.html'} and {args.output / 'audit.xlsx'}")
    else:
        print(f"共 {totals['reports']} 份报告：通过 {totals['pass']}，不通过 {totals['fail']}，出错 {totals['error']}，"
              f"{totals['partial']} 份有未核对项；"
              f"结果已写入 {args.output / 'summary.csv'}、{args.output / 'report.html'} 和 {args.output / 'audit.xlsx'}")
    return exit_code_for(crashed=totals["crashed"] > 0, errors=totals["error"] > 0, failures=totals["fail"] > 0)


def _summaries(checker: Checker, lang: str) -> dict[str, str]:
    """Rule code → what it checks, for the core's codes and every loaded rule (built-in, plugin, pack)."""
    from gzcheck.report.docs import rule_rows

    return {row["code"]: row["summary"] for row in rule_rows(checker.rules, lang)}
