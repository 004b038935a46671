"""gzcheck extract: the canonical JSON of a page, Word file or PDF, with provenance."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gzcheck.checker import Checker
from gzcheck.commands.common import add_web_options, build_checker, emit, say
from gzcheck.errors import EXIT_PASS, EXIT_UNREADABLE, InputError, UsageError
from gzcheck.inputs import Loaded
from gzcheck.visible import visible
from gzcheck.web.options import is_url
from gzcheck.commands.language import words

HELP = ("从网页、Word 或 PDF 中提取年报，输出规范 JSON", "extract a report from a page, Word file or PDF")
SELECTS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", metavar="DOCUMENT", help=words("网页、Word 或 PDF 等文件，或网址", "a page, Word file, PDF … or a URL"))
    parser.add_argument("-o", "--output", type=Path, help=words("写入此文件而不是标准输出", "write the JSON here"))
    add_web_options(parser)
    parser.add_argument("--strip-spam", action="store_true", help=words("去掉检查出的垃圾内容：正文中删去，页面文字中留空（行列位置不变）", "leave found spam out of the section texts and blank it in the page text (positions unchanged)"))


def run(args: argparse.Namespace) -> int:
    from gzcheck.engine.reading import notes_of

    checker = build_checker(args)
    try:  # pages, Word and PDF: the documents a report is extracted from
        loaded = checker.read(str(args.page), documents_only=True)
        if args.strip_spam and loaded.media_type not in ("text/html", "text/plain"):
            raise UsageError("--strip-spam 只适用于网页（HTML 或文本）", "--strip-spam applies to web pages (HTML or text) only")
        if args.strip_spam and is_url(args.page):
            raise UsageError("--strip-spam 只适用于本地文件：先用 --save 保存网页，再提取保存的文件",
                             "--strip-spam takes a local file: fetch with --save first, then extract the saved page")
        if args.strip_spam:
            loaded = _strip_spam(checker, Path(args.page), loaded)
    except InputError as exc:
        say(exc.message, exc.message_en, args.lang)
        return EXIT_UNREADABLE
    for finding in notes_of(loaded.report):
        where = f"第{finding.line}行 " if finding.line and args.lang != "en" else (f"line {finding.line} " if finding.line else "")
        print(f"gzcheck: {where}{visible(finding.text(args.lang))}", file=sys.stderr)
    text = json.dumps(loaded.report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if args.output:
        if args.output.is_dir():
            raise UsageError(f"-o 应是文件，{args.output} 是一个目录", f"-o must be a file; {args.output} is a folder")
        args.output.write_text(text, encoding="utf-8")
    else:
        emit(lambda: sys.stdout.write(text))
    return EXIT_PASS


def _strip_spam(checker: Checker, page: Path, loaded: Loaded) -> Loaded:
    """Run the rules, then extract again leaving out every span a spam finding marks in the page."""
    from gzcheck.extraction import extract_bytes

    result = checker.check(loaded, name=str(page))
    # spam findings on a page carry offsets into the page (and its line); strip exactly those spans
    spans = [(f.start, f.end) for f in result.findings
             if f.category and f.start is not None and f.end is not None and f.line is not None]
    report, _ = extract_bytes(page.read_bytes(), uri=str(page), exclude=spans)
    text = report["source"].get("text")
    if isinstance(text, str) and spans:  # blanked where it stood, so every line and column in provenance still holds
        pieces, last = [], 0
        for start, end in sorted(spans):
            start = max(start, last)
            pieces += [text[last:start], "".join(ch if ch == "\n" else " " for ch in text[start:end])]
            last = max(last, end)
        report["source"]["text"] = "".join(pieces) + text[last:]
    return Loaded(report, report["source"]["media_type"])
