"""The ASGI application: the check API a CMS calls before publishing, rule docs, health, and the upload page.

Safe by default: a body size limit (413 in Chinese), a time budget per check in a worker process (a page
that would never finish cannot hold a worker: past its budget that worker alone is replaced), a concurrency limit,
nothing written to disk (uploads are parsed in memory), no request value ever reaches a file path, CORS
off unless asked for, strict security headers, an optional bearer token compared in constant time. Every
bad input is a 4xx carrying the command line's message, never a 500 with a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, AsyncIterator
from email.parser import BytesParser
from email.policy import default as email_policy

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from gzcheck.checker import Checker, start_worker
from gzcheck.pool import Workers
from gzcheck.server import checking
from gzcheck.settings import Settings
from gzcheck.server.page import CSP, upload_page
from gzcheck.version import __version__

SARIF = "application/sarif+json"
MAX_PARTS = 16                      # a form has a file, last year's report and a few options
OLE_MAGIC = b"\xd0\xcf\x11\xe0"   # .doc/.wps/.xls: converting them means writing them to disk


@dataclass
class ServerOptions:
    settings: Settings                  # config, plugins, flags
    workers: int = 2
    max_bytes: int = 20 * 1024 * 1024
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    concurrency: int | None = None      # checks at once (default: 4 per worker); more wait, then get 503
    access_log: Any = None              # a text stream for one line per request (None: none)


def create_app(options: ServerOptions) -> Starlette:
    checker = Checker(options.settings)  # fail at start-up on a bad config or plugin, not per request
    rules, budget, settings = checker.rules, checker.timeout, checker.settings
    pool = Workers(options.workers, budget, start_worker, (settings,), server=True)
    gate = asyncio.Semaphore(options.concurrency or 4 * options.workers)

    def lang_of(request: Request) -> str:
        return "en" if request.query_params.get("lang") == "en" else "zh"

    def refuse(status: int, zh: str, en: str, request: Request) -> JSONResponse:
        return JSONResponse({"error": en if lang_of(request) == "en" else zh}, status_code=status)

    def authorised(request: Request) -> bool:
        if options.token is None:
            return True
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {options.token}".encode())

    async def body_of(request: Request) -> bytes | None:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > options.max_bytes):
            return None
        data = bytearray()
        async for chunk in request.stream():
            data += chunk
            if len(data) > options.max_bytes:
                return None
        return bytes(data)

    async def check(request: Request) -> Response:
        if not authorised(request):
            return refuse(401, "需要有效的访问令牌（Authorization: Bearer …）", "a valid bearer token is required", request)
        body = await body_of(request)
        if body is None:
            mb = options.max_bytes / 1048576
            return refuse(413, f"上传的内容过大（上限 {mb:.0f} MB）", f"the upload is too large (limit {mb:.0f} MB)", request)
        params = dict(request.query_params)
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data") and _parts(content_type, body) > MAX_PARTS:
            return refuse(400, f"表单的部分过多（上限 {MAX_PARTS} 个）", f"too many form parts (limit {MAX_PARTS})", request)
        try:
            await asyncio.wait_for(gate.acquire(), 30)
        except asyncio.TimeoutError:
            return refuse(503, "服务繁忙，请稍后再试", "too many checks at once; try again shortly", request)
        try:
            # parsed off the event loop and within the concurrency limit: /healthz and other clients never wait on it
            files = await asyncio.to_thread(_files, content_type, body, params)
            if files is None:
                return refuse(400, "multipart 表单格式错误，无法读取上传的文件", "malformed multipart form", request)
            url = (params.get("url") or "").strip()
            if url:
                if settings.web.allow is None:
                    return refuse(403, "本服务未开启按网址检查（启动时用 --fetch-allow 列出允许抓取的网站）",
                                  "this service does not fetch URLs (start it with --fetch-allow to list the sites it may fetch)", request)
                files["file"] = (url, url)  # type: ignore[assignment]  # a URL: checking.answer fetches it
            report = files.get("file") or files.get("report")
            if report is None:
                return refuse(400, "请上传年报文件（表单字段 file，或直接作为请求正文）", "upload the report (form field 'file', or the raw body)", request)
            if not report[0].strip():
                return refuse(422, "文件是空的", "the file is empty", request)
            if any(isinstance(part[0], bytes) and part[0].startswith(OLE_MAGIC) for part in (report, files.get("previous") or (b"",))):
                return refuse(422, "检查服务不转换旧版 .doc/.wps/.xls 文件（上传的内容不写到磁盘）；请另存为 .docx 后上传",
                              "the gate does not convert old .doc/.wps/.xls files (uploads are never written to disk); "
                              "save it as .docx and upload that", request)
            wants_sarif = SARIF in request.headers.get("accept", "") or params.get("format") == "sarif"
            lang = lang_of(request)
            choice = {"select": _list(params.get("select")), "ignore": _list(params.get("ignore")), "lang": lang,
                      "fail_on": params.get("fail_on"), "format": "sarif" if wants_sarif else "json",
                      "include_report": params.get("include_report") in ("1", "true")}
            future = pool.submit(checking.answer, settings, report[0], report[1], choice, files.get("previous"))
            try:
                answer = await asyncio.wrap_future(future)
            except Exception:  # noqa: BLE001 - over budget (its worker was ended) or a worker that died: that file's error
                answer = checking.document(checker.formats, rules, checker.config.fail_on,
                                           pool.outcome(report[1], future)[0], choice)
        finally:
            gate.release()
        body_text = answer.body
        if answer.layout is not None and not wants_sarif:
            document = json.loads(body_text)
            document["layout"] = answer.layout
            body_text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        headers = {"X-Gzcheck-Status": answer.verdict} if answer.verdict else {}
        media = SARIF if wants_sarif and answer.verdict else "application/json"
        return Response(body_text, status_code=answer.status, media_type=media, headers=headers)

    async def rule_list(request: Request) -> Response:
        from gzcheck.report.docs import rule_rows

        return JSONResponse(rule_rows(rules, lang_of(request)))

    async def rule_doc(request: Request) -> Response:
        import io

        from gzcheck.errors import UsageError
        from gzcheck.report.docs import write_explain

        out = io.StringIO()
        try:
            write_explain(rules, request.path_params["code"], lang_of(request), out)
        except UsageError as exc:
            return refuse(404, exc.message, exc.message_en, request)
        return PlainTextResponse(out.getvalue())

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "gzcheck": __version__, "rules": len(rules)})

    async def openapi(request: Request) -> Response:
        return JSONResponse(OPENAPI)

    async def page(request: Request) -> Response:
        return HTMLResponse(upload_page(needs_token=options.token is not None, fetches=settings.web.allow is not None))

    middleware = [Middleware(_AccessLog, stream=options.access_log), Middleware(_SecurityHeaders)]
    if options.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(options.cors_origins), allow_methods=["GET", "POST"],
                                     allow_headers=["Authorization", "Content-Type"]))
    routes = [Route("/", page), Route("/healthz", health), Route("/openapi.json", openapi),
              Route("/api/v1/check", check, methods=["POST"]), Route("/api/v1/rules", rule_list),
              Route("/api/v1/rules/{code}", rule_doc)]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        pool.stop()  # SIGTERM (systemd, docker) ends the server: its checking processes end with it

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={Exception: _internal, 404: _not_found, 405: _not_allowed})
    app.state.pool = pool
    return app


class _AccessLog:
    """One line per request — time (UTC), method, path, status, seconds, verdict — and never the report's content:
    no query string (it names the file), no body, no client address."""

    def __init__(self, app, stream=None):
        self.app, self.stream = app, stream

    async def __call__(self, scope, receive, send):
        if self.stream is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        import time

        start, seen = time.monotonic(), {"status": 500, "verdict": "-"}

        async def noted(message):
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                seen["verdict"] = dict(message.get("headers", [])).get(b"x-gzcheck-status", b"-").decode("ascii", "replace")
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            path = scope.get("path", "")[:200].encode("ascii", "backslashreplace").decode("ascii")
            self.stream.write(f"{stamp} {scope.get('method', '-')} {path} {seen['status']} "
                              f"{time.monotonic() - start:.3f}s {seen['verdict']}\n")
            self.stream.flush()


class _SecurityHeaders:
    """Strict headers on every answer: nothing on the page may come from elsewhere (intranets are offline)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"), (b"cache-control", b"no-store")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


