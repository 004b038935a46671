"""The gzcheck command line: check, rules, explain, schema."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from pathlib import Path
from typing import Sequence

from gzcheck.logs import debug, show_debug
from gzcheck.app import Settings, build_engine, load_host
from gzcheck.errors import EXIT_FAIL, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_PASS, EXIT_UNREADABLE, GzcheckError, UsageError


# argparse speaks English; officials read these in Chinese
_ARGPARSE_ZH = [  # patterns compiled only when an error needs them (re caches them)
    (r"the following arguments are required: (.+)", r"缺少必填的参数：\1"),
    (r"unrecognized arguments: (.+)", r"不认识的参数：\1"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): invalid (\w+) value: (\S+)", r"参数 \1 的取值 \3 不是有效的数值"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个取值"),
]


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, told the terminal's width: argparse would ask ``shutil``, whose import (bz2, lzma)
    is 1 ms of a cold start, for the formatter it makes to check each option it adds."""

    def __init__(self, prog: str):
        super().__init__(prog, width=_terminal_columns() - 2)


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size`` says: $COLUMNS, else the terminal standard output is, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # bad arguments are a usage error with our exit code
        zh = message
        for pattern, replacement in _ARGPARSE_ZH:
            zh = re.sub(pattern, replacement, zh)
        raise UsageError(f"命令参数有误：{zh}（用 gzcheck -h 查看用法）", f"bad arguments: {message} (see gzcheck -h)")


def _parser(wanted: str | None = None) -> argparse.ArgumentParser:
    """The command line; where ``wanted`` names a command, only that command's (argparse looks its messages up
    and makes a formatter for each parser and option: all of them were 4 ms of a cold check)."""
    parser = _Parser(prog="gzcheck", description="政府信息公开工作年度报告合规检查 / compliance checks for annual reports")
    from gzcheck.version import __version__

    parser.add_argument("--version", action="version", version=f"gzcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (help_text, selects, add_arguments) in _COMMANDS.items():
        if wanted in _COMMANDS and name != wanted:
            continue
        command = sub.add_parser(name, help=help_text)
        _add_common_options(command)
        if selects:
            _add_selection_options(command)
        add_arguments(command)
    return parser


def _add_common_options(common: argparse.ArgumentParser) -> None:
    common.add_argument("--lang", choices=("zh", "en"), default="zh", help="提示语言 / message language (默认 zh)")
    common.add_argument("--config", type=Path, help="配置文件 / config file（默认向上查找 gzcheck.yaml 或 pyproject.toml 的 [tool.gzcheck]）")
    common.add_argument("--plugin", action="append", default=[], metavar="PATH_OR_MODULE",
                        help="加载本单位插件文件或模块，可重复 / load a plugin file or module")
    common.add_argument("--rule-pack", action="append", default=[], metavar="PACK.yaml",
                        help="加载本单位的 YAML 规则包，可重复 / load a YAML rule pack (repeatable)")
    common.add_argument("--debug", action="store_true", help="输出调试信息和错误堆栈 / log details and tracebacks")
    common.add_argument("--no-plugins", action="store_true",
                        help="只用内置规则，不加载已安装的插件 / built-in rules only, no installed plugins")


def _add_selection_options(selection: argparse.ArgumentParser) -> None:
    selection.add_argument("--select", action="append", default=[], metavar="RULES", help="只运行这些规则（编号、名称或前缀，逗号分隔）/ only these rules")
    selection.add_argument("--ignore", action="append", default=[], metavar="RULES", help="不运行这些规则 / skip these rules")
    selection.add_argument("--fail-on", choices=("error", "warning", "info"), help="达到此级别即不通过（默认 error）/ lowest failing severity")
    selection.add_argument("--fail-on-unverified", action="store_true",
                           help="有勾稽关系因格子未能读取而未核对时也不通过（发布前把关用）/ fail when any identity could not be checked")
    selection.add_argument("--timeout", type=float, metavar="SECONDS",
                           help="每份报告的时间上限（秒，默认 30），超时该报告记为出错 / time budget per report")
    selection.add_argument("--waivers", metavar="FILE", help="已审核的问题豁免文件（YAML）/ waivers of known findings")


def _check_arguments(check) -> None:
    check.add_argument("inputs", nargs="+", metavar="REPORT", help="报告文件、文件夹（递归）或 -（标准输入）/ files, folders or - for stdin")
    check.add_argument("--stdin-filename", metavar="NAME", help="从标准输入读取时，在提示中使用的文件名 / the name stdin is given in messages")
    check.add_argument("--skip-non-reports", action="store_true",
                       help="跳过不是年报的文件（配置、README 等），用于提交前检查 / skip files that are not reports (for hooks)")
    check.add_argument("--exit-zero", action="store_true",
                       help="发现问题也以 0 退出（用法错误、内部错误、无法读取仍非 0）/ findings never fail; errors still do")
    check.add_argument("--format", default="text", help="输出格式 / output format: text（默认）、json、sarif、junit、github 或插件提供的格式")
    check.add_argument("--previous", metavar="REPORT", help="同一机关上一年度的报告（跨年度核对）；检查多份报告时自动按机关和年度配对 / last year's report")


def _batch_arguments(batch) -> None:
    batch.add_argument("inputs", nargs="+", metavar="DIR_OR_GLOB")
    batch.add_argument("--output", type=Path, default=Path("gzcheck-report"), help="结果目录 / output folder（默认 gzcheck-report）")
    batch.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="并行进程数（默认每个 CPU 核一个）/ worker processes")
    batch.add_argument("--executor", choices=("process", "dask"), default="process", help="在本机多进程或 Dask 集群上运行 / local processes or a Dask cluster")
    batch.add_argument("--scheduler", metavar="ADDRESS", help="Dask 调度器地址，如 tcp://10.0.0.5:8786 / Dask scheduler address")
    batch.add_argument("--rollup", metavar="MAPPING", help="同时核对汇总报告与下级报告之和（汇总对应文件，见 gzcheck rollup）/ roll-up mapping")


