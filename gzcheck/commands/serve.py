"""gzcheck serve: the pre-publication gate over HTTP, with the upload page."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from gzcheck.commands.common import settings_of
from gzcheck.errors import EXIT_PASS, UsageError
from gzcheck.commands.language import words

HELP = ("启动发布前检查服务（HTTP）和上传页面", "serve the gate over HTTP")
SELECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help=words("监听地址（默认 127.0.0.1，只接受本机访问）", "address to listen on"))
    parser.add_argument("--port", type=int, default=8765, help=words("端口（默认 8765）", "port"))
    parser.add_argument("--workers", type=int, default=2, help=words("检查进程数（默认 2）", "checking processes"))
    parser.add_argument("--token-file", type=Path, help=words("访问令牌文件：调用接口须带 Authorization: Bearer 令牌", "bearer token file"))
    parser.add_argument("--max-mb", type=float, default=20, help=words("上传大小上限（MB，默认 20）", "upload size limit"))
    parser.add_argument("--fetch-allow", action="append", default=[], metavar="HOST",
                        help=words("允许按网址检查时抓取的网站（主机名、IP 或 *.gov.cn 这样的通配），可重复；不给出则不按网址检查",
                                   "a site the service may fetch reports from (host, IP or *.gov.cn); none: URLs are refused"))
    parser.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN", help=words("允许跨域调用的来源（默认不允许）", "allowed CORS origin"))


def run(args: argparse.Namespace) -> int:
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
    settings = settings_of(args)
    if args.fetch_allow:  # without it the gate fetches nothing on a caller's behalf
        settings = replace(settings, web=replace(settings.web, allow=tuple(h.strip().lower() for h in args.fetch_allow)))
    app = create_app(ServerOptions(settings, workers=args.workers, max_bytes=int(args.max_mb * 1024 * 1024),
                                   token=token, cors_origins=tuple(args.cors_origin), access_log=sys.stderr))
    print(f"gzcheck serve: http://{args.host}:{args.port}/" if args.lang == "en" else
          f"gzcheck 检查服务已启动：http://{args.host}:{args.port}/ （上传页面）  接口：POST /api/v1/check", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)  # ours: no content
    return EXIT_PASS