async def _internal(request, exc) -> Response:
    return JSONResponse({"error": "服务内部错误（已记录）" if request.query_params.get("lang") != "en" else "internal error"}, status_code=500)


async def _not_found(request, exc) -> Response:
    return JSONResponse({"error": "没有这个地址" if request.query_params.get("lang") != "en" else "not found"}, status_code=404)


async def _not_allowed(request, exc) -> Response:
    return JSONResponse({"error": "不支持这种请求方法" if request.query_params.get("lang") != "en" else "method not allowed"}, status_code=405)


def _parts(content_type: str, body: bytes) -> int:
    """How many parts a multipart body has, counted by its boundary (before any parsing)."""
    boundary = next((p.split("=", 1)[1].strip().strip('"') for p in content_type.split(";") if p.strip().startswith("boundary=")), "")
    return body.count(b"--" + boundary.encode("latin-1", "replace")) - 1 if boundary else 0


def _list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _files(content_type: str, body: bytes, params: dict) -> dict | None:
    """{field: (bytes, file name)} from a multipart form (parsed in memory) or a raw body; None if malformed.
    The file name only ever names the report in messages: it never reaches a path."""
    if not content_type.startswith("multipart/form-data"):
        return {"file": (body, _name(params.get("filename"), content_type))}
    try:
        message = BytesParser(policy=email_policy).parsebytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    except (ValueError, UnicodeError):
        return None
    if not message.is_multipart():
        return None
    out = {}
    for part in message.iter_parts():
        field = part.get_param("name", header="content-disposition")
        if field in ("file", "report", "previous"):
            out[field] = (part.get_payload(decode=True) or b"", _name(part.get_filename(), part.get_content_type()))
        elif field in ("select", "ignore", "lang", "fail_on", "url"):
            payload = part.get_payload(decode=True)
            params.setdefault(field, payload.decode("utf-8", "replace") if isinstance(payload, bytes) else "")
    return out


