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


# Frequent characters in both scripts: text decoded with the right codec is full
# of them, mojibake from the wrong one almost never is.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
    "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并"
    "提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处理府务报告申请信息公开复议诉讼审结维持纠正办予提供"
    "這個們來為國說時會對還進從現當動經麼過發後裡實開頭問題與關應見種點機頭長學樣說無義變條結總統計處理資訊報告申請訊息公開複議訴訟審結維持糾正辦與業務廣州政務數據管"
)


def _guess_legacy_encoding(data: bytes) -> str | None:
    best, best_score = None, 0
    for name in ("gb18030", "big5"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        score = sum(ch in _COMMON for ch in text)
        if best is None or score > best_score:
            best, best_score = name.upper(), score
    return best


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


BUILTIN_READERS = (JsonReader(), YamlReader())


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
    return choose_reader(readers, data, path).read(data, path)
