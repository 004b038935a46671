"""One page or attachment fetched from the web, within limits: http and https only, every redirect hop checked
against the reach (the server's allow-list), a cap on the bytes enforced while they stream in (after
decompression), and a deadline for the whole fetch so that a server dripping an endless body cannot hold a run."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

from gzcheck.errors import InputError
from gzcheck.read.files import MAX_INPUT_BYTES
from gzcheck.version import __version__
from gzcheck.web.reach import Reach, checked_address

USER_AGENT = f"gzcheck/{__version__} (government information-disclosure report checker)"
CRAWLER_AGENT = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
CRAWLER_REFERER = "https://www.baidu.com/s?wd="
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(InputError):
    """A URL that could not be fetched. ``retry`` when trying again later may help (a timeout, 429, 5xx);
    ``wait`` the seconds the server asked for (Retry-After); ``status`` the HTTP status, None when the server
    could not be reached or did not answer in time."""

    def __init__(self, message: str, message_en: str, retry: bool = False, wait: float | None = None,
                 status: int | None = None):
        super().__init__(message, message_en)
        self.retry = retry
        self.wait = wait
        self.status = status


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_INPUT_BYTES
    connect_seconds: float = 10.0
    read_seconds: float = 20.0       # silence between two chunks
    total_seconds: float = 60.0      # the whole fetch, redirects and body included
    max_redirects: int = MAX_REDIRECTS


@dataclass(frozen=True)
class Fetched:
    """What one GET brought back: the bytes and the evidence an auditor keeps with them."""

    url: str                 # as asked for
    final_url: str           # after redirects
    status: int
    content_type: str        # the Content-Type header, as sent ("" when none)
    fetched_at: str          # UTC, ISO 8601, to the second
    data: bytes = field(repr=False)
    user_agent: str = USER_AGENT
    referer: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, lower case (None when it declares none)."""
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip().strip("\"'"):
                return value.strip().strip("\"'").lower()
        return None

    def record(self) -> dict:
        """The evidence of this fetch, as ``source.fetches`` keeps it (schemas/report.schema.json)."""
        out = {"uri": self.url, "final_uri": self.final_url, "status": self.status, "fetched_at": self.fetched_at,
               "sha256": self.sha256, "content_type": self.content_type or None, "user_agent": self.user_agent}
        if self.referer:
            out["referer"] = self.referer
        return out


class Fetcher:
    """Fetches with one HTTP client (connections reused) under one set of limits and one reach."""

    def __init__(self, reach: Reach | None = None, limits: Limits | None = None) -> None:
        import httpx

        self.reach = reach or Reach()
        self.limits = limits = limits or Limits()
        timeout = httpx.Timeout(limits.read_seconds, connect=limits.connect_seconds)
        # no proxies from the environment: an auditor's evidence is what the site itself served
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                    headers={"Accept-Language": "zh-CN,zh;q=0.9"})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, user_agent: str = USER_AGENT, referer: str | None = None) -> Fetched:
        """The bytes at ``url`` (redirects followed); FetchError with a clear message when they cannot be had."""
        import httpx

        deadline = time.monotonic() + self.limits.total_seconds
        headers = {"User-Agent": user_agent, **({"Referer": referer} if referer else {})}
        current = url
        try:
            for _ in range(self.limits.max_redirects + 1):
                checked_address(current, self.reach)
                with self._client.stream("GET", current, headers=headers) as response:
                    if response.is_redirect and response.headers.get("location"):
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise _status_error(response.status_code, response.headers.get("retry-after"))
                    data = self._body(response, deadline)
                    stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
                    return Fetched(url, current, response.status_code, response.headers.get("content-type", ""),
                                   stamp, data, user_agent, referer)
        except httpx.TimeoutException:
            raise FetchError(f"连接或读取 {_host(current)} 超时（{self.limits.read_seconds:g} 秒内没有数据）",
                             f"{_host(current)} timed out (no data within {self.limits.read_seconds:g} s)", retry=True) from None
        except httpx.HTTPError as exc:
            zh, en = _reason(exc)
            raise FetchError(f"无法连接 {_host(current)}：{zh}", f"cannot reach {_host(current)}: {en}", retry=True) from None
        raise FetchError(f"重定向超过 {self.limits.max_redirects} 次，已停止（最后一跳：{current}）",
                         f"more than {self.limits.max_redirects} redirects; stopped at {current}")

    def _body(self, response, deadline: float) -> bytes:
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _too_big(cap)
        chunks, size = [], 0
        for chunk in response.iter_bytes():  # decompressed: a gzip bomb meets the cap too
            size += len(chunk)
            if size > cap:
                raise _too_big(cap)
            if time.monotonic() > deadline:
                raise FetchError(f"下载超过 {self.limits.total_seconds:g} 秒仍未结束，已停止（已收到 {size} 字节）",
                                 f"the download took longer than {self.limits.total_seconds:g} s; stopped after {size} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _too_big(cap: int) -> FetchError:
    return FetchError(f"内容超过 {cap // (1024 * 1024)} MB 上限，已停止下载", f"the content is over the {cap // (1024 * 1024)} MB limit; download stopped")


def _status_error(status: int, retry_after: str | None) -> FetchError:
    wait = float(retry_after) if retry_after and retry_after.strip().isdigit() else None
    zh, en = _STATUS_WORDS.get(status) or (("网站服务器出错", "the site's server failed") if status >= 500 else ("网站拒绝了请求", "the site refused the request"))
    return FetchError(f"{zh}（HTTP {status}），没有取得页面", f"{en} (HTTP {status})",
                      retry=status in RETRY_STATUSES, wait=wait, status=status)


_STATUS_WORDS = {404: ("网址对应的页面不存在", "no page at this address"), 410: ("页面已被删除", "the page was removed"),
                 403: ("网站禁止访问该页面", "the site forbids this page"), 401: ("该页面需要登录", "the page needs a login"),
                 429: ("访问过于频繁，网站暂时拒绝", "too many requests for now")}


def _host(url: str) -> str:
    """The host (and port) a message names: never the credentials an address may carry."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or url


_REASONS = (("Name or service not known", "域名无法解析（网站不存在或网络不通）", "the name does not resolve"),
            ("nodename nor servname", "域名无法解析（网站不存在或网络不通）", "the name does not resolve"),
            ("Temporary failure in name resolution", "域名暂时无法解析", "the name does not resolve for now"),
            ("Connection refused", "连接被拒绝", "connection refused"),
            ("certificate", "网站的 HTTPS 证书无效", "the site's HTTPS certificate is not valid"))


def _reason(exc: Exception) -> tuple[str, str]:
    text = str(exc).strip()
    for marker, zh, en in _REASONS:
        if marker.lower() in text.lower():
            return zh, en
    detail = text[:200] if text else type(exc).__name__
    return f"连接失败（{detail}）", f"connection failed ({detail})"
