"""A web site on 127.0.0.1 for the URL tests: pages, attachments, redirects, robots.txt, and the misbehaving
kinds a real site can be (slow, endless, wrong charset, flaky, cloaking). Every request is recorded."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import unquote


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0                      # seconds before answering
    endless: float | None = None            # stream chunks forever, this many seconds apart
    for_crawler: bytes | None = None        # the body a search engine's crawler is served instead
    failures: int = 0                       # answer 503 this many times first
    retry_after: str | None = None


@dataclass
class Hit:
    path: str
    user_agent: str
    referer: str
    at: float


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.active = 0
        self.most_active = 0
        self._lock = threading.Lock()
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route | bytes, **kwargs) -> str:
        self.routes[path] = route if isinstance(route, Route) else Route(route, **kwargs)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, Route(status=status, headers={"Location": to}))

    def hits_of(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.path == path]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        agent, referer = handler.headers.get("User-Agent", ""), handler.headers.get("Referer", "")
        with self._lock:
            self.hits.append(Hit(unquote(handler.path), agent, referer, time.monotonic()))
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            self._serve(handler, agent, referer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what the limits are for
        finally:
            with self._lock:
                self.active -= 1

    def _serve(self, handler: BaseHTTPRequestHandler, agent: str, referer: str) -> None:
        route = self.routes.get(unquote(handler.path.split("?")[0]))
        if route is None:
            handler.send_response(404)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if route.delay:
            time.sleep(route.delay)
        if route.failures:
            route.failures -= 1
            handler.send_response(503)
            if route.retry_after:
                handler.send_header("Retry-After", route.retry_after)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        body = route.for_crawler if route.for_crawler is not None and ("spider" in agent.lower() or "baidu" in referer) else route.body
        handler.send_response(route.status)
        for key, value in route.headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Type", route.content_type)
        if route.endless is None:
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return
        handler.end_headers()  # no length: the body ends when the connection does, which is never
        chunk = b"<p>" + b"x" * 65530 + b"</p>" if route.endless == 0 else b"x"
        while True:
            handler.wfile.write(chunk)
            if route.endless:
                handler.wfile.flush()
                time.sleep(route.endless)


@contextmanager
def running_site(prepare: Callable[[Site], None] | None = None):
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True   # headers and body are two writes: no 40 ms wait for a delayed ACK

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site._answer(self)
            if site.routes.get(unquote(self.path.split("?")[0]), Route()).endless is not None:
                self.close_connection = True

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    if prepare:
        prepare(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