def _serve_arguments(serve) -> None:
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只接受本机访问）/ address to listen on")
    serve.add_argument("--port", type=int, default=8765, help="端口（默认 8765）/ port")
    serve.add_argument("--workers", type=int, default=2, help="检查进程数（默认 2）/ checking processes")
    serve.add_argument("--token-file", type=Path, help="访问令牌文件：调用接口须带 Authorization: Bearer 令牌 / bearer token file")
    serve.add_argument("--max-mb", type=float, default=20, help="上传大小上限（MB，默认 20）/ upload size limit")
    serve.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN", help="允许跨域调用的来源（默认不允许）/ allowed CORS origin")


def _fix_arguments(fix) -> None:
    fix.add_argument("input", metavar="REPORT")
    fix.add_argument("-o", "--output", type=Path, help="写入此文件而不是标准输出 / write the corrected JSON here")


def _rollup_arguments(roll) -> None:
    roll.add_argument("inputs", nargs="*", metavar="REPORT", help="汇总报告，然后是各下级报告 / the summary, then its children")
    roll.add_argument("--mapping", metavar="FILE", help="汇总对应文件（YAML：汇总报告: [下级报告, …]）/ summary → children mapping")
    roll.add_argument("--format", default="text", help="输出格式 / output format: text、json、sarif、junit、github")
    roll.add_argument("--fail-on", choices=("error", "warning", "info"), help="达到此级别即不通过（默认 error）/ lowest failing severity")
    roll.add_argument("--timeout", type=float, metavar="SECONDS", help="每份文件的读取时间上限（秒）/ time budget per file")


def _extract_arguments(extract) -> None:
    extract.add_argument("page", metavar="PAGE", type=Path)
    extract.add_argument("-o", "--output", type=Path, help="写入此文件而不是标准输出 / write the JSON here")
    extract.add_argument("--strip-spam", action="store_true", help="从正文中去掉检查出的垃圾内容 / leave found spam out of the section texts")


