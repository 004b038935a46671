"""Input readers: bytes in, a report (plus anything noticed while reading) out.

Readers are registered through the plugin host (``gzcheck_readers``), so an
agency can add one; the built-in JSON and YAML readers go through the same door.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gzcheck.finding import Finding

READ_CODE = "GZ-001"
MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_YAML_NODES = 200_000  # after alias expansion: a report has about 600


class InputError(Exception):
    """The input cannot be read as a report. Carries a bilingual message."""

    def __init__(self, message: str, message_en: str, line: int | None = None, pointer: str | None = None):
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
        self.line = line
        self.pointer = pointer

    def finding(self) -> Finding:
        return Finding(code=READ_CODE, rule="unreadable-input", severity="error", message=self.message,
                       message_en=self.message_en, line=self.line, pointer=self.pointer)


@dataclass
class Loaded:
    """A report as read, with where its values were printed and what reading noticed."""

    report: Any
    media_type: str
    lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


class Reader:
    """Base class for input readers."""

    name = ""
    media_type = ""
    extensions: tuple[str, ...] = ()
    binary_kinds: tuple[str, ...] = ()   # "pdf", "zip", "ole": binary documents this reader takes

    def sniff(self, head: str, path: str) -> int:
        """How sure (0-100) this reader is that it can read a document starting with ``head``."""
        return 0

    def read(self, data: bytes, path: str) -> Loaded:
        raise NotImplementedError


def decode_utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = _guess_legacy_encoding(data)
        hint = f"（看起来是 {guess} 编码）" if guess else ""
        hint_en = f" (it looks like {guess})" if guess else ""
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{what} 文件不是 UTF-8 编码{hint}，第 {line} 行有无法识别的字节；请另存为 UTF-8 后再检查",
                         f"the {what} file is not UTF-8{hint_en}: undecodable bytes on line {line}; save it as UTF-8",
                         line=line) from None


def _guess_legacy_encoding(data: bytes) -> str | None:
    from gzcheck.decoding import decode_page

    decoded = decode_page(data)
    return decoded.encoding.upper() if decoded.encoding not in ("utf-8", "utf-16") else None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


class JsonReader(Reader):
    name = "json"
    media_type = "application/json"
    extensions = (".json",)

    def sniff(self, head: str, path: str) -> int:
        stripped = head.lstrip("\ufeff \t\r\n")
        if stripped[:1] in ("{", "["):
            return 90
        return 30 if path.lower().endswith(self.extensions) else 0

    def read(self, data: bytes, path: str) -> Loaded:
        text = decode_utf8(data, "JSON")
        try:
            report = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise InputError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{_json_problem_zh(exc.msg)}",
                             f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                             line=exc.lineno) from None
        except (ValueError, RecursionError) as exc:
            raise InputError(f"JSON 内容无法读取：{exc}", f"unreadable JSON: {exc}") from None
        return Loaded(report, self.media_type)


_JSON_PROBLEMS_ZH = {
    "Expecting value": "此处缺少值",
    "Expecting ',' delimiter": "此处缺少逗号",
    "Expecting ':' delimiter": "此处缺少冒号",
    "Expecting property name enclosed in double quotes": "键名必须用英文双引号括起来（或多了一个逗号）",
    "Unterminated string starting at": "字符串没有结束引号",
    "Extra data": "JSON 结束后还有多余内容",
    "Invalid control character at": "字符串中有控制字符",
}


def _json_problem_zh(msg: str) -> str:
    return next((zh for en, zh in _JSON_PROBLEMS_ZH.items() if msg.startswith(en)), msg)


class YamlReader(Reader):
    name = "yaml"
    media_type = "application/yaml"
    extensions = (".yaml", ".yml")

    def sniff(self, head: str, path: str) -> int:
        if path.lower().endswith(self.extensions):
            return 80
        stripped = head.lstrip("\ufeff \t\r\n")
        if stripped.startswith(("---", "%YAML", "format_version:", "report_year:")):
            return 70
        return 0

    def read(self, data: bytes, path: str) -> Loaded:
        from gzcheck.yaml_safe import load_yaml

        report, lines = load_yaml(decode_utf8(data, "YAML"))
        return Loaded(report, self.media_type, lines=lines)


class PageReader(Reader):
    """A saved or scraped web page (HTML or plain text, any common encoding): extracted into the model."""

    name = "page"
    media_type = "text/html"
    extensions = (".html", ".htm", ".shtml", ".txt", ".md", ".text")

    def sniff(self, head: str, path: str) -> int:
        from gzcheck.page import looks_like_html

        if looks_like_html(head):
            return 85
        if any(word in head for word in ("年度报告", "年度報告", "政府信息公开", "政府信息公開", "总体情况", "總體情況")):
            return 60
        return 20 if path.lower().endswith(self.extensions) else 5

    def read(self, data: bytes, path: str) -> Loaded:
        from gzcheck.extract import extract_bytes

        report, findings = extract_bytes(data, uri=path)
        return Loaded(report, report["source"]["media_type"], findings=findings)


BUILTIN_READERS = (JsonReader(), YamlReader(), PageReader())


def choose_reader(readers, data: bytes, path: str) -> Reader:
    head = data[:4096].decode("utf-8", errors="replace")
    scored = sorted(((r.sniff(head, path), r.name, r) for r in readers), key=lambda t: (-t[0], t[1]))
    if not scored or scored[0][0] <= 0:
        names = "、".join(sorted(r.name for r in readers))
        raise InputError(f"无法识别输入格式（支持：{names}）", f"unrecognised input format (supported: {', '.join(sorted(r.name for r in readers))})")
    return scored[0][2]


def read_input(readers, path: str, max_bytes: int = MAX_INPUT_BYTES) -> Loaded:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError(f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）",
                             f"file too large ({size / 1048576:.1f} MB, limit {max_bytes / 1048576:.0f} MB)")
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"这是一个目录，不是报告文件：{path}", f"a directory, not a report file: {path}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", f"cannot read the file: {exc.strerror}") from None
    if not data.strip():
        raise InputError("文件是空的", "the file is empty")
    _refuse_unsupported(data, path, readers)
    return choose_reader(readers, data, path).read(data, path)


_BINARY_KINDS = ((b"%PDF", "PDF", "pdf"), (b"PK\x03\x04", "DOCX/ZIP", "zip"), (b"\xd0\xcf\x11\xe0", "DOC/XLS", "ole"))


def _refuse_unsupported(data: bytes, path: str, readers) -> None:
    """Documents no registered reader handles are named as unsupported, not fed to the page reader."""
    for magic, kind, name in _BINARY_KINDS:
        if data.startswith(magic) and not any(name in getattr(r, "binary_kinds", ()) for r in readers):
            raise InputError(f"暂不支持 {kind} 文件（可另存为 HTML 或文本后再检查）",
                             f"{kind} files are not supported yet (save it as HTML or text first)")
