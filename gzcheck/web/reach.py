"""Which addresses a fetch may reach. On the command line, any http or https address (the user asks for it);
in the HTTP gate only hosts on the allow-list it was started with, and a host name on that list that resolves
to an internal address (loopback, private, link-local) is still refused: the gate must never become a way to
reach a network on a caller's behalf. Every redirect hop is checked again."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from gzcheck.errors import InputError


@dataclass(frozen=True)
class Reach:
    allow: tuple[str, ...] | None = None   # host names, IP addresses or *.suffix patterns; None: any host

    def lists(self, host: str) -> bool:
        return self.allow is None or any(fnmatchcase(host, pattern.lower()) for pattern in self.allow)


def checked_address(url: str, reach: Reach) -> str:
    """``url`` when it may be fetched; InputError saying why not otherwise."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise InputError("地址格式不对，无法抓取", "the address is malformed") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"只能抓取 http 或 https 地址，不能抓取 {parts.scheme or '没有协议的'} 地址",
                         f"only http and https addresses are fetched, not {parts.scheme or 'a scheme-less'} ones")
    if not host:
        raise InputError("地址中没有主机名", "the address has no host name")
    if not reach.lists(host):
        raise InputError(f"本服务未允许抓取 {host}（启动时用 --fetch-allow 列出允许的网站）",
                         f"this service may not fetch {host} (allowed sites are listed with --fetch-allow)")
    if reach.allow is not None and not _is_address(host) and _internal(host, port):
        raise InputError(f"{host} 解析到内网地址，本服务不代为访问", f"{host} resolves to an internal address; not fetched on a caller's behalf")
    return url


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def _internal(host: str, port: int | None) -> bool:
    try:
        infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    except OSError:
        return False  # unresolvable: the fetch itself fails with a clear message
    return any(not ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_global for info in infos)