# command: (its line in gzcheck -h, whether it takes the rule-selection options, what adds its own arguments)
_COMMANDS = {
    "check": ("检查年报文件 / check report files", True, _check_arguments),
    "batch": ("批量检查大量年报，生成 summary.csv 和 report.html / audit many reports", True, _batch_arguments),
    "serve": ("启动发布前检查服务（HTTP）和上传页面 / serve the gate over HTTP", True, _serve_arguments),
    "fix": ("按确定的更正值修正表格，输出修正后的规范 JSON / write the certain corrections into the report", True, _fix_arguments),
    "test-cases": ("运行规则的 YAML 用例（本单位规则的测试）/ run rules' YAML cases",
                   False, lambda p: p.add_argument("paths", nargs="+", metavar="CASES", help="用例文件 <规则编号>.yaml 或其所在文件夹 / case files or folders")),
    "rollup": ("核对汇总报告是否等于所汇总各下级报告之和 / does a summary report equal the sum of its children", False, _rollup_arguments),
    "test-pack": ("运行 YAML 规则包自带的用例 / run a rule pack's own cases", False, lambda p: p.add_argument("packs", nargs="+", metavar="PACK.yaml")),
    "rules": ("列出全部规则 / list every rule", False, lambda p: p.add_argument("--format", choices=("text", "json"), default="text")),
    "explain": ("说明一条规则 / explain one rule", False, lambda p: p.add_argument("code")),
    "schema": ("输出报告的 JSON Schema / print the JSON Schema", False, lambda p: None),
    "extract": ("从保存的网页中提取年报，输出规范 JSON / extract a report from a page", False, _extract_arguments),
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = "en" if _flag_value(argv, "--lang") == "en" else "zh"
    signal.signal(signal.SIGINT, _on_ctrl_c)
    for stream in (sys.stdout, sys.stderr):  # a file name that is not valid UTF-8 is shown escaped, never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = _parser(argv[0] if argv else None).parse_args(argv)
        if args.debug:
            show_debug()
        if args.no_plugins:
            os.environ["GZCHECK_NO_PLUGINS"] = "1"
        return _run(args)
    except GzcheckError as exc:
        debug("stopped", exc_info=True)
        print(f"gzcheck: {exc.text(lang)}", file=sys.stderr)
        if "check" in argv:  # a CI step reading the output gets a valid document saying what went wrong
            from gzcheck.report.ci import write_failure

            message = exc.text(lang)
            _emit(lambda: write_failure(_flag_value(argv, "--format"), message, sys.stdout))
        return exc.exit_code
    except KeyboardInterrupt:
        print("\ngzcheck: 已中断（Ctrl-C）" if lang != "en" else "\ngzcheck: interrupted (Ctrl-C)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # a command without a verdict (rules, explain, schema) whose reader went away
        return EXIT_PASS
    except Exception as exc:  # noqa: BLE001 - last line of defence: never a bare traceback
        debug("internal error", exc_info=True)
        detail = f"{type(exc).__name__}: {exc}"
        print(f"gzcheck: 内部错误：{detail}（加 --debug 查看详细信息）" if lang == "zh" else
              f"gzcheck: internal error: {detail} (--debug shows the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


def run() -> None:
    """The ``gzcheck`` command: :func:`main`, then the exit. Tearing the interpreter down (freeing every module
    and object) is a tenth of a single check's time, so where nothing is left for it to do (no exit handler
    registered, no other thread running) the process ends at once, as mypy's does. Also as mypy does, the
    garbage collector waits for many more new objects between passes: a start makes tens of thousands (modules,
    classes, patterns) that live as long as the process, and walking them again and again was 2 ms of a check."""
    import gc

    gc.set_threshold(200_000, 30, 30)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader gone, or a stream already closed: nothing left to write
        pass
    if _nothing_left_at_exit():
        os._exit(code)
    sys.exit(code)


def _nothing_left_at_exit() -> bool:
    import atexit

    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's count of exit handlers (logging, a plugin's, …)
    threading = sys.modules.get("threading")
    return callbacks is not None and callbacks() == 0 and (threading is None or threading.active_count() == 1)


def _on_ctrl_c(signum, frame):
    from gzcheck.engine.guard import user_interrupted

    user_interrupted()
    raise KeyboardInterrupt


def _flag_value(argv: list[str], flag: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(flag + "="):
            return arg.split("=", 1)[1]
    return None


def _run(args) -> int:
    if args.command == "schema":
        from gzcheck.model.schema import schema_text

        sys.stdout.write(schema_text())
        return EXIT_PASS
    if args.command == "extract":
        return _extract(args)
    if args.command == "batch":
        return _batch(args)
    if args.command == "check":
        return _check(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "test-cases":
        return _test_cases(args)
    if args.command == "test-pack":
        return _test_pack(args)
    if args.command == "rollup":
        return _rollup(args)
    if args.command == "fix":
        return _fix(args)
    rules = _rules(args)
    if args.command == "rules":
        from gzcheck.report.docs import write_rules

        write_rules(rules, args.lang, args.format, sys.stdout)
    else:
        from gzcheck.report.docs import write_explain

        write_explain(rules, args.code, args.lang, sys.stdout)
    return EXIT_PASS


def _extract(args) -> int:
    import json

    from gzcheck.inputs import BUILTIN_READERS, InputError, read_input

    try:  # pages, Word and PDF: the documents a report is extracted from
        loaded = read_input([r for r in BUILTIN_READERS if r.name not in ("json", "yaml")], str(args.page))
        if args.strip_spam and loaded.media_type not in ("text/html", "text/plain"):
            raise UsageError("--strip-spam 只适用于网页（HTML 或文本）", "--strip-spam applies to web pages (HTML or text) only")
        if args.strip_spam:
            loaded = _strip_spam(args, loaded)
    except InputError as exc:
        print(f"gzcheck: {exc.message_en if args.lang == 'en' else exc.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    from gzcheck.engine.reading import notes_of

    for finding in notes_of(loaded.report):
        where = f"第{finding.line}行 " if finding.line and args.lang != "en" else (f"line {finding.line} " if finding.line else "")
        print(f"gzcheck: {where}{finding.text(args.lang)}", file=sys.stderr)
    text = json.dumps(loaded.report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if args.output:
        if args.output.is_dir():
            raise UsageError(f"-o 应是文件，{args.output} 是一个目录", f"-o must be a file; {args.output} is a folder")
        args.output.write_text(text, encoding="utf-8")
    else:
        _emit(lambda: sys.stdout.write(text))
    return EXIT_PASS


def _strip_spam(args, loaded):
    """Run the rules, then extract again leaving out every span a spam finding marks in the page."""
    from gzcheck.extraction import extract_bytes
    from gzcheck.inputs import Loaded

    engine, _, _ = build_engine(_settings(args))
    result = engine.check_loaded(loaded, str(args.page))
    # spam findings on a page carry offsets into the page (and its line); strip exactly those spans
    spans = [(f.start, f.end) for f in result.findings if f.category and f.start is not None and f.line is not None]
    data = args.page.read_bytes()
    report, _ = extract_bytes(data, uri=str(args.page), exclude=spans)
    return Loaded(report, report["source"]["media_type"])


def _split(values: list[str]) -> list[str]:
    """--select T3,T4 --select SPAM → [T3, T4, SPAM]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _settings(args):
    return Settings(str(args.config) if args.config else None, list(args.plugin), _split(getattr(args, "select", [])),
                    _split(getattr(args, "ignore", [])), getattr(args, "fail_on", None), args.lang, getattr(args, "waivers", None),
                    getattr(args, "fail_on_unverified", False), _positive(getattr(args, "timeout", None)), list(args.rule_pack))


def _positive(value: float | None) -> float | None:
    if value is not None and not value > 0:
        raise UsageError("--timeout 应为正数（秒）", "--timeout must be a positive number of seconds")
    return value


def _check(args) -> int:
    engine, waivers, host = build_engine(_settings(args))
    write = _writer(host, args.format)
    config, rules = engine.config, host.rules()
    names, problems = _check_inputs(args.inputs, config)
    args.inputs = names
    if args.previous:
        if len(args.inputs) != 1 or problems:
            raise UsageError("--previous 只能与一份报告一起使用（多份报告时按机关和年度自动配对）",
                             "--previous takes exactly one report (with several, reports are paired by agency and year)")
        results = [_check_with_previous(engine, args.inputs[0], args.previous, args.lang, args.stdin_filename)]
    else:
        results = _check_paired(engine, args.inputs, args.stdin_filename)
        if problems:  # folders that could not be read, in their place among the files
            results = sorted(results + problems, key=lambda r: r.input)
    if args.skip_non_reports:
        skipped = [r for r in results if r.not_a_report]
        for result in skipped:
            print(f"gzcheck: 跳过 {result.input}（不是年报）" if args.lang != "en" else f"gzcheck: skipped {result.input} (not a report)",
                  file=sys.stderr)
        results = [r for r in results if not r.not_a_report]
    if waivers is not None:
        for result in results:
            waivers.apply(result, config.fail_on)
        _report_unused(waivers.unused(), args.lang)
    _emit(lambda: write(results, args.lang, sys.stdout, rules=rules, fail_on=config.fail_on))
    code = exit_code(results)  # the verdict's code, whatever happened to the output stream
    return EXIT_PASS if args.exit_zero and code == EXIT_FAIL else code


def _writer(host, name: str):
    """The output format ``name`` (built-in or a plugin's), or a usage error listing the ones there are."""
    formats = host.formats()
    if name not in formats:
        raise UsageError(f"不支持的输出格式 {name}（可用：{', '.join(sorted(formats))}）",
                         f"unknown output format {name} (available: {', '.join(sorted(formats))})")
    return formats[name]


def _check_inputs(inputs: list[str], config):
    """Files as given, ``-`` for standard input, folders walked (config ``exclude`` patterns left out); what was
    named but cannot be checked becomes an error result, never silence."""
    names, problems = [], []
    for name in inputs:
        if name == "-" or not Path(name).is_dir():
            names.append(name)
            continue
        import fnmatch

        from gzcheck.batch.inputs import expand_inputs  # a folder: walked as a batch walks it
        from gzcheck.engine.runner import STATUS_ERROR, Result
        from gzcheck.errors import InputError

        files, unreadable = expand_inputs([name])
        names += [f for f in files if not any(fnmatch.fnmatch(f, pattern) or fnmatch.fnmatch(Path(f).name, pattern)
                                              for pattern in config.exclude)]
        problems += [Result(p.path, STATUS_ERROR, [InputError(p.message, p.message_en).finding()]) for p in unreadable]
    return names, problems


def _emit(write) -> None:
    """Write to standard output; a reader that went away (``| head``) does not change the exit code."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's own flush at exit stays quiet


def _report_unused(unused, lang: str) -> None:
    for waiver in unused:
        where = f"{waiver.code} {waiver.report} {waiver.pointer or ''}".strip()
        print(f"gzcheck: 豁免第 {waiver.index} 条（{where}）没有匹配到任何问题，请删除或更新" if lang != "en" else
              f"gzcheck: waiver {waiver.index} ({where}) matched no finding; remove or update it", file=sys.stderr)


def _rollup(args) -> int:
    """One summary and its children on the command line, or many from a mapping file."""
    from gzcheck.engine.rollup import load_mapping, rollup_files

    if bool(args.mapping) == bool(args.inputs):
        raise UsageError("请给出汇总报告和下级报告（gzcheck rollup 汇总.json 下级1.json …），或者 --mapping 文件，二者选一",
                         "give a summary and its children (gzcheck rollup SUMMARY CHILD…) or --mapping FILE, not both")
    if args.inputs and len(args.inputs) < 2:
        raise UsageError("汇总报告之后至少要有一份下级报告", "the summary needs at least one child after it")
    engine, _, host = build_engine(_settings(args))
    write = _writer(host, args.format)
    plan = load_mapping(args.mapping) if args.mapping else [(args.inputs[0], args.inputs[1:], [])]
    results = [rollup_files(engine, summary, children, problems) for summary, children, problems in plan]
    _emit(lambda: write(results, args.lang, sys.stdout, rules=host.rules(), fail_on=engine.config.fail_on))
    return exit_code(results)


def _summaries(rules: dict, lang: str) -> dict[str, str]:
    """Rule code → what it checks, for the core's codes and every loaded rule (built-in, plugin, pack)."""
    from gzcheck.report.docs import rule_rows

    return {row["code"]: row["summary"] for row in rule_rows(rules, lang)}


def _batch(args) -> int:
    import heapq
    import tempfile

    from gzcheck.batch.inputs import expand_inputs
    from gzcheck.batch.outputs import write_outputs
    from gzcheck.batch.pairing import paired_by_year
    from gzcheck.batch.runner import Progress, run_batch
    from gzcheck.batch.worker import error_record, needs_pairing

    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask 需要 --scheduler 地址", "--executor dask needs --scheduler ADDRESS")
    if args.jobs < 1:
        raise UsageError("--jobs 至少为 1", "--jobs must be at least 1")
    settings = _settings(args)
    engine, waivers, host = build_engine(settings)  # fail fast on bad config, plugins or waivers, before any worker starts
    plan = []
    if args.rollup:
        from gzcheck.batch.rollups import with_rollups
        from gzcheck.engine.rollup import load_mapping

        plan = load_mapping(args.rollup)
    paths, problems = expand_inputs(args.inputs, args.output)
    used: set[int] = set()
    progress = Progress(len(paths) + len(problems))
    unchecked = (error_record(p.path, p.message, p.message_en) for p in problems)  # asked for, not checkable: said

    def records():
        checked = run_batch(paths, settings, args.jobs, engine.config.timeout, args.executor, args.scheduler)
        for record in heapq.merge(checked, unchecked, key=lambda r: r["input"]):
            progress.step()
            yield record

    def counted(stream):
        for record in stream:
            used.update(record.get("waivers_used", ()))
            yield record

    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法创建结果文件夹 {args.output}：{exc.strerror}", f"cannot create the output folder {args.output}: {exc.strerror}") from None
    with tempfile.TemporaryDirectory(prefix=".gzcheck-", dir=args.output) as work:
        stream = paired_by_year(records(), engine, settings.lang, Path(work), waivers) if needs_pairing(engine) else records()
        if plan:
            stream = with_rollups(stream, plan, engine, args.lang)
        totals = write_outputs(counted(stream), args.output, args.lang, _summaries(host.rules(), args.lang))
    if waivers is not None:
        _report_unused(waivers.unused(used), args.lang)
    if args.lang == "en":
        print(f"{totals['reports']} report(s): {totals['pass']} passed, {totals['fail']} failed, {totals['error']} errored, "
              f"{totals['partial']} only partly checked; "
              f"wrote {args.output / 'summary.csv'} and {args.output / 'report.html'}")
    else:
        print(f"共 {totals['reports']} 份报告：通过 {totals['pass']}，不通过 {totals['fail']}，出错 {totals['error']}，"
              f"{totals['partial']} 份有未核对项；"
              f"结果已写入 {args.output / 'summary.csv'} 和 {args.output / 'report.html'}")
    if totals["error"]:
        return EXIT_UNREADABLE
    return EXIT_FAIL if totals["fail"] else EXIT_PASS


CERTAIN = ("correction", "blank-total")  # one faulty cell the sums pin down, a missing total the sums give


def _fix(args) -> int:
    """Apply only the corrections the sums make certain (a localised faulty cell, a missing total); say each
    one; leave everything ambiguous as it is."""
    import copy
    import json

    from gzcheck.model.template import describe, split_pointer, value_at

    engine, _, _ = build_engine(_settings(args))
    result = engine.check_path(args.input)
    if result.status == "error" and not isinstance(result.report, dict):
        print(f"gzcheck: {result.findings[0].text(args.lang)}", file=sys.stderr)
        return EXIT_UNREADABLE
    report = copy.deepcopy(result.report)
    fixes = [f for f in result.findings if f.details.get("kind") in CERTAIN and f.pointer and f.expected is not None]
    for f in fixes:
        *parents, last = split_pointer(f.pointer)
        value_at(report, parents)[last] = f.expected
        where = describe(f.pointer, report.get("format_version"), args.lang)
        shown = "空白" if f.actual is None and args.lang != "en" else ("blank" if f.actual is None else f.actual)
        print(f"gzcheck: {where}: {shown} → {f.expected}" + ("（" + f.code + "）" if args.lang != "en" else f" ({f.code})"),
              file=sys.stderr)
    if not fixes:
        print("gzcheck: 没有可以确定的更正（其余问题需要人工核对）" if args.lang != "en" else
              "gzcheck: nothing certain to correct (the rest needs a person)", file=sys.stderr)
    text = json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        _emit(lambda: sys.stdout.write(text))
    after = engine.check(report, input=args.input)
    return exit_code([after])


def _test_cases(args) -> int:
    """Each case file is named after its rule's code (cases/GZA-001.yaml); every case must hold."""
    from gzcheck.errors import InputError
    from gzcheck.testing import load_cases, run_case

    rules = _rules(args)
    files = sorted(p for path in map(Path, args.paths) for p in ([path] if path.is_file() else path.rglob("*.yaml")))
    if not files:
        raise UsageError("没有找到用例文件（<规则编号>.yaml）", "no case files (<CODE>.yaml) found")

    def results():
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

    return _print_cases(results(), args.lang)


def _print_cases(results, lang: str) -> int:
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


def _rules(args) -> dict:
    """Every rule a run with these flags and the config would have: built-in, plugins', packs'."""
    from gzcheck.engine.config import load_config

    config = load_config(args.config, search_from=Path.cwd())
    return load_host(config.plugins + args.plugin, config.rule_packs + args.rule_pack).rules()


def _test_pack(args) -> int:
    """Every case a pack carries must hold, and each of its rules needs a passing and a failing case."""
    from gzcheck.testing import pack_results

    return _print_cases((result for path in args.packs for result in pack_results(path)), args.lang)


def _serve(args) -> int:
    try:
        import uvicorn

        from gzcheck.server.app import ServerOptions, create_app
    except ImportError:
        raise UsageError("gzcheck serve 需要先安装服务组件：pip install 'gzcheck[server]'",
                         "gzcheck serve needs the server extra: pip install 'gzcheck[server]'") from None
    if args.workers < 1 or not args.max_mb > 0:
        raise UsageError("--workers 至少为 1，--max-mb 应为正数", "--workers must be at least 1 and --max-mb positive")
    token = None
    if args.token_file is not None:
        try:
            token = args.token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"无法读取令牌文件 {args.token_file}：{exc.strerror}", f"cannot read the token file: {exc.strerror}") from None
        if not token:
            raise UsageError("令牌文件是空的", "the token file is empty")
    app = create_app(ServerOptions(_settings(args), workers=args.workers, max_bytes=int(args.max_mb * 1024 * 1024),
                                   token=token, cors_origins=tuple(args.cors_origin)))
    print(f"gzcheck serve: http://{args.host}:{args.port}/" if args.lang == "en" else
          f"gzcheck 检查服务已启动：http://{args.host}:{args.port}/ （上传页面）  接口：POST /api/v1/check", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_PASS


def _load(engine, path: str, stdin_name: str | None):
    """A report from a file, or from standard input for ``-``."""
    from gzcheck.inputs import read_data, read_input
    from gzcheck.read.files import read_stream

    if path == "-":
        return read_data(engine.readers, read_stream(sys.stdin.buffer), stdin_name or "-")
    return read_input(engine.readers, path)


def _check_with_previous(engine, path: str, previous_path: str, lang: str, stdin_name: str | None = None):
    """One report with last year's: said on standard error when the two are not one agency's consecutive years."""
    from gzcheck.engine.runner import STATUS_ERROR, Result, year_key
    from gzcheck.inputs import InputError, read_input

    try:
        previous = read_input(engine.readers, previous_path).report
    except InputError as exc:
        raise UsageError(f"上一年度报告 {previous_path} 无法读取：{exc.message}",
                         f"the previous year's report {previous_path} cannot be read: {exc.message_en}") from None
    try:
        loaded = _load(engine, path, stdin_name)
    except InputError as exc:
        return Result(path, STATUS_ERROR, [exc.finding()])
    want, have = year_key(loaded.report, years_back=1), year_key(previous)
    if want is None or want != have:
        print("gzcheck: --previous 给出的报告不是本机关上一年度的报告（机关或年度不一致），未做跨年度核对" if lang != "en" else
              "gzcheck: the --previous report is not this agency's report for the year before; year-over-year rules did not run",
              file=sys.stderr)
        previous = None
    return engine.check_loaded(loaded, path, previous=previous)


def _check_paired(engine, paths: list[str], stdin_name: str | None = None):
    """Check reports, giving each the same agency's report for the year before when it is among them."""
    from gzcheck.engine.guard import OverBudget, time_budget
    from gzcheck.engine.runner import STATUS_ERROR, Result, year_key
    from gzcheck.errors import NotAReport
    from gzcheck.inputs import InputError

    loaded: dict[str, object] = {}
    index: dict[tuple[str, int], object] = {}
    for path in paths:
        try:
            with time_budget(engine.config.timeout):
                loaded[path] = item = _load(engine, path, stdin_name)
        except InputError as exc:
            loaded[path] = exc
            continue
        except OverBudget:
            loaded[path] = InputError(f"读取这份文件超过了 {engine.config.timeout:g} 秒的时间限制，已停止",
                                      f"reading this file took longer than the {engine.config.timeout:g} s time budget")
            continue
        key = year_key(item.report)
        if key is not None:
            index.setdefault(key, item.report)
    results = []
    for path in paths:
        item = loaded[path]
        if isinstance(item, InputError):
            results.append(Result(stdin_name or path if path == "-" else path, STATUS_ERROR, [item.finding()],
                                  not_a_report=isinstance(item, NotAReport)))
            continue
        key = year_key(item.report, years_back=1)
        results.append(engine.check_loaded(item, (stdin_name or path) if path == "-" else path,
                                           previous=index.get(key) if key else None))
    return results


def exit_code(results) -> int:
    if any(r.crashed for r in results):
        return EXIT_INTERNAL
    if any(r.status == "error" for r in results):
        return EXIT_UNREADABLE
    if any(r.status == "fail" for r in results):
        return EXIT_FAIL
    return EXIT_PASS


if __name__ == "__main__":
    run()
