"""What several commands share: the options every command takes, the settings they make, writing output."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

from gzcheck.checker import Checker, check_timeout
from gzcheck.errors import UsageError
from gzcheck.settings import Settings
from gzcheck.visible import visible
from gzcheck.web.options import WebOptions
from gzcheck.commands.language import words


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help=words("提示语言（默认 zh）", "message language (default zh)"))
    parser.add_argument("--config", type=Path, help=words("配置文件（默认向上查找 gzcheck.yaml 或 pyproject.toml 的 [tool.gzcheck]）", "config file (default: the nearest gzcheck.yaml or pyproject.toml with [tool.gzcheck])"))
    parser.add_argument("--plugin", action="append", default=[], metavar="PATH_OR_MODULE",
                        help=words("加载本单位插件文件或模块，可重复", "load a plugin file or module"))
    parser.add_argument("--rule-pack", action="append", default=[], metavar="PACK.yaml",
                        help=words("加载本单位的 YAML 规则包，可重复", "load a YAML rule pack (repeatable)"))
    parser.add_argument("--debug", action="store_true", help=words("输出调试信息和错误堆栈", "log details and tracebacks"))
    parser.add_argument("--no-plugins", action="store_true",
                        help=words("只用内置规则，不加载已安装的插件", "built-in rules only, no installed plugins"))


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--select", action="append", default=[], metavar="RULES", help=words("只运行这些规则（编号、名称或前缀，逗号分隔）", "only these rules"))
    parser.add_argument("--ignore", action="append", default=[], metavar="RULES", help=words("不运行这些规则", "skip these rules"))
    parser.add_argument("--fail-on", choices=("error", "warning", "info"), help=words("达到此级别即不通过（默认 error）", "lowest failing severity"))
    parser.add_argument("--fail-on-unverified", action="store_true",
                        help=words("有勾稽关系因格子未能读取而未核对时也不通过（发布前把关用）", "fail when any identity could not be checked"))
    parser.add_argument("--timeout", type=float, metavar="SECONDS",
                        help=words("每份报告的时间上限（秒，默认 30），超时该报告记为出错", "time budget per report"))
    parser.add_argument("--waivers", metavar="FILE", help=words("已审核的问题豁免文件（YAML）", "waivers of known findings"))


def add_web_options(parser: argparse.ArgumentParser) -> None:
    """For reports given by URL (http:// or https://)."""
    parser.add_argument("--save", metavar="DIR", help=words("把抓取到的页面和附件原样保存到此文件夹（按 SHA-256 命名，附抓取记录 fetched.jsonl），留作证据",
                                                            "keep the fetched pages and attachments here as evidence (named by SHA-256, with fetched.jsonl)"))
    parser.add_argument("--as-crawler", action="store_true",
                        help=words("再以搜索引擎爬虫身份抓取一次页面，只给爬虫看的垃圾内容报 SPAM-001", "fetch the page again as a search engine's crawler: spam shown only to crawlers is SPAM-001"))
    parser.add_argument("--fetch-timeout", type=float, default=20.0, metavar="SECONDS",
                        help=words("抓取时等待数据的秒数（默认 20；整个抓取最多三倍）", "seconds a fetch waits for data (default 20; the whole fetch at most three times that)"))


def web_options(args: argparse.Namespace, **more) -> WebOptions:
    seconds = getattr(args, "fetch_timeout", 20.0)
    if not 0 < seconds <= 600:
        raise UsageError("--fetch-timeout 应为 0 到 600 之间的秒数", "--fetch-timeout must be between 0 and 600 seconds")
    return WebOptions(save=getattr(args, "save", None), as_crawler=getattr(args, "as_crawler", False), fetch_timeout=seconds, **more)


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings a command's flags give (rule selection only where the command takes it)."""
    timeout = getattr(args, "timeout", None)
    if timeout is not None:
        timeout = check_timeout(timeout)
    return Settings(config=str(args.config) if args.config else None, plugins=tuple(args.plugin),
                    rule_packs=tuple(args.rule_pack), select=split(getattr(args, "select", [])),
                    ignore=split(getattr(args, "ignore", [])), fail_on=getattr(args, "fail_on", None),
                    fail_on_unverified=getattr(args, "fail_on_unverified", False), timeout=timeout,
                    waivers=getattr(args, "waivers", None), lang=args.lang, no_plugins=args.no_plugins,
                    web=web_options(args))


def build_checker(args: argparse.Namespace, **settings) -> Checker:
    """The checker the flags (and ``settings`` a command sets itself) and the project's config make; says which
    config file it read (a config can ignore rules and load plugin code: a run must never use one silently)."""
    from dataclasses import replace

    checker = Checker(replace(settings_of(args), **settings))
    if checker.config.path is not None:
        say(f"使用配置文件 {checker.config.path}", f"using the config {checker.config.path}", args.lang)
    return checker


def split(values: Iterable[str]) -> tuple[str, ...]:
    """--select T3,T4 --select SPAM → (T3, T4, SPAM)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def writer(formats: dict[str, Callable[..., None]], name: str) -> Callable[..., None]:
    """The output format ``name`` (built-in or a plugin's), or a usage error listing the ones there are."""
    if name not in formats:
        raise UsageError(f"不支持的输出格式 {name}（可用：{', '.join(sorted(formats))}）",
                         f"unknown output format {name} (available: {', '.join(sorted(formats))})")
    return formats[name]


def emit(write: Callable[[], Any]) -> None:
    """Write to standard output; a reader that went away (``| head``) does not change the exit code."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's own flush at exit stays quiet


def say(zh: str, en: str, lang: str) -> None:
    """A line for the person running the command, on standard error (what report content or a file name
    brings in shown as escapes, never run by the terminal)."""
    print(f"gzcheck: {visible(en if lang == 'en' else zh)}", file=sys.stderr)


def add_skip_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--skip-non-reports", action="store_true",
                        help=words("跳过不是年报的文件（配置、豁免文件、README 等），并在标准错误中列出",
                                   "skip files that are not reports at all (configs, waivers, READMEs), naming each on stderr"))


def without_non_reports(results: Iterable, lang: str):
    """``results`` less the files that are not reports at all, each named on standard error."""
    for result in results:
        if result.not_a_report:
            say(f"跳过 {result.input}（不是年报）", f"skipped {result.input} (not a report)", lang)
        else:
            yield result


def say_skipped(folders: list[str], lang: str) -> None:
    """Folders left out because they hold a batch's results: said, never silent."""
    for folder in folders:
        say(f"跳过 {folder}（gzcheck 批量检查的结果文件夹）", f"skipped {folder} (a gzcheck batch's results)", lang)


def report_unused_waivers(checker: Any, used: set[int], lang: str) -> None:
    if checker.waivers is None:
        return
    for waiver in checker.waivers.unused(used):
        where = f"{waiver.code} {waiver.report} {waiver.pointer or ''}".strip()
        say(f"豁免第 {waiver.index} 条（{where}）没有匹配到任何问题，请删除或更新",
            f"waiver {waiver.index} ({where}) matched no finding; remove or update it", lang)