def _name(filename: str | None, content_type: str) -> str:
    """A name for messages: the upload's own, reduced to its last part, else one from the content type."""
    if filename:
        return filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "report"
    for kind, suffix in (("json", ".json"), ("yaml", ".yaml"), ("html", ".html"), ("pdf", ".pdf"), ("word", ".docx")):
        if kind in content_type:
            return "report" + suffix
    return "report"


OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "gzcheck", "version": __version__,
             "description": "政府信息公开工作年度报告合规检查 — the pre-publication gate for content-management systems"},
    "paths": {
        "/api/v1/check": {"post": {
            "summary": "Check one report (JSON, YAML, HTML, text, .docx or PDF)",
            "parameters": [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}, "description": d} for n, d in (
                ("select", "only these rules (codes, names or prefixes, comma separated)"), ("ignore", "skip these rules"),
                ("lang", "zh (default) or en"), ("fail_on", "error (default), warning or info"),
                ("filename", "the report's name, for a raw body"), ("include_report", "1: add the tables and sections read (layout)"))],
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"}, "previous": {"type": "string", "format": "binary"}}}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {
                "200": {"description": "the verdict: exactly `gzcheck check --format json` (or SARIF with Accept: application/sarif+json); "
                                       "header X-Gzcheck-Status is pass, fail or error"},
                "400": {"description": "a bad request (parameters, form)"}, "401": {"description": "a bearer token is required"},
                "413": {"description": "the upload is too large"},
                "422": {"description": "the report cannot be read (the same message as the command line)"},
                "503": {"description": "busy, or the check had to be stopped"}}}},
        "/api/v1/rules": {"get": {"summary": "Every rule: code, name, severity, origin, summary, why, basis",
                                  "responses": {"200": {"description": "rules"}}}},
        "/api/v1/rules/{code}": {"get": {"summary": "What a rule checks and why, with examples (gzcheck explain)",
                                         "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
                                         "responses": {"200": {"description": "text"}, "404": {"description": "no such rule"}}}},
        "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "ok"}}}},
    },
}
