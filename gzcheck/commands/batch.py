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
from gzcheck.commands.common import (add_skip_option, add_web_options, build_checker, report_unused_waivers, say_skipped,
                                     web_options, without_non_reports)
from gzcheck.errors import InputError, UsageError
from gzcheck.result import Result, exit_code_for
from gzcheck.commands.language import words

HELP = ("批量检查大量年报，生成 summary.csv 和 report.html", "audit many reports")
SELECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="DIR_OR_GLOB", help=words("要检查的文件夹、文件或通配符", "folders, files or glob patterns"))
    parser.add_argument("--output", type=Path, default=Path("gzcheck-report"), help=words("结果目录（默认 gzcheck-report）", "output folder (default gzcheck-report)"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help=words("并行进程数（默认每个 CPU 核一个）", "worker processes"))
    parser.add_argument("--executor", choices=("process", "dask"), default="process", help=words("在本机多进程或 Dask 集群上运行", "local processes or a Dask cluster"))
    parser.add_argument("--scheduler", metavar="ADDRESS", help=words("Dask 调度器地址，如 tcp://10.0.0.5:8786", "Dask scheduler address"))
    add_skip_option(parser)
    parser.add_argument("--no-pair-tables", action="store_true",
                        help=words("不把同名的 Excel 表格文件（如 年报.docx 与 年报.xlsx、年报附表.xlsx）与报告合并检查", "do not check a document with the same-named workbook of its tables"))
    parser.add_argument("--urls", metavar="FILE", help=words("检查此文件中列出的网址（每行一个，# 开头为注释）", "check the URLs listed in this file (one a line, # comments)"))
    add_web_options(parser)
    parser.add_argument("--per-host", type=int, default=2, metavar="N", help=words("同一网站同时抓取的请求数上限（默认 2）", "requests to one site at a time (default 2)"))
    parser.add_argument("--delay", type=float, default=1.0, metavar="SECONDS", help=words("同一网站两次请求之间的间隔秒数（默认 1）", "seconds between two requests to one site (default 1)"))
    parser.add_argument("--ignore-robots", action="store_true", help=words("不遵守网站的 robots.txt（仅限有权检查的网站）", "do not obey the sites' robots.txt"))
    parser.add_argument("--rollup", metavar="MAPPING", help=words("同时核对汇总报告与下级报告之和（汇总对应文件，见 gzcheck rollup）", "roll-up mapping"))


def run(args: argparse.Namespace) -> int:
    from gzcheck.batch.inputs import EVIDENCE, expand_inputs
    from gzcheck.batch.outputs import record_of, write_outputs
    from gzcheck.batch.progress import Progress

    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask 需要 --scheduler 地址", "--executor dask needs --scheduler ADDRESS")
    if args.jobs < 1:
        raise UsageError("--jobs 至少为 1", "--jobs must be at least 1")
    if not args.inputs and not args.urls:
        raise UsageError("请给出要检查的文件夹、文件，或用 --urls 给出网址列表", "give folders or files to check, or a list of URLs with --urls")
    if args.per_host < 1 or not 0 <= args.delay <= 600:
        raise UsageError("--per-host 至少为 1，--delay 在 0 到 600 秒之间", "--per-host must be at least 1 and --delay 0 to 600 seconds")
    if args.urls:  # the workers check what the fetching kept, never the live site
        args.save = args.save or str(args.output / EVIDENCE)
    # a bad config, plugin or waiver file stops here, before any worker starts
    checker = build_checker(args, pair_tables=not args.no_pair_tables,
                            **({"web": web_options(args, offline=True)} if args.urls else {}))
    plan = []
    if args.rollup:
        from gzcheck.engine.rollup import load_mapping

        plan = load_mapping(args.rollup)
    skipped: list[str] = []
    paths, problems = expand_inputs(args.inputs, args.output, skipped) if args.inputs else ([], [])
    if not args.no_pair_tables:
        from gzcheck.tables_file import paired_workbooks

        with_documents = paired_workbooks(paths)   # checked with their documents, not alone
        paths = [path for path in paths if path not in with_documents]
    say_skipped(skipped, args.lang)
    if args.urls:
        urls, unfetched = fetch_listed(args)
        paths, problems = sorted(paths + urls), sorted(problems + unfetched, key=lambda p: p.path)
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


def fetch_listed(args: argparse.Namespace) -> tuple[list[str], list]:
    """The URLs of the ``--urls`` list fetched politely into the evidence folder (gzcheck.web.polite): those
    fetched, and those that could not be (or are not http/https addresses), as problems to report."""
    from gzcheck.batch.inputs import Problem
    from gzcheck.batch.progress import Progress
    from gzcheck.web.polite import Politeness, PoliteFetcher
    from gzcheck.web.published import Web
    from gzcheck.web.reach import Reach, checked_address

    from gzcheck.read.files import read_bytes

    try:  # the file reader's caps: a device, a pipe or a file of gigabytes is refused, never read whole
        lines = read_bytes(args.urls).decode("utf-8-sig").splitlines()
    except InputError as exc:
        raise UsageError(f"无法读取网址列表：{exc.message}", f"cannot read the URL list: {exc.message_en}") from None
    except UnicodeDecodeError:
        raise UsageError(f"网址列表 {args.urls} 不是 UTF-8 文本，请另存为 UTF-8", f"the URL list {args.urls} is not UTF-8 text") from None
    listed = list(dict.fromkeys(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")))
    urls, problems = [], []
    for url in listed:
        try:
            urls.append(checked_address(url, Reach()))
        except InputError as exc:
            problems.append(Problem(url, exc.message, exc.message_en))
    web = Web(web_options(args, resume=True))
    fetcher = PoliteFetcher(web, Politeness(per_host=args.per_host, delay=args.delay, robots=not args.ignore_robots))
    progress = Progress(len(urls), lang=args.lang, message="progress.fetch")
    try:
        failures = fetcher.fetch_all(urls, done=progress.step)
    finally:
        web.close()
    problems += [Problem(url, exc.message, exc.message_en) for url, exc in failures.items()]
    return [url for url in urls if url not in failures], problems


def _summaries(checker: Checker, lang: str) -> dict[str, str]:
    """Rule code → what it checks, for the core's codes and every loaded rule (built-in, plugin, pack)."""
    from gzcheck.report.docs import rule_rows

    return {row["code"]: row["summary"] for row in rule_rows(checker.rules, lang)}
